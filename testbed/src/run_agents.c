/* run_agents.c - the runner's agents: starting them in their hosts,
 * their reports (to the timeline and the matcher), the programs' SCTP
 * counters, the commands of send, close, kill and call, and stopping them
 * at the end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agent.h"
#include "runner.h"
#include "snmp.h"

struct report_ctx {
	struct runner *r;
	int agent;
};

/* An agent-error's message says where in the script it belongs:
 * "FILE:LINE: agent NAME: MESSAGE" (a message that is not a string is
 * taken as its JSON text).  LINE is the line that started a program (its
 * output, its reports, its start); for the testbed's agent, which reports
 * a command it could not do, the step being run. */
static void error_where(struct runner *r, int agent, json_t *rep)
{
	const struct tb_script_agent *a = tb_script_agent(r->s, (unsigned)agent);
	json_t *m = json_object_get(rep, "message"), *where;
	char *dumped = NULL;
	const char *text = json_string_value(m);
	unsigned int line = a->role == TB_AGENT_EXEC || r->since_line == 0
				    ? a->line
				    : r->since_line;

	if (text == NULL && m != NULL)
		dumped = json_dumps(m, JSON_ENCODE_ANY | JSON_COMPACT);
	if (text == NULL)
		text = dumped != NULL ? dumped : "";
	/* The script's name as given; escaped (as in the TAP) when it is not
	 * UTF-8, which a JSON string must be. */
	where = json_sprintf("%s:%u: agent %s: %s", tb_script_name(r->s),
			     line, a->name, text);
	if (where == NULL)
		where = json_sprintf("%s:%u: agent %s: %s", r->file, line,
				     a->name, text);
	if (where != NULL)
		json_object_set_new(rep, "message", where);
	free(dumped);
}

void rn_on_report(void *ctx, json_t *rep)
{
	struct report_ctx *c = ctx;
	struct runner *r = c->r;
	json_t *t = json_object_get(rep, "t"), *m;
	double at = json_is_number(t) ? json_number_value(t) - r->t0 : rn_now(r);
	const char *ev = json_string_value(json_object_get(rep, "ev"));
	int error = ev != NULL && strcmp(ev, "agent-error") == 0;
	char msg[TB_ESCAPED_MAX(1024)];

	json_object_set_new(rep, "t", json_real(at));
	json_object_set_new(rep, "agent",
			    json_string(tb_script_agent(r->s, (unsigned)c->agent)->name));
	if (error)
		error_where(r, c->agent, rep);
	/* The same object is the timeline record and the matcher's report
	 * (which ignores "kind"). */
	json_object_set_new(rep, "kind", json_string("report"));
	rn_timeline(r, json_incref(rep));
	if (error) {
		m = json_object_get(rep, "message");
		tb_escapen(msg, sizeof(msg), json_string_value(m),
			   json_string_length(m));
		printf("# %s\n", msg);
	}
	tb_reports_add(&r->reports[c->agent], rep);
}

/* A report the runner makes for agent i ("t" on the agents' clock, as
 * theirs), recorded as if the agent had made it. */
static void runner_report(struct runner *r, int i, const char *ev,
			  const char *key, const char *value)
{
	json_t *rep = json_pack("{s:s, s:f, s:s}", "ev", ev, "t",
				rn_now(r) + r->t0, key, value);
	struct report_ctx c = { r, i };

	if (rep != NULL)
		rn_on_report(&c, rep);
}

/* A program's SCTP counters (the testbed's agent reports its own), from
 * /proc/PID/net/sctp/snmp: /proc/PID/net is the network namespace of
 * process PID, the program's host.  Recorded as its snmp report when they
 * changed; a file that cannot be read (the program has ended) ends its
 * sampling, quietly. */
