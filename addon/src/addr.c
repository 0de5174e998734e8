/* Address conversion for SCTP sockets: see addr.h. */
#include "addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t lk_addr_size(int family) {
  switch (family) {
  case AF_INET:
    return sizeof(struct sockaddr_in);
  case AF_INET6:
    return sizeof(struct sockaddr_in6);
  default:
    return 0;
  }
}

/* Decimal interface index "1".."4294967295"; 0 and anything else -> 0. */
static uint32_t parse_scope_number(const char *s) {
  uint64_t v = 0;
  if (*s == '\0')
    return 0;
  for (; *s != '\0'; s++) {
    if (*s < '0' || *s > '9')
      return 0;
    v = v * 10 + (uint64_t)(*s - '0');
    if (v > UINT32_MAX)
      return 0;
  }
  return (uint32_t)v;
}

static int is_all_digits(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s != '\0'; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

int lk_addr_parse(const char *str, uint16_t port,
                  struct sockaddr_storage *out, socklen_t *outlen) {
  char text[LK_ADDRSTRLEN];
  size_t len;
  char *scope;

  if (str == NULL || out == NULL)
    return -EINVAL;
  len = strlen(str);
  if (len == 0 || len >= sizeof(text))
    return -EINVAL;
  memcpy(text, str, len + 1);
  memset(out, 0, sizeof(*out));

  if (strchr(text, ':') == NULL) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    /* glibc's inet_pton(AF_INET) accepts exactly a.b.c.d in decimal. */
    if (inet_pton(AF_INET, text, &sin.sin_addr) != 1)
      return -EINVAL;
    memcpy(out, &sin, sizeof(sin));
    if (outlen != NULL)
      *outlen = (socklen_t)sizeof(sin);
    return 0;
  }

  struct sockaddr_in6 sin6;
  memset(&sin6, 0, sizeof(sin6));
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(port);
  scope = strchr(text, '%');
  if (scope != NULL) {
    *scope++ = '\0';
    if (*scope == '\0' || strlen(scope) >= IF_NAMESIZE)
      return -EINVAL;
    if (is_all_digits(scope)) {
      sin6.sin6_scope_id = parse_scope_number(scope);
    } else {
      sin6.sin6_scope_id = if_nametoindex(scope);
    }
    if (sin6.sin6_scope_id == 0)
      return -EINVAL;
  }
  if (inet_pton(AF_INET6, text, &sin6.sin6_addr) != 1)
    return -EINVAL;
  memcpy(out, &sin6, sizeof(sin6));
  if (outlen != NULL)
    *outlen = (socklen_t)sizeof(sin6);
  return 0;
}

/* Copies a NUL-terminated string, -ENOSPC if it does not fit. */
static int copy_out(char *buf, size_t buflen, const char *s) {
  size_t n = strlen(s);
  if (n >= buflen)
    return -ENOSPC;
  memcpy(buf, s, n + 1);
  return 0;
}

