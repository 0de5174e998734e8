/* bench_sctp: the native side of the benchmarks (addon/bench/README.md):
 * the same workloads as addon/bench/peer.js, written directly on the
 * kernel's one-to-one SCTP sockets and libsctp, with nothing in between.
 * It is the limit the addon is measured against.
 *
 *   bench_sctp server [--nodelay 0|1] [--rcvbuf BYTES]
 *       listens on 127.0.0.1 (port picked), prints {"port":N,"rcvbuf":N}
 *       and serves associations until stdin closes: messages with ppid 1
 *       are counted (one JSON line per association at its end), messages
 *       with ppid 2 are echoed on their stream. The stdin command "mem N"
 *       waits until N associations are accepted and open (30 s at most)
 *       and prints {"rss":BYTES,"heap":BYTES,"connections":N} (heap:
 *       malloc()'s bytes in use).
 *   bench_sctp client --port P [--nodelay 0|1] [--rcvbuf BYTES]
 *       runs the jobs read from stdin, one per line, and prints one JSON
 *       line per result:
 *         throughput SIZE STREAMS MS   send for MS ms, round-robin streams
 *         roundtrip SIZE MS            request/response for MS ms
 *         associations N               N concurrent associations; then the
 *                                      line "round" sends one message on
 *                                      each and waits for every echo
 *   bench_sctp addip
 *       listens, accepts one association, then for each stdin line
 *       "add ADDR" / "del ADDR" stamps CLOCK_MONOTONIC, calls sctp_bindx
 *       on the association (ASCONF to the peer) and prints {"t":NS}.
 *   bench_sctp events --port P
 *       connects and, for every SCTP_PEER_ADDR_CHANGE, prints the times
 *       (CLOCK_MONOTONIC ns) at which it read the notification, had
 *       re-read the peer's addresses (sctp_getpaddrs) and had re-read each
 *       path's SCTP_GET_PEER_ADDR_INFO: what the addon does before its
 *       'notification', 'address-change' and 'peer-info-update'. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PPID_SINK 1
#define PPID_ECHO 2
#define MAX_MSG (1 << 16)
#define BACKLOG 4096

struct opts {
  int nodelay; /* SCTP_NODELAY */
  int rcvbuf;  /* SO_RCVBUF, 0: the kernel's default */
  int port;
};

static void die(const char *what) {
  fprintf(stderr, "bench_sctp: %s: %s\n", what, strerror(errno));
  exit(2);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void loopback(struct sockaddr_in *sin, const char *addr, int port) {
  memset(sin, 0, sizeof(*sin));
  sin->sin_family = AF_INET;
  sin->sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1) {
    fprintf(stderr, "bench_sctp: bad address %s\n", addr);
    exit(2);
  }
}

/* The options every socket gets, before bind/connect so that the receive
 * window announced in INIT follows the buffer. */
static int sctp_socket(const struct opts *o, int nonblock) {
  int one = 1;
  int fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0),
                  IPPROTO_SCTP);
  if (fd < 0)
    return -1;
  if (setsockopt(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &one, sizeof(one)) < 0 ||
      setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &o->nodelay,
                 sizeof(o->nodelay)) < 0 ||
      (o->rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &o->rcvbuf,
                                   sizeof(o->rcvbuf)) < 0)) {
    close(fd);
    return -1;
  }
  return fd;
}

static int rcvbuf_of(int fd) {
  int v = 0;
  socklen_t len = sizeof(v);
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len);
  return v;
}

/* One message (or part of one) with its stream and ppid (host order). */
struct msg {
  ssize_t len;
  int eor, notification;
  uint16_t sid;
  uint32_t ppid;
};

static ssize_t recv_msg(int fd, void *buf, size_t cap, struct msg *m) {
  char control[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
  struct iovec iov = {.iov_base = buf, .iov_len = cap};
  struct msghdr mh = {.msg_iov = &iov,
                      .msg_iovlen = 1,
                      .msg_control = control,
                      .msg_controllen = sizeof(control)};
  struct cmsghdr *c;
  ssize_t n;
  do
    n = recvmsg(fd, &mh, 0);
  while (n < 0 && errno == EINTR);
  memset(m, 0, sizeof(*m));
  m->len = n;
  if (n < 0)
    return n;
  m->eor = (mh.msg_flags & MSG_EOR) != 0;
  m->notification = (mh.msg_flags & MSG_NOTIFICATION) != 0;
  for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
    if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO) {
      struct sctp_rcvinfo ri;
      memcpy(&ri, CMSG_DATA(c), sizeof(ri));
      m->sid = ri.rcv_sid;
      m->ppid = ntohl(ri.rcv_ppid);
    }
  }
  return n;
}