static void sample_snmp(struct runner *r, int i)
{
	struct report_ctx c = { r, i };
	json_t *counters, *rep;

	if (r->snmp_gone[i] || r->agents[i].pid <= 0 ||
	    tb_script_agent(r->s, (unsigned)i)->role != TB_AGENT_EXEC)
		return;
	counters = tb_snmp_read(r->agents[i].pid);
	if (counters == NULL) {
		/* Gone with its process; a short allocation is tried again. */
		if (errno != ENOMEM)
			r->snmp_gone[i] = 1;
		return;
	}
	if (r->snmp[i] != NULL && json_equal(counters, r->snmp[i])) {
		json_decref(counters);
		return;
	}
	json_decref(r->snmp[i]);
	r->snmp[i] = counters;
	rep = json_pack("{s:s, s:f, s:O}", "ev", "snmp", "t", rn_now(r) + r->t0,
			"counters", counters);
	if (rep != NULL)
		rn_on_report(&c, rep);
}

void rn_sample_snmp(struct runner *r)
{
	unsigned int i;

	r->snmp_sampled = rn_now(r);
	for (i = 0; i < tb_script_nagents(r->s); i++)
		sample_snmp(r, (int)i);
}

/* An agent's stdout ended: reap it and record how it ended. */
void rn_agent_ended(struct runner *r, int i, int kill_ms)
{
	char status[32];

	tb_agent_stop(&r->agents[i], kill_ms);
	tb_agent_status(&r->agents[i], status, sizeof(status));
	runner_report(r, i, "exit", "status", status);
}

/* Take reports until `until` (run ms) or, with e, until e is met.
 * Returns 1 when e is met, 0 at `until`, -1 on a signal. */
int rn_pump(struct runner *r, double until, struct rn_wait *w)
{
	struct pollfd fds[3 * TB_SCRIPT_MAX_AGENTS + 1];
	int who[3 * TB_SCRIPT_MAX_AGENTS + 1], afds[3], k, na;
	unsigned int i, n;
	double left, next;
	int ret;

	for (;;) {
		if (rn_check_signal(r) < 0)
			return -1;
		if (rn_now(r) - r->sampled >= SAMPLE_MS)
			rn_sample_paths(r);
		if (rn_now(r) - r->snmp_sampled >= SNMP_MS)
			rn_sample_snmp(r);
		if (w != NULL && rn_wait_over(r, w))
			return 1;
		left = until - rn_now(r);
		if (left <= 0)
			return 0;
		/* Wake for the next sample of the paths too. */
		next = r->sampled + SAMPLE_MS - rn_now(r);
		if (next < left)
			left = next > 0 ? next : 0;
		n = 0;
		fds[n].fd = r->sigfd;
		fds[n].events = POLLIN;
		who[n++] = -1;
		for (i = 0; i < tb_script_nagents(r->s); i++) {
			na = tb_agent_fds(&r->agents[i], afds);
			for (k = 0; k < na; k++) {
				fds[n].fd = afds[k];
				fds[n].events = POLLIN;
				who[n++] = (int)i;
			}
		}
		ret = poll(fds, n, (int)(left + 1));
		if (ret < 0 && errno != EINTR)
			return rn_bail(r, "poll: %s", strerror(errno));
		for (i = 1; ret > 0 && i < n; i++) {
			struct report_ctx c = { r, who[i] };

			/* One read takes all of that agent's pipes. */
			if (!fds[i].revents || r->agents[who[i]].pid <= 0 ||
			    (i > 1 && who[i - 1] == who[i] && fds[i - 1].revents))
				continue;
			if (tb_agent_read(&r->agents[who[i]], rn_on_report, &c) != 0)
				rn_agent_ended(r, who[i], 1000);
		}
	}
}

/* An address as the addon takes it, onto the array arg. */
static void append_addr(const struct tb_prefix *addr, void *arg)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(addr->family, addr->addr.raw, buf, sizeof(buf));
	json_array_append_new((json_t *)arg, json_string(buf));
}

