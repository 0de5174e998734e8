/* sysctl.h - sysctls of one network namespace (/proc/sys/net is per
 * namespace: a new one starts from the kernel's defaults).
 *
 * Keys are written as sysctl(8) does, "net.sctp.hb_interval", or as a path
 * under /proc/sys, "net/sctp/hb_interval".  All functions return 0 or a
 * negative errno.
 */
#ifndef TB_SYSCTL_H
#define TB_SYSCTL_H

#include <stddef.h>

/* Build the /proc/sys path of key.  Pure: -EINVAL for an empty key, an
 * empty component, "." or "..", or a leading separator. */
int tb_sysctl_path(const char *key, char *buf, size_t len);

/* Whether a script may name key (pure).  Keys under net/sctp, net/ipv4
 * and net/ipv6 must be in the list below (tb_sysctl_keys(): what Linux
 * 6.1 has in a new namespace; the kernel suite checks the list against
 * the kernel it runs); others are left to the kernel.  Returns 0, or
 * -ENOENT for a key of those trees the list lacks, -EINVAL for a bad key. */
int tb_sysctl_check(const char *key);

/* The known keys of those trees as paths under /proc/sys, "*" standing for
 * any one component (an interface name, "all", "default"); NULL-ended. */
const char *const *tb_sysctl_keys(void);

/* Write value to key inside the namespace netns_fd (negative: the caller's
 * own); the file is opened from inside the namespace. */
int tb_sysctl_set(int netns_fd, const char *key, const char *value);

/* Read key's value, without its trailing newline, into buf. */
int tb_sysctl_get(int netns_fd, const char *key, char *buf, size_t len);

#endif
