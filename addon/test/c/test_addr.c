/* Unit tests for addr.c: parsing, formatting and packed address lists. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "tap.h"

/* Parses then formats; returns the formatted text in a static buffer. */
static const char *roundtrip(const char *in, uint16_t port_in, uint16_t *port,
                             int *family) {
  static char text[LK_ADDRSTRLEN];
  struct sockaddr_storage ss;
  socklen_t sl = 0;
  int rc = lk_addr_parse(in, port_in, &ss, &sl);
  if (rc != 0) {
    snprintf(text, sizeof(text), "<parse %d>", rc);
    return text;
  }
  rc = lk_addr_format((struct sockaddr *)&ss, sl, text, sizeof(text), port,
                      family);
  if (rc != 0)
    snprintf(text, sizeof(text), "<format %d>", rc);
  return text;
}

static void test_parse_ipv4(void) {
  struct sockaddr_storage ss;
  struct sockaddr_in sin;
  socklen_t sl = 0;
  uint16_t port = 0;
  int family = 0;

  is_int(lk_addr_parse("127.0.0.1", 5000, &ss, &sl), 0, "parse 127.0.0.1");
  is_int(ss.ss_family, AF_INET, "IPv4 family");
  is_int(sl, sizeof(struct sockaddr_in), "IPv4 length");
  memcpy(&sin, &ss, sizeof(sin));
  is_int(sin.sin_port, htons(5000), "IPv4 port in network order");
  is_int(sin.sin_addr.s_addr, htonl(0x7f000001), "IPv4 address");
  is_str(roundtrip("192.0.2.255", 65535, &port, &family), "192.0.2.255", "IPv4 round trip");
  is_int(port, 65535, "IPv4 port round trip");
  is_int(family, 4, "IPv4 family out 4");
  is_str(roundtrip("0.0.0.0", 0, &port, &family), "0.0.0.0", "IPv4 any");
  is_int(lk_addr_parse("10.1.2.3", 1, &ss, NULL), 0, "outlen may be NULL");
}

static void test_parse_ipv6(void) {
  struct sockaddr_storage ss;
  struct sockaddr_in6 sin6;
  socklen_t sl = 0;
  uint16_t port = 0;
  int family = 0;

  is_int(lk_addr_parse("::1", 443, &ss, &sl), 0, "parse ::1");
  is_int(ss.ss_family, AF_INET6, "IPv6 family");
  is_int(sl, sizeof(struct sockaddr_in6), "IPv6 length");
  memcpy(&sin6, &ss, sizeof(sin6));
  is_int(sin6.sin6_port, htons(443), "IPv6 port in network order");
  ok(IN6_IS_ADDR_LOOPBACK(&sin6.sin6_addr), "IPv6 loopback address");
  is_int(sin6.sin6_scope_id, 0, "no scope");
  is_str(roundtrip("::1", 443, &port, &family), "::1", "IPv6 round trip");
  is_int(port, 443, "IPv6 port round trip");
  is_int(family, 6, "IPv6 family out 6");
  is_str(roundtrip("2001:DB8:0:0:0:0:0:1", 1, NULL, NULL), "2001:db8::1", "IPv6 canonical form");
  is_str(roundtrip("::", 1, NULL, &family), "::", "IPv6 any");
  is_str(roundtrip("::ffff:10.0.0.1", 80, &port, &family), "10.0.0.1", "v4-mapped formatted as IPv4");
  is_int(family, 4, "v4-mapped family out 4");
  is_int(port, 80, "v4-mapped port");
  is_int(lk_addr_parse("::ffff:10.0.0.1", 80, &ss, &sl), 0, "v4-mapped parses");
  is_int(ss.ss_family, AF_INET6, "v4-mapped stays AF_INET6 when parsed");
}

