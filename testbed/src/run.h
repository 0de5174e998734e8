/* run.h - the scenario runner.
 *
 * tb_run() parses a scenario (nothing is built if it is bad), sweeps the
 * leftovers of earlier runs killed with SIGKILL, builds the topology in
 * fresh namespaces of its own, then runs the steps in order: agents
 * (testbed/agent/agent.js under node) started in their hosts, traffic,
 * network changes, waits, and expectations, each printed as one TAP test
 * point named by its file:line.  A timeline of the run (steps, every
 * report of every agent, the expectations' results) can be written as JSON
 * lines for the report.
 *
 * Every namespace, link and agent process of the run is gone when tb_run()
 * returns: after the last step, after a step that failed, and after
 * SIGINT, SIGTERM or SIGHUP (which tb_run() blocks and watches while it
 * runs).  Agents die with the runner even when it is killed with SIGKILL;
 * its namespaces are then swept by the next run with the same prefix.
 */
#ifndef TB_RUN_H
#define TB_RUN_H

struct tb_run_opts {
	const char *prefix;	/* namespace names; default "tbrun" */
	const char *timeline;	/* JSON lines file, or NULL */
	const char *node;	/* the node binary; default "node" (PATH) */
	const char *agent;	/* agent.js; default next to the tb binary */
};

/* Returns the process exit status: 0 if every expectation passed, 1 if
 * one failed or a step could not be done, 2 for a bad script or bad
 * options, 128 + N when interrupted by signal N. */
int tb_run(const char *script_path, const struct tb_run_opts *opts);

#endif