/* The addresses `host` has on the given paths, now. */
static void host_addrs(const struct runner *r, int host, const int *paths,
		       unsigned int npaths, json_t *out)
{
	unsigned int i, j, k;

	for (i = 0; i < npaths; i++)
		for (j = 0; j < 2; j++) {
			const struct tb_path_end *end = &r->ends[paths[i]][j];

			if (end->host != host)
				continue;
			for (k = 0; k < end->naddrs; k++)
				append_addr(&end->addrs[k], out);
		}
}

/* The options given as the object the addon takes: each value put at
 * its dotted path ("sctp.paths.heartbeat"), booleans as booleans. */
static json_t *opts_json(const struct tb_opt_set *set)
{
	json_t *root = json_object(), *obj, *next;
	char path[128], *dot, *key;
	unsigned int i;

	for (i = 0; root != NULL && i < set->n; i++) {
		const struct tb_opt_def *d = set->o[i].def;

		snprintf(path, sizeof(path), "%s", d->json);
		obj = root;
		for (key = path; (dot = strchr(key, '.')) != NULL; key = dot + 1) {
			*dot = '\0';
			next = json_object_get(obj, key);
			if (next == NULL) {
				next = json_object();
				json_object_set_new(obj, key, next);
			}
			obj = next;
		}
		json_object_set_new(obj, key, d->type == TB_OPT_YESNO
				    ? json_boolean(set->o[i].value)
				    : json_integer(set->o[i].value));
	}
	return root;
}

/* agent NAME on HOST exec PROGRAM ARG...: the program runs in the host's
 * namespace, in the script's directory (a PROGRAM with a '/' is found
 * from there; a bare name on PATH); a .js, .mjs or .cjs file runs under
 * the runner's node.  One that cannot be started is reported (TAP comment,
 * timeline) and counts as ended: the run goes on. */
static int start_program(struct runner *r, const struct tb_step *st)
{
	int i = st->u.agent;
	const struct tb_script_agent *a = tb_script_agent(r->s, (unsigned)i);
	char dir[PATH_MAX], prog[PATH_MAX], *argv[TB_SCRIPT_MAX_ARGS + 2];
	char raw[PATH_MAX + 128];
	const char *name = tb_script_name(r->s), *slash, *ext;
	unsigned int k, n = 0;
	json_t *rec, *args;
	int err;

	slash = strrchr(name, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - name) : 1,
		 slash ? name : ".");
	snprintf(prog, sizeof(prog), "%s", a->args[0]);
	ext = strrchr(a->args[0], '.');
	if (ext != NULL && (strcmp(ext, ".js") == 0 || strcmp(ext, ".mjs") == 0 ||
			    strcmp(ext, ".cjs") == 0))
		argv[n++] = r->node;
	argv[n++] = prog;
	for (k = 1; k < a->nargs; k++)
		argv[n++] = (char *)a->args[k];
	argv[n] = NULL;
	args = json_array();
	for (k = 0; k < n; k++)
		json_array_append_new(args, json_string(argv[k]));
	rec = json_pack("{s:s, s:s, s:i, s:s, s:o, s:s, s:s, s:s, s:f}", "cmd",
			"exec", "name", a->name, "index", i, "role", "exec",
			"argv", args, "dir", dir, "kind", "agent", "host",
			rn_host_name(r, a->host), "t", rn_now(r));
	err = tb_agent_spawn_exec(&r->agents[i], r->netns_fd[a->host], dir, argv);
	rn_timeline(r, rec);
	if (err < 0)
		return rn_step_failed(r, st, err, -1, "agent %s: start %s",
				      a->name, prog);
	if (r->agents[i].exec_errno) {
		snprintf(raw, sizeof(raw), "cannot run %s: %s", prog,
			 strerror(r->agents[i].exec_errno));
		/* rn_on_report puts "FILE:LINE: agent NAME: " before it */
		runner_report(r, i, "agent-error", "message", raw);
		runner_report(r, i, "exit", "status", "not started");
		return 0;
	}
	/* Its counters from the start, as the testbed's agent does. */
	sample_snmp(r, i);
	return 0;
}