static void test_scope(void) {
  struct sockaddr_storage ss;
  struct sockaddr_in6 sin6;
  socklen_t sl;
  unsigned lo = if_nametoindex("lo");
  char expect[LK_ADDRSTRLEN], ifname[IF_NAMESIZE];

  if (lo != 0) {
    is_int(lk_addr_parse("fe80::1%lo", 1, &ss, &sl), 0, "parse scope by name");
    memcpy(&sin6, &ss, sizeof(sin6));
    is_int(sin6.sin6_scope_id, lo, "scope id of lo");
    is_str(roundtrip("fe80::1%lo", 1, NULL, NULL), "fe80::1%lo", "scope name round trip");
  } else {
    diag("no interface lo: skipping scope-by-name checks");
  }
  is_int(lk_addr_parse("fe80::1%7", 1, &ss, &sl), 0, "parse numeric scope");
  memcpy(&sin6, &ss, sizeof(sin6));
  is_int(sin6.sin6_scope_id, 7, "numeric scope id");
  if (if_indextoname(7, ifname) != NULL)
    snprintf(expect, sizeof(expect), "fe80::1%%%s", ifname);
  else
    snprintf(expect, sizeof(expect), "fe80::1%%7");
  is_str(roundtrip("fe80::1%7", 1, NULL, NULL), expect, "numeric scope formats as name or number");
  is_str(roundtrip("fe80::1%4294967295", 1, NULL, NULL), "fe80::1%4294967295", "largest scope number round trip");
  is_int(lk_addr_parse("fe80::1%4294967296", 1, &ss, &sl), -EINVAL, "scope number overflow");
  is_int(lk_addr_parse("fe80::1%0", 1, &ss, &sl), -EINVAL, "scope 0");
  is_int(lk_addr_parse("fe80::1%", 1, &ss, &sl), -EINVAL, "empty scope");
  is_int(lk_addr_parse("fe80::1%nosuchif0", 1, &ss, &sl), -EINVAL, "unknown interface name");
  is_int(lk_addr_parse("fe80::1%abcdefghijklmnopq", 1, &ss, &sl), -EINVAL, "interface name too long");
  is_int(lk_addr_parse("fe80::1%%lo", 1, &ss, &sl), -EINVAL, "double percent");
  is_int(lk_addr_parse("127.0.0.1%lo", 1, &ss, &sl), -EINVAL, "scope on IPv4");
  {
    /* Longest text: full IPv6 + '%' + 15-char name (formatted numerically
     * when no such interface exists: still fits). */
    char longest[LK_ADDRSTRLEN];
    struct sockaddr_in6 s6;
    memset(&s6, 0, sizeof(s6));
    s6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", &s6.sin6_addr);
    s6.sin6_scope_id = 4294967295u;
    is_int(lk_addr_format((struct sockaddr *)&s6, sizeof(s6), longest, sizeof(longest), NULL, NULL), 0,
           "longest IPv6 with scope fits LK_ADDRSTRLEN");
    ok(strlen(longest) < LK_ADDRSTRLEN, "longest formatted: %s", longest);
  }
}

static void test_bad_strings(void) {
  static const char *const bad[] = {
      "",          "1.2.3",         "1.2.3.4.5",     "256.1.1.1",
      "1.2.3.-1",  " 1.2.3.4",      "1.2.3.4 ",      "1.2.3.4/24",
      "0x7f.0.0.1", "localhost",    "::g",           ":::",
      "[::1]",     "1:2:3:4:5:6:7:8:9", "fe80::1%lo%lo", "::1 ",
      "12345::",   "a.b.c.d",
  };
  struct sockaddr_storage ss;
  socklen_t sl;
  char toolong[LK_ADDRSTRLEN + 10];

  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    is_int(lk_addr_parse(bad[i], 1, &ss, &sl), -EINVAL, "bad address '%s'", bad[i]);
  memset(toolong, '1', sizeof(toolong) - 1);
  toolong[sizeof(toolong) - 1] = '\0';
  is_int(lk_addr_parse(toolong, 1, &ss, &sl), -EINVAL, "string longer than LK_ADDRSTRLEN");
  is_int(lk_addr_parse(NULL, 1, &ss, &sl), -EINVAL, "NULL string");
  is_int(lk_addr_parse("1.2.3.4", 1, NULL, &sl), -EINVAL, "NULL out");
}