static ssize_t send_msg(int fd, const void *buf, size_t len, uint16_t sid,
                        uint32_t ppid) {
  ssize_t n;
  do
    n = sctp_sendmsg(fd, buf, len, NULL, 0, htonl(ppid), 0, sid, 0, 0);
  while (n < 0 && errno == EINTR);
  return n;
}

static long rss_bytes(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f == NULL)
    return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
    resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}

/* Bytes malloc() has handed out and not taken back: what the program's
 * own state weighs (the per-association struct), beside the RSS. */
static size_t heap_bytes(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks;
}

static void raise_nofile(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

/* ---- server ---------------------------------------------------------- */

struct conn {
  int fd;
  uint64_t messages, bytes, first, last, bad;
  size_t partial;   /* bytes of a message still without MSG_EOR */
  size_t size;      /* length of the first whole message */
};

static void conn_report(const struct conn *c) {
  if (c->messages == 0 && c->bad == 0)
    return;
  printf("{\"kind\":\"recv\",\"messages\":%llu,\"bytes\":%llu,\"first\":%llu,"
         "\"last\":%llu,\"bad\":%llu}\n",
         (unsigned long long)c->messages, (unsigned long long)c->bytes,
         (unsigned long long)c->first, (unsigned long long)c->last,
         (unsigned long long)c->bad);
  fflush(stdout);
}

/* Drain what the socket has; 1 when the association has ended. */
static int conn_read(struct conn *c, char *buf) {
  for (;;) {
    struct msg m;
    ssize_t n = recv_msg(c->fd, buf, MAX_MSG, &m);
    if (n < 0)
      return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : 1;
    if (n == 0 && !m.notification)
      return 1;
    if (m.notification)
      continue;
    c->partial += (size_t)n;
    if (!m.eor)
      continue; /* partial delivery: the rest follows */
    if (m.ppid == PPID_ECHO) {
      if (c->partial != (size_t)n ||
          send_msg(c->fd, buf, (size_t)n, m.sid, m.ppid) < 0)
        c->bad++;
    } else {
      uint64_t t = now_ns();
      if (c->messages == 0) {
        c->first = t;
        c->size = c->partial;
      }
      if (c->partial != c->size)
        c->bad++;
      c->messages++;
      c->bytes += c->partial;
      c->last = t;
    }
    c->partial = 0;
  }
}

static int run_server(const struct opts *o) {
  static char buf[MAX_MSG];
  struct sockaddr_in sin;
  socklen_t len = sizeof(sin);
  struct epoll_event ev, events[64];
  int lfd, ep;
  long live = 0;        /* associations accepted and not yet closed */
  long mem_wanted = -1; /* "mem N" waits for N of them, for at most 30 s */
  uint64_t mem_deadline = 0;

  raise_nofile();
  lfd = sctp_socket(o, 1);
  if (lfd < 0)
    die("socket");
  loopback(&sin, "127.0.0.1", 0);
  if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
      listen(lfd, BACKLOG) < 0 ||
      getsockname(lfd, (struct sockaddr *)&sin, &len) < 0)
    die("bind/listen");
  printf("{\"port\":%u,\"rcvbuf\":%d}\n", ntohs(sin.sin_port), rcvbuf_of(lfd));
  fflush(stdout);

  ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0)
    die("epoll_create1");
  ev.events = EPOLLIN;
  ev.data.ptr = NULL; /* the listener */
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  ev.data.ptr = &ep; /* stdin: commands, and its end ends the server */
  epoll_ctl(ep, EPOLL_CTL_ADD, STDIN_FILENO, &ev);

  for (;;) {
    int n;
    if (mem_wanted >= 0 && (live >= mem_wanted || now_ns() >= mem_deadline)) {
      printf("{\"rss\":%ld,\"heap\":%zu,\"connections\":%ld}\n",
             rss_bytes(), heap_bytes(), live);
      fflush(stdout);
      mem_wanted = -1;
    }
    n = epoll_wait(ep, events, 64, mem_wanted >= 0 ? 100 : -1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      die("epoll_wait");
    for (int i = 0; i < n; i++) {
      void *p = events[i].data.ptr;
      if (p == NULL) {
        for (;;) {
          struct conn *c;
          int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (fd < 0)
            break;
          if (setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &o->nodelay,
                         sizeof(o->nodelay)) < 0 ||
              (o->rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF,
                                           &o->rcvbuf, sizeof(o->rcvbuf)) < 0))
            die("setsockopt (accepted)");
          c = calloc(1, sizeof(*c));
          if (c == NULL)
            die("calloc");
          live++;
          c->fd = fd;
          ev.events = EPOLLIN;
          ev.data.ptr = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
      } else if (p == &ep) {
        char line[64];
        ssize_t r = read(STDIN_FILENO, line, sizeof(line) - 1);
        if (r <= 0)
          return 0;
        line[r] = 0;
        if (strncmp(line, "mem", 3) == 0) {
          mem_wanted = atol(line + 3);
          mem_deadline = now_ns() + 30000000000ull;
        }
      } else {
        struct conn *c = p;
        if (conn_read(c, buf)) {
          conn_report(c);
          epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
          close(c->fd);
          free(c);
          live--;
        }
      }
    }
  }
}