int rn_start_agent(struct runner *r, const struct tb_step *st)
{
	int i = st->u.agent;
	const struct tb_script_agent *a = tb_script_agent(r->s, (unsigned)i);
	int paths[TB_SCRIPT_MAX_PATHS];
	unsigned int np = tb_agent_paths(r->s, a, paths);
	char *argv[] = { r->node, r->agent_js, NULL };
	json_t *cmd, *local, *remote;
	int err;

	if (a->role == TB_AGENT_EXEC)
		return start_program(r, st);
	/* A connecting agent starts once its server listens. */
	if (a->role == TB_AGENT_CONNECT) {
		struct tb_step_expect listening = {
			.kind = TB_EXPECT_EVENT, .agent = a->peer,
			.name = "listening",
		};
		char observed[OBSERVED_MAX];
		struct rn_wait w = {
			.e = &listening, .observed = observed,
			.olen = sizeof(observed),
		};
		int over = rn_pump(r, rn_now(r) + LISTEN_WAIT_MS, &w);

		if (over < 0)
			return -1;
		if (!w.met)
			return rn_bail(r, "%s:%u: agent %s: its server %s did not "
				    "listen within %d s (%s)", st->file,
				    st->line, a->name,
				    tb_script_agent(r->s, (unsigned)a->peer)->name,
				    LISTEN_WAIT_MS / 1000, observed);
	}
	local = json_array();
	remote = json_array();
	if (!a->any)
		host_addrs(r, a->host, paths, np, local);
	if (a->role == TB_AGENT_CONNECT)
		tb_reachable_addrs(r->s,
				   (const struct tb_path_end (*)[2])r->ends, a,
				   append_addr, remote);
	cmd = json_pack("{s:s, s:s, s:i, s:s, s:i, s:o, s:o}", "cmd", "start",
			"name", a->name, "index", i, "role",
			a->role == TB_AGENT_LISTEN ? "listen" : "connect",
			"port", (int)a->port, "local", local, "remote", remote);
	if (cmd == NULL)
		return rn_bail(r, "%s:%u: out of memory", st->file, st->line);
	if (a->mis)
		json_object_set_new(cmd, "MIS", json_integer(a->mis));
	if (a->os)
		json_object_set_new(cmd, "OS", json_integer(a->os));
	if (a->sack_set) {
		/* sack=off: a SACK for every packet (sack_freq 1). */
		if (a->sack_delay_us == 0)
			json_object_set_new(cmd, "sack",
					    json_pack("{s:i}", "freq", 1));
		else
			json_object_set_new(cmd, "sack",
					    json_pack("{s:i}", "delay",
						      (int)((a->sack_delay_us + 999) / 1000)));
	}
	if (a->opts.n > 0)
		json_object_set_new(cmd, "options", opts_json(&a->opts));
	err = tb_agent_spawn(&r->agents[i], r->netns_fd[a->host], argv);
	if (err == 0)
		err = tb_agent_send(&r->agents[i], cmd);
	/* Sent: the command becomes the timeline's record of the start. */
	json_object_set_new(cmd, "kind", json_string("agent"));
	json_object_set_new(cmd, "host", json_string(rn_host_name(r, a->host)));
	json_object_set_new(cmd, "t", json_real(rn_now(r)));
	rn_timeline(r, cmd);
	if (err < 0)
		return rn_step_failed(r, st, err, -1, "agent %s: start %s %s",
				   a->name, r->node, r->agent_js);
	return 0;
}

int rn_do_send(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_send *sd = &st->u.send;
	json_t *cmd = json_pack("{s:s, s:i, s:i, s:i, s:I, s:i, s:b}", "cmd",
				"send", "count", (int)sd->count, "size",
				(int)sd->size, "streams", (int)sd->streams,
				"ppid", (json_int_t)sd->ppid, "rate",
				(int)sd->rate, "unordered", sd->unordered);
	int err;

	if (cmd != NULL && sd->ttl_ms)
		json_object_set_new(cmd, "ttl", json_integer(sd->ttl_ms));
	err = cmd ? tb_agent_send(&r->agents[sd->agent], cmd) : -ENOMEM;
	json_decref(cmd);
	if (err < 0)
		return rn_step_failed(r, st, err, -1, "send to agent %s",
				   tb_script_agent(r->s, (unsigned)sd->agent)->name);
	return 0;
}