static void test_format_errors(void) {
  struct sockaddr_storage ss;
  socklen_t sl;
  char buf[LK_ADDRSTRLEN];
  struct sockaddr sa;

  lk_addr_parse("192.0.2.1", 7, &ss, &sl);
  is_int(lk_addr_format(NULL, sl, buf, sizeof(buf), NULL, NULL), -EINVAL, "format NULL address");
  is_int(lk_addr_format((struct sockaddr *)&ss, sl, NULL, sizeof(buf), NULL, NULL), -EINVAL, "format NULL buffer");
  is_int(lk_addr_format((struct sockaddr *)&ss, 1, buf, sizeof(buf), NULL, NULL), -EINVAL, "format salen 1");
  is_int(lk_addr_format((struct sockaddr *)&ss, sizeof(struct sockaddr_in) - 1, buf, sizeof(buf), NULL, NULL), -EINVAL,
         "format IPv4 with short salen");
  is_int(lk_addr_format((struct sockaddr *)&ss, sl, buf, strlen("192.0.2.1"), NULL, NULL), -ENOSPC, "format buffer one byte short");
  is_int(lk_addr_format((struct sockaddr *)&ss, sl, buf, strlen("192.0.2.1") + 1, NULL, NULL), 0, "format buffer exactly big enough");
  is_str(buf, "192.0.2.1", "exact buffer content");
  is_int(lk_addr_format((struct sockaddr *)&ss, sl, buf, 0, NULL, NULL), -ENOSPC, "format buffer of 0 bytes");
  lk_addr_parse("2001:db8::1", 7, &ss, &sl);
  is_int(lk_addr_format((struct sockaddr *)&ss, sizeof(struct sockaddr_in6) - 1, buf, sizeof(buf), NULL, NULL), -EINVAL,
         "format IPv6 with short salen");
  memset(&sa, 0, sizeof(sa));
  sa.sa_family = AF_UNIX;
  is_int(lk_addr_format(&sa, sizeof(sa), buf, sizeof(buf), NULL, NULL), -EAFNOSUPPORT, "format AF_UNIX");
  sa.sa_family = AF_UNSPEC;
  is_int(lk_addr_format(&sa, sizeof(sa), buf, sizeof(buf), NULL, NULL), -EAFNOSUPPORT, "format AF_UNSPEC");
  is_int(lk_addr_size(AF_INET), sizeof(struct sockaddr_in), "lk_addr_size(AF_INET)");
  is_int(lk_addr_size(AF_INET6), sizeof(struct sockaddr_in6), "lk_addr_size(AF_INET6)");
  is_int(lk_addr_size(AF_UNIX), 0, "lk_addr_size(AF_UNIX)");
}

static void test_pack(void) {
  struct sockaddr_storage addrs[3], got;
  uint8_t storage[256];
  uint8_t *buf = storage + 1; /* odd address: entries are unaligned */
  size_t used = 0, off = 0, expect;
  socklen_t sl = 0;
  char text[LK_ADDRSTRLEN];
  uint16_t port;
  int family, rc;

  lk_addr_parse("127.0.0.1", 1000, &addrs[0], NULL);
  lk_addr_parse("::1", 2000, &addrs[1], NULL);
  lk_addr_parse("10.0.0.2", 3000, &addrs[2], NULL);
  expect = 2 * sizeof(struct sockaddr_in) + sizeof(struct sockaddr_in6);

  is_int(lk_addr_pack(addrs, 3, NULL, 0, &used), 0, "pack size only");
  is_int(used, expect, "packed size is %zu", expect);
  is_int(lk_addr_pack(addrs, 3, buf, expect - 1, &used), -ENOSPC, "pack into a too small buffer");
  is_int(used, expect, "-ENOSPC reports the needed size");
  is_int(lk_addr_pack(addrs, 3, buf, sizeof(storage) - 1, &used), 0, "pack");
  is_int(used, expect, "pack used");
  is_mem(buf, &addrs[0], sizeof(struct sockaddr_in), "first entry is a bare sockaddr_in");
  is_mem(buf + sizeof(struct sockaddr_in), &addrs[1], sizeof(struct sockaddr_in6), "second entry follows with no padding");
  is_int(lk_addr_pack(addrs, 0, buf, 0, &used), 0, "pack nothing");
  is_int(used, 0, "pack nothing uses 0 bytes");
  is_int(lk_addr_pack(NULL, 1, buf, 100, &used), -EINVAL, "pack NULL list");
  {
    struct sockaddr_storage bad = addrs[0];
    bad.ss_family = AF_UNIX;
    is_int(lk_addr_pack(&bad, 1, buf, 100, &used), -EAFNOSUPPORT, "pack AF_UNIX entry");
  }

  /* Iterate. */
  lk_addr_pack(addrs, 3, buf, expect, &used);
  rc = lk_addr_list_next(buf, used, &off, &got, &sl);
  is_int(rc, 1, "entry 1");
  is_int(sl, sizeof(struct sockaddr_in), "entry 1 length");
  lk_addr_format((struct sockaddr *)&got, sl, text, sizeof(text), &port, &family);
  is_str(text, "127.0.0.1", "entry 1 address");
  is_int(port, 1000, "entry 1 port");
  rc = lk_addr_list_next(buf, used, &off, &got, &sl);
  is_int(rc, 1, "entry 2");
  is_int(sl, sizeof(struct sockaddr_in6), "entry 2 length");
  lk_addr_format((struct sockaddr *)&got, sl, text, sizeof(text), &port, &family);
  is_str(text, "::1", "entry 2 address");
  is_int(port, 2000, "entry 2 port");
  is_int(lk_addr_list_next(buf, used, &off, NULL, NULL), 1, "entry 3 (out and outlen may be NULL)");
  is_int(off, used, "offset at the end");
  is_int(lk_addr_list_next(buf, used, &off, &got, &sl), 0, "end of list");
  is_int(lk_addr_list_next(buf, used, &off, &got, &sl), 0, "end of list again");
  off = 0;
  is_int(lk_addr_list_next(NULL, 0, &off, &got, &sl), 0, "empty list");
}