/* ---- client ---------------------------------------------------------- */

static int connect_blocking(const struct opts *o) {
  struct sockaddr_in sin;
  int fd = sctp_socket(o, 0);
  if (fd < 0)
    die("socket");
  loopback(&sin, "127.0.0.1", o->port);
  if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
    die("connect");
  return fd;
}

static void job_throughput(const struct opts *o, size_t size, int streams,
                           int ms) {
  static char buf[MAX_MSG];
  uint64_t sent = 0, t0, end;
  int fd = connect_blocking(o);
  memset(buf, 'x', sizeof(buf));
  t0 = now_ns();
  end = t0 + (uint64_t)ms * 1000000u;
  for (;;) {
    if (send_msg(fd, buf, size, (uint16_t)(sent % (uint64_t)streams),
                 PPID_SINK) < 0)
      die("sctp_sendmsg");
    sent++;
    if ((sent & 63) == 0 && now_ns() >= end)
      break;
  }
  /* Graceful: the queued messages are delivered, then SHUTDOWN. */
  close(fd);
  printf("{\"sent\":%llu,\"ns\":%llu}\n", (unsigned long long)sent,
         (unsigned long long)(now_ns() - t0));
  fflush(stdout);
}

static void job_roundtrip(const struct opts *o, size_t size, int ms) {
  static char buf[MAX_MSG], in[MAX_MSG];
  uint64_t n = 0, t0, t;
  int fd = connect_blocking(o);
  memset(buf, 'r', sizeof(buf));
  t0 = now_ns();
  do {
    struct msg m;
    if (send_msg(fd, buf, size, 0, PPID_ECHO) < 0)
      die("sctp_sendmsg");
    do
      if (recv_msg(fd, in, sizeof(in), &m) <= 0 && !m.notification)
        die("recvmsg (echo)");
    while (m.notification);
    n++;
    t = now_ns();
  } while (t < t0 + (uint64_t)ms * 1000000u);
  close(fd);
  printf("{\"roundtrips\":%llu,\"ns\":%llu}\n", (unsigned long long)n,
         (unsigned long long)(t - t0));
  fflush(stdout);
}

