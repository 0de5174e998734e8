/* Address conversion for SCTP sockets (no Node-API).
 *
 * Strings are numeric literals only (no name resolution): IPv4 dotted quad
 * or IPv6, the latter optionally with "%scope" (interface name or number).
 * Ports are in host order at this API. Functions return 0 (or a count) on
 * success and -errno on failure.
 *
 * Packed lists are what sctp_bindx/sctp_connectx take and
 * sctp_getpaddrs/sctp_getladdrs return: sockaddr_in and sockaddr_in6
 * back to back, each of its own size, no padding, no alignment. */
#ifndef LKSCTP_ADDR_H
#define LKSCTP_ADDR_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Longest string lk_addr_format() writes or lk_addr_parse() accepts,
 * including the NUL: IPv6 text, '%', interface name. */
#define LK_ADDRSTRLEN (INET6_ADDRSTRLEN + 1 + IF_NAMESIZE)

/* Parses an IPv4 or IPv6 literal with a host-order port into *out (zeroed
 * first) and its size into *outlen (may be NULL). IPv6 "%scope" is an
 * interface name (resolved with if_nametoindex) or a decimal index.
 * Returns 0 or -EINVAL (bad text, unknown interface, NULL argument). */
int lk_addr_parse(const char *str, uint16_t port,
                  struct sockaddr_storage *out, socklen_t *outlen);

/* Formats an AF_INET or AF_INET6 address into buf (NUL-terminated), with
 * the port in host order into *port and 4 or 6 into *family (both may be
 * NULL). An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is formatted as IPv4
 * with family 4. A non-zero IPv6 scope id is appended as "%name" (or
 * "%index" if the interface is unknown). Returns 0, -EINVAL (NULL, or salen
 * too short for the family), -EAFNOSUPPORT (other family) or -ENOSPC (buf
 * too small; LK_ADDRSTRLEN is always enough). */
int lk_addr_format(const struct sockaddr *sa, socklen_t salen, char *buf,
                   size_t buflen, uint16_t *port, int *family);

/* sizeof(struct sockaddr_in) / sizeof(struct sockaddr_in6) for AF_INET /
 * AF_INET6, 0 for any other family. */
size_t lk_addr_size(int family);

/* Packs n addresses into buf as a packed list. *used (may be NULL) gets the
 * bytes written, or the bytes needed when the result is -ENOSPC; with
 * buf == NULL only the size is computed (returns 0). Returns 0, -ENOSPC,
 * -EAFNOSUPPORT (an entry is neither AF_INET nor AF_INET6) or -EINVAL. */
int lk_addr_pack(const struct sockaddr_storage *addrs, size_t n, void *buf,
                 size_t buflen, size_t *used);

/* Iterates over a packed list: reads the entry at *offset into *out (zeroed
 * first; may be NULL to skip) and its size into *outlen (may be NULL), then
 * advances *offset. Returns 1 with an address, 0 when *offset == buflen,
 * -EINVAL on a malformed entry (unknown family, entry cut short by buflen,
 * or *offset > buflen); *offset is left unchanged on 0 and on error.
 * Reads only the bytes of the entry it returns, so when only a count is
 * known (sctp_getpaddrs) it is safe to pass an upper bound such as
 * count * sizeof(struct sockaddr_in6) and stop after count entries. */
int lk_addr_list_next(const void *buf, size_t buflen, size_t *offset,
                      struct sockaddr_storage *out, socklen_t *outlen);

#endif