int rn_do_agent_cmd(struct runner *r, const struct tb_step *st)
{
	int i = st->verb == TB_VERB_CALL ? st->u.call.agent : st->u.agent;
	const char *name = tb_script_agent(r->s, (unsigned)i)->name;
	char addr[INET6_ADDRSTRLEN];
	json_t *cmd;
	int err;

	if (st->verb == TB_VERB_KILL) {
		if (r->agents[i].pid <= 0)
			return rn_bail(r, "%s:%u: kill %s: it is not running",
				    st->file, st->line, name);
		/* Its whole process group (agent.c makes one per agent): a
		 * program started through a wrapper script dies with its
		 * children, which hold its sockets and its stdout. Its end is
		 * recorded when its stdout closes. */
		if (kill(-r->agents[i].pid, SIGKILL) == 0)
			return 0;
		return kill(r->agents[i].pid, SIGKILL) < 0
			       ? rn_step_failed(r, st, -errno, -1, "kill %s", name)
			       : 0;
	}
	if (st->verb == TB_VERB_CLOSE) {
		cmd = json_pack("{s:s}", "cmd", "close");
	} else {
		const struct tb_step_call *c = &st->u.call;
		json_t *args = json_array();

		/* The method's arguments, as the addon takes them. */
		switch (c->method) {
		case TB_CALL_PATH_PARAMS:
		case TB_CALL_RTO:
			json_array_append_new(args, opts_json(&c->opts));
			break;
		case TB_CALL_MAX_RETRANS:
			json_array_append_new(args, json_integer(c->value));
			break;
		case TB_CALL_EXPOSE_PF:
		case TB_CALL_NODELAY:
			json_array_append_new(args, json_boolean(c->value));
			break;
		default:
			break;
		}
		if (c->has_address) {
			tb_ref_format(&c->address, addr, sizeof(addr));
			json_array_append_new(args, json_string(addr));
		}
		cmd = json_pack("{s:s, s:s, s:o}", "cmd", "call", "method",
				tb_call_name(c->method), "args", args);
	}
	err = cmd ? tb_agent_send(&r->agents[i], cmd) : -ENOMEM;
	json_decref(cmd);
	if (err < 0)
		return rn_step_failed(r, st, err, -1, "%s to agent %s",
				   tb_verb_name(st->verb), name);
	return 0;
}

/* Agents: close gracefully (stdin closed), then killed; all reaped. */
void rn_stop_agents(struct runner *r, int graceful)
{
	unsigned int i, running;
	double until = rn_now(r) + AGENT_EXIT_MS;
	int afds[3];

	for (i = 0; i < tb_script_nagents(r->s); i++) {
		tb_agent_close_input(&r->agents[i]);
		/* A program is told to end (its stdin may be anything to it). */
		if (tb_script_agent(r->s, i)->role == TB_AGENT_EXEC &&
		    r->agents[i].pid > 0)
			kill(-r->agents[i].pid, SIGTERM);
	}
	while (graceful && rn_now(r) < until) {
		running = 0;
		for (i = 0; i < tb_script_nagents(r->s); i++)
			running += tb_agent_fds(&r->agents[i], afds) > 0;
		if (running == 0 || rn_pump(r, rn_now(r) + 50, NULL) < 0)
			break;
	}
	for (i = 0; i < tb_script_nagents(r->s); i++) {
		if (r->agents[i].pid > 0) {
			if (tb_agent_fds(&r->agents[i], afds) > 0) {
				struct report_ctx c = { r, (int)i };

				tb_agent_read(&r->agents[i], rn_on_report, &c);
			}
			rn_agent_ended(r, (int)i, 0);
		}
		tb_agent_free(&r->agents[i]);
	}
}