static void job_associations(const struct opts *o, int count) {
  static char buf[64], in[MAX_MSG];
  struct sockaddr_in sin;
  struct epoll_event ev, events[256];
  int *fds = calloc((size_t)count, sizeof(int));
  char *up = calloc((size_t)count, 1); /* established: takes part in the round */
  int ep = epoll_create1(EPOLL_CLOEXEC), pending = 0, failed = 0, echoed = 0;
  int lost = 0;
  uint64_t t0, t1;
  char line[64];

  if (fds == NULL || up == NULL || ep < 0)
    die("associations setup");
  raise_nofile();
  memset(buf, 'a', sizeof(buf));
  loopback(&sin, "127.0.0.1", o->port);
  t0 = now_ns();
  for (int i = 0; i < count; i++) {
    fds[i] = sctp_socket(o, 1);
    if (fds[i] < 0)
      die("socket");
    if (connect(fds[i], (struct sockaddr *)&sin, sizeof(sin)) < 0 &&
        errno != EINPROGRESS)
      die("connect");
    ev.events = EPOLLOUT;
    ev.data.u32 = (uint32_t)i;
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    pending++;
  }
  while (pending > 0) {
    int n = epoll_wait(ep, events, 256, 60000);
    if (n <= 0)
      break;
    for (int i = 0; i < n; i++) {
      int fd = fds[events[i].data.u32], err = 0;
      socklen_t len = sizeof(err);
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      pending--;
      if (err != 0) { /* out of the round, and of the poll */
        failed++;
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
        continue;
      }
      up[events[i].data.u32] = 1;
      ev.events = EPOLLIN;
      ev.data.u32 = events[i].data.u32;
      epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    }
  }
  t1 = now_ns();
  /* Connects still pending when the wait gave up stay out of the poll
   * too: a socket that is always ready would keep the round spinning. */
  for (int i = 0; i < count; i++)
    if (!up[i])
      epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], NULL);
  printf("{\"established\":%d,\"failed\":%d,\"ns\":%llu}\n",
         count - failed - pending, failed + pending,
         (unsigned long long)(t1 - t0));
  fflush(stdout);

  if (fgets(line, sizeof(line), stdin) != NULL &&
      strncmp(line, "round", 5) == 0) {
    int sent = 0, gone = 0;
    t0 = now_ns();
    for (int i = 0; i < count; i++) {
      if (!up[i])
        continue;
      if (send_msg(fds[i], buf, sizeof(buf), 0, PPID_ECHO) < 0) {
        lost++;
        up[i] = 0;
        epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], NULL);
      } else {
        sent++;
      }
    }
    /* up[i]: 1 while association i owes its echo, 2 once it came, 0
     * when it ended first (out of the poll, counted as lost). */
    while (echoed + gone < sent) {
      int n = epoll_wait(ep, events, 256, 60000);
      if (n <= 0)
        break;
      for (int i = 0; i < n; i++) {
        struct msg m;
        uint32_t k = events[i].data.u32;
        ssize_t r;
        while ((r = recv_msg(fds[k], in, sizeof(in), &m)) > 0)
          if (!m.notification && m.eor && up[k] == 1) {
            up[k] = 2;
            echoed++;
          }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          epoll_ctl(ep, EPOLL_CTL_DEL, fds[k], NULL);
          if (up[k] == 1)
            gone++;
          up[k] = 0;
        }
      }
    }
    lost += gone;
    t1 = now_ns();
    printf("{\"echoed\":%d,\"lost\":%d,\"ns\":%llu}\n", echoed, lost,
           (unsigned long long)(t1 - t0));
    fflush(stdout);
  }
  for (int i = 0; i < count; i++)
    close(fds[i]);
  close(ep);
  free(fds);
  free(up);
  printf("{\"closed\":%d}\n", count);
  fflush(stdout);
}

static int run_client(const struct opts *o) {
  char line[128];
  while (fgets(line, sizeof(line), stdin) != NULL) {
    size_t size;
    int a, b;
    if (sscanf(line, "throughput %zu %d %d", &size, &a, &b) == 3 &&
        size <= MAX_MSG && a > 0)
      job_throughput(o, size, a, b);
    else if (sscanf(line, "roundtrip %zu %d", &size, &a) == 2 &&
             size <= MAX_MSG)
      job_roundtrip(o, size, a);
    else if (sscanf(line, "associations %d", &a) == 1 && a > 0)
      job_associations(o, a);
    else if (strncmp(line, "quit", 4) == 0)
      break;
    else {
      fprintf(stderr, "bench_sctp: unknown job: %s", line);
      return 2;
    }
  }
  return 0;
}

/* ---- event latency --------------------------------------------------- */

static int run_addip(const struct opts *o) {
  static char buf[MAX_MSG];
  struct sockaddr_in sin;
  socklen_t len = sizeof(sin);
  char line[128], addr[64];
  int lfd = sctp_socket(o, 0), fd;

  if (lfd < 0)
    die("socket");
  loopback(&sin, "127.0.0.1", 0);
  if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
      listen(lfd, 1) < 0 ||
      getsockname(lfd, (struct sockaddr *)&sin, &len) < 0)
    die("bind/listen");
  printf("{\"port\":%u}\n", ntohs(sin.sin_port));
  fflush(stdout);
  fd = accept(lfd, NULL, NULL);
  if (fd < 0)
    die("accept");
  printf("{\"accepted\":true}\n");
  fflush(stdout);
  for (;;) {
    struct pollfd pf[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                           {.fd = fd, .events = POLLIN}};
    if (poll(pf, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      die("poll");
    }
    if (pf[1].revents) { /* the peer's data, notifications, or its end */
      struct msg m;
      if (recv_msg(fd, buf, sizeof(buf), &m) <= 0 && !m.notification)
        break;
    }
    if (pf[0].revents) {
      struct sockaddr_in a;
      uint64_t t;
      int add, r;
      if (fgets(line, sizeof(line), stdin) == NULL)
        break;
      if (sscanf(line, "add %63s", addr) == 1)
        add = 1;
      else if (sscanf(line, "del %63s", addr) == 1)
        add = 0;
      else
        continue;
      loopback(&a, addr, ntohs(sin.sin_port));
      t = now_ns();
      r = sctp_bindx(fd, (struct sockaddr *)&a, 1,
                     add ? SCTP_BINDX_ADD_ADDR : SCTP_BINDX_REM_ADDR);
      printf("{\"t\":%llu,\"errno\":%d}\n", (unsigned long long)t,
             r < 0 ? errno : 0);
      fflush(stdout);
    }
  }
  close(fd);
  close(lfd);
  return 0;
}

