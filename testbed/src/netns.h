/* netns.h - named network namespaces, made the way `ip netns add` makes them.
 *
 * A namespace NAME is the file /run/netns/NAME with the namespace
 * bind-mounted on it, so `ip netns exec NAME ...` and `ip -n NAME ...` work on
 * it.  Entering a namespace (setns) only ever changes the calling thread,
 * and only until tb_netns_leave().
 *
 * All functions return 0 (or an fd) or a negative errno.
 */
#ifndef TB_NETNS_H
#define TB_NETNS_H

#include <stddef.h>

#define TB_NETNS_RUN_DIR "/run/netns"

/* Check a namespace name (one path component, not "." or "..") and build
 * its path under TB_NETNS_RUN_DIR.  Pure. */
int tb_netns_path(const char *name, char *buf, size_t len);

/* Create the namespace NAME with its loopback up, and IPv6 addresses kept
 * when a link goes down (net.ipv6.conf.all.keep_addr_on_down = 1, so that
 * link down/up acts like a cable pulled and put back, for both families).
 * -EEXIST if the name is taken; on any failure nothing is left behind. */
int tb_netns_add(const char *name);

/* Remove the namespace NAME (umount2 MNT_DETACH, then unlink).  The kernel
 * frees it, and the links in it, once nothing holds it any more. */
int tb_netns_del(const char *name);

/* Open NAME for setns(2) or IFLA_NET_NS_FD: an fd (O_CLOEXEC) or -errno. */
int tb_netns_open(const char *name);

/* Move the calling thread into netns_fd; *saved gets an fd of the namespace
 * it was in, for tb_netns_leave(). */
int tb_netns_enter(int netns_fd, int *saved);

/* Return to the namespace saved by tb_netns_enter() and close saved. */
int tb_netns_leave(int saved);

#endif