int lk_addr_format(const struct sockaddr *sa, socklen_t salen, char *buf,
                   size_t buflen, uint16_t *port, int *family) {
  char text[LK_ADDRSTRLEN];
  sa_family_t fam;

  if (sa == NULL || buf == NULL ||
      salen < (socklen_t)(offsetof(struct sockaddr, sa_family) + sizeof(fam)))
    return -EINVAL;
  /* memcpy throughout: sa may point into a packed, unaligned list. */
  memcpy(&fam, (const char *)sa + offsetof(struct sockaddr, sa_family),
         sizeof(fam));

  if (fam == AF_INET) {
    struct sockaddr_in sin;
    if (salen < (socklen_t)sizeof(sin))
      return -EINVAL;
    memcpy(&sin, sa, sizeof(sin));
    if (inet_ntop(AF_INET, &sin.sin_addr, text, sizeof(text)) == NULL)
      return -EINVAL;
    if (copy_out(buf, buflen, text) < 0)
      return -ENOSPC;
    if (port != NULL)
      *port = ntohs(sin.sin_port);
    if (family != NULL)
      *family = 4;
    return 0;
  }

  if (fam == AF_INET6) {
    struct sockaddr_in6 sin6;
    int fam_out = 6;
    if (salen < (socklen_t)sizeof(sin6))
      return -EINVAL;
    memcpy(&sin6, sa, sizeof(sin6));
    if (IN6_IS_ADDR_V4MAPPED(&sin6.sin6_addr)) {
      struct in_addr v4;
      memcpy(&v4, &sin6.sin6_addr.s6_addr[12], sizeof(v4));
      if (inet_ntop(AF_INET, &v4, text, sizeof(text)) == NULL)
        return -EINVAL;
      fam_out = 4;
    } else {
      if (inet_ntop(AF_INET6, &sin6.sin6_addr, text, INET6_ADDRSTRLEN) == NULL)
        return -EINVAL;
      /* A scope only means something for link-local addresses; the
       * kernel also fills it in for ::1, where it would only clutter. */
      if (sin6.sin6_scope_id != 0 &&
          (IN6_IS_ADDR_LINKLOCAL(&sin6.sin6_addr) ||
           IN6_IS_ADDR_MC_LINKLOCAL(&sin6.sin6_addr))) {
        char ifname[IF_NAMESIZE];
        size_t used = strlen(text);
        /* text has INET6_ADDRSTRLEN + 1 + IF_NAMESIZE bytes: both fit. */
        if (if_indextoname(sin6.sin6_scope_id, ifname) != NULL)
          snprintf(text + used, sizeof(text) - used, "%%%s", ifname);
        else
          snprintf(text + used, sizeof(text) - used, "%%%u",
                   (unsigned)sin6.sin6_scope_id);
      }
    }
    if (copy_out(buf, buflen, text) < 0)
      return -ENOSPC;
    if (port != NULL)
      *port = ntohs(sin6.sin6_port);
    if (family != NULL)
      *family = fam_out;
    return 0;
  }

  return -EAFNOSUPPORT;
}

int lk_addr_pack(const struct sockaddr_storage *addrs, size_t n, void *buf,
                 size_t buflen, size_t *used) {
  size_t total = 0;
  int nospace = 0;

  if (addrs == NULL && n > 0)
    return -EINVAL;
  for (size_t i = 0; i < n; i++) {
    size_t size = lk_addr_size(addrs[i].ss_family);
    if (size == 0)
      return -EAFNOSUPPORT;
    if (buf != NULL && !nospace) {
      if (size > buflen - total) {
        nospace = 1;
      } else {
        memcpy((char *)buf + total, &addrs[i], size);
      }
    }
    total += size;
  }
  if (used != NULL)
    *used = total;
  return nospace ? -ENOSPC : 0;
}

int lk_addr_list_next(const void *buf, size_t buflen, size_t *offset,
                      struct sockaddr_storage *out, socklen_t *outlen) {
  sa_family_t fam;
  size_t off, rem, size;

  if (offset == NULL || (buf == NULL && buflen > 0))
    return -EINVAL;
  off = *offset;
  if (off == buflen)
    return 0;
  if (off > buflen)
    return -EINVAL;
  rem = buflen - off;
  if (rem < offsetof(struct sockaddr, sa_family) + sizeof(fam))
    return -EINVAL;
  memcpy(&fam, (const char *)buf + off + offsetof(struct sockaddr, sa_family),
         sizeof(fam));
  size = lk_addr_size(fam);
  if (size == 0 || rem < size)
    return -EINVAL;
  if (out != NULL) {
    memset(out, 0, sizeof(*out));
    memcpy(out, (const char *)buf + off, size);
  }
  if (outlen != NULL)
    *outlen = (socklen_t)size;
  *offset = off + size;
  return 1;
}