static const char *addr_state(uint32_t s) {
  switch (s) {
  case SCTP_ADDR_AVAILABLE: return "SCTP_ADDR_AVAILABLE";
  case SCTP_ADDR_UNREACHABLE: return "SCTP_ADDR_UNREACHABLE";
  case SCTP_ADDR_REMOVED: return "SCTP_ADDR_REMOVED";
  case SCTP_ADDR_ADDED: return "SCTP_ADDR_ADDED";
  case SCTP_ADDR_MADE_PRIM: return "SCTP_ADDR_MADE_PRIM";
  case SCTP_ADDR_CONFIRMED: return "SCTP_ADDR_CONFIRMED";
  default: return "other";
  }
}

static int run_events(const struct opts *o) {
  static char buf[MAX_MSG];
  struct sctp_event se = {.se_assoc_id = SCTP_FUTURE_ASSOC,
                          .se_type = SCTP_PEER_ADDR_CHANGE,
                          .se_on = 1};
  struct sockaddr_in sin;
  int fd = sctp_socket(o, 0);
  if (fd < 0 || setsockopt(fd, IPPROTO_SCTP, SCTP_EVENT, &se, sizeof(se)) < 0)
    die("socket/SCTP_EVENT");
  loopback(&sin, "127.0.0.1", o->port);
  if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
    die("connect");
  printf("{\"connected\":true}\n");
  fflush(stdout);
  for (;;) {
    struct msg m;
    struct sockaddr *addrs = NULL;
    const struct sctp_paddr_change *pc = (const void *)buf;
    char name[INET6_ADDRSTRLEN] = "";
    uint64_t t_note, t_addr, t_info;
    int n;
    if (recv_msg(fd, buf, sizeof(buf), &m) <= 0 && !m.notification)
      break;
    t_note = now_ns();
    if (!m.notification || pc->spc_type != SCTP_PEER_ADDR_CHANGE)
      continue;
    if (pc->spc_aaddr.ss_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)&pc->spc_aaddr)->sin_addr,
                name, sizeof(name));
    n = sctp_getpaddrs(fd, 0, &addrs);
    t_addr = now_ns();
    for (int i = 0; i < n; i++) {
      struct sctp_paddrinfo pi;
      socklen_t len = sizeof(pi);
      memset(&pi, 0, sizeof(pi));
      memcpy(&pi.spinfo_address, &((struct sockaddr_in *)addrs)[i],
             sizeof(struct sockaddr_in));
      getsockopt(fd, IPPROTO_SCTP, SCTP_GET_PEER_ADDR_INFO, &pi, &len);
    }
    t_info = now_ns();
    if (n > 0)
      sctp_freepaddrs(addrs);
    printf("{\"state\":\"%s\",\"address\":\"%s\",\"notification\":%llu,"
           "\"address-change\":%llu,\"peer-info-update\":%llu}\n",
           addr_state((uint32_t)pc->spc_state), name,
           (unsigned long long)t_note, (unsigned long long)t_addr,
           (unsigned long long)t_info);
    fflush(stdout);
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  struct opts o = {.nodelay = 1, .rcvbuf = 0, .port = 0};
  int i;
  /* A send on an association the kernel has given up (a connect that
   * failed among thousands) is an error to count, not the end of the run. */
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2)
    goto usage;
  for (i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--nodelay") == 0)
      o.nodelay = atoi(argv[i + 1]) != 0;
    else if (strcmp(argv[i], "--rcvbuf") == 0)
      o.rcvbuf = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--port") == 0)
      o.port = atoi(argv[i + 1]);
    else
      goto usage;
  }
  if (i != argc)
    goto usage;
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (strcmp(argv[1], "server") == 0)
    return run_server(&o);
  if (strcmp(argv[1], "client") == 0 && o.port > 0)
    return run_client(&o);
  if (strcmp(argv[1], "addip") == 0)
    return run_addip(&o);
  if (strcmp(argv[1], "events") == 0 && o.port > 0)
    return run_events(&o);
usage:
  fprintf(stderr, "usage: bench_sctp server|client|addip|events [--port P] "
                  "[--nodelay 0|1] [--rcvbuf BYTES]\n");
  return 2;
}