static void test_list_malformed(void) {
  struct sockaddr_storage addrs[2], got;
  uint8_t *buf;
  size_t used = 0, off;
  int n;

  lk_addr_parse("127.0.0.1", 1, &addrs[0], NULL);
  lk_addr_parse("::1", 2, &addrs[1], NULL);
  lk_addr_pack(addrs, 2, NULL, 0, &used);

  /* Every truncation of the list, from an exact-size heap block. */
  for (size_t len = 0; len < used; len++) {
    int rc;
    buf = malloc(used);
    lk_addr_pack(addrs, 2, buf, used, NULL);
    {
      uint8_t *exact = malloc(len > 0 ? len : 1);
      memcpy(exact, buf, len);
      off = 0;
      n = 0;
      while ((rc = lk_addr_list_next(exact, len, &off, &got, NULL)) == 1)
        n++;
      free(exact);
    }
    free(buf);
    if (len == 0)
      is_int(rc, 0, "truncated list of 0 bytes: empty");
    else if (len == sizeof(struct sockaddr_in))
      is_int(rc * 10 + n, 1, "truncated list of %zu bytes: one entry then end", len);
    else
      ok(rc == -EINVAL && n == (len > sizeof(struct sockaddr_in) ? 1 : 0),
         "truncated list of %zu bytes: %d entries then -EINVAL (got %d)", len, n, rc);
  }

  buf = malloc(used);
  lk_addr_pack(addrs, 2, buf, used, NULL);
  off = sizeof(struct sockaddr_in);
  is_int(lk_addr_list_next(buf, used - 1, &off, &got, NULL), -EINVAL, "entry cut short");
  is_int(off, sizeof(struct sockaddr_in), "offset unchanged on error");
  off = used + 1;
  is_int(lk_addr_list_next(buf, used, &off, &got, NULL), -EINVAL, "offset past the end");
  is_int(lk_addr_list_next(buf, used, NULL, &got, NULL), -EINVAL, "NULL offset");
  off = 0;
  is_int(lk_addr_list_next(NULL, 10, &off, &got, NULL), -EINVAL, "NULL buffer with a length");
  {
    sa_family_t unix_family = AF_UNIX;
    memcpy(buf, &unix_family, sizeof(unix_family));
    off = 0;
    is_int(lk_addr_list_next(buf, used, &off, &got, NULL), -EINVAL, "unknown family entry");
  }
  free(buf);

  /* Random bytes: never reads outside, offsets only grow. */
  {
    uint64_t x = 88172645463325252ull;
    int bad = 0;
    for (int i = 0; i < 100000; i++) {
      size_t len;
      uint8_t *r;
      int rc;
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      len = (size_t)(x % 100);
      r = malloc(len > 0 ? len : 1);
      for (size_t j = 0; j < len; j++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        r[j] = (uint8_t)(x % 4 == 0 ? (j % 2 == 0 ? AF_INET : 0) : x);
      }
      off = 0;
      while ((rc = lk_addr_list_next(r, len, &off, &got, NULL)) == 1) {
        if (off > len)
          bad++;
      }
      if (rc != 0 && rc != -EINVAL)
        bad++;
      free(r);
    }
    is_int(bad, 0, "random lists: 100000 inputs, invariants hold");
  }
}

int main(void) {
  test_parse_ipv4();
  test_parse_ipv6();
  test_scope();
  test_bad_strings();
  test_format_errors();
  test_pack();
  test_list_malformed();
  return done_testing();
}
