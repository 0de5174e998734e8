/* topo.h - the namespaces of one run, and their teardown.
 *
 * A run names its namespaces PREFIX-PID-TAG-LABEL (names.h) and records each
 * one it makes, so that tb_topo_teardown() removes exactly those, newest
 * first, whatever stage the build reached.  The links of a run all live in
 * its namespaces and go with them: nothing is made in the caller's own
 * namespace.
 */
#ifndef TB_TOPO_H
#define TB_TOPO_H

#include <limits.h>
#include <sys/types.h>

#include "names.h"

#define TB_TOPO_MAX_NETNS 16

struct tb_topo {
	char prefix[TB_PREFIX_MAX + 1];
	pid_t owner;
	unsigned int tag;
	unsigned int count;
	char netns[TB_TOPO_MAX_NETNS][NAME_MAX + 1];
};

/* Start a run owned by the calling process. */
int tb_topo_init(struct tb_topo *t, const char *prefix);

/* Make the run's namespace LABEL; its full name is copied to name. */
int tb_topo_netns_add(struct tb_topo *t, const char *label, char *name,
		      size_t len);

/* The full name of the run's namespace LABEL, or NULL. */
const char *tb_topo_netns(const struct tb_topo *t, const char *label);

/* Remove every namespace of the run, newest first.  Returns 0 or the first
 * error; it still tries them all. */
int tb_topo_teardown(struct tb_topo *t);

#endif
