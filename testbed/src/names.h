/* names.h - names unique to a run, and the sweep of dead runs' leftovers.
 *
 * A run's namespaces are named PREFIX-PID-TAG-LABEL: PID is the owner (the
 * process whose exit ends the run), TAG a random 16-bit number that keeps a
 * reused PID from meeting an older run's names.  A namespace whose owner is
 * gone is a leftover (of a run killed with SIGKILL) that tb_sweep() removes.
 */
#ifndef TB_NAMES_H
#define TB_NAMES_H

#include <stddef.h>
#include <sys/types.h>

/* Longest prefix accepted; a prefix is [A-Za-z0-9_]+. */
#define TB_PREFIX_MAX 16

/* Pure: check a prefix. */
int tb_prefix_check(const char *prefix);

/* Pure: write PREFIX-PID-TAG-LABEL (TAG as 4 hex digits; no "-LABEL" when
 * label is NULL or "").  label is [A-Za-z0-9_.]*. */
int tb_name_make(char *buf, size_t len, const char *prefix, pid_t owner,
		 unsigned int tag, const char *label);

/* Pure: the owner of name if it is one of prefix's names, else -EINVAL. */
int tb_name_owner(const char *name, const char *prefix, pid_t *owner);

/* A random tag for tb_name_make() (getrandom, falling back to the clock). */
unsigned int tb_name_tag(void);

/* Remove every namespace under /run/netns named by prefix whose owner is no
 * longer alive.  Returns how many were removed, or a negative errno; names
 * are printed to stderr as they go when verbose. */
int tb_sweep(const char *prefix, int verbose);

#endif
