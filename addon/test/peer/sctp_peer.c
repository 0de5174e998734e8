/* A minimal SCTP peer written directly on libsctp, for tests that compare
 * what the addon sends and receives with what C code on the kernel's API
 * sees (byte order of ppid, stream ids, message boundaries).
 *
 *   sctp_peer connect HOST PORT SID PPID TEXT
 *       connects, sends TEXT on SID with PPID (host order, converted with
 *       htonl as RFC 6458 expects), then prints one line per message it
 *       receives: "sid=N ppid=N len=N text=..." until the peer shuts down.
 *   sctp_peer listen HOST PORT [ADDIP]
 *       prints "port=N", accepts one association, echoes every message
 *       back with its sid and ppid, printing each as above. With ADDIP,
 *       after the first message it adds that local address with
 *       sctp_bindx() (ASCONF to the peer, when both sides enable it),
 *       prints "added ADDIP" and goes on echoing. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int die(const char *what) {
  fprintf(stderr, "sctp_peer: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void fill(struct sockaddr_in *sin, const char *host, int port) {
  memset(sin, 0, sizeof(*sin));
  sin->sin_family = AF_INET;
  sin->sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
    fprintf(stderr, "sctp_peer: bad address %s\n", host);
    exit(2);
  }
}

/* Print each message; echo it back when echo is set; after the first,
 * add the local address addip when given. */
static void serve(int fd, int echo, const char *addip) {
  static char buf[1 << 16];
  for (;;) {
    struct sctp_sndrcvinfo sinfo;
    int flags = 0;
    int n = sctp_recvmsg(fd, buf, sizeof(buf), NULL, NULL, &sinfo, &flags);
    if (n < 0)
      die("sctp_recvmsg");
    if (n == 0)
      break;
    if (flags & MSG_NOTIFICATION)
      continue;
    printf("sid=%u ppid=%u len=%d text=%.*s\n", sinfo.sinfo_stream,
           ntohl(sinfo.sinfo_ppid), n, n, buf);
    fflush(stdout);
    if (echo && sctp_sendmsg(fd, buf, (size_t)n, NULL, 0, sinfo.sinfo_ppid,
                             0, sinfo.sinfo_stream, 0, 0) < 0)
      die("sctp_sendmsg");
    if (addip != NULL) {
      struct sockaddr_in add;
      fill(&add, addip, 0);
      if (sctp_bindx(fd, (struct sockaddr *)&add, 1, SCTP_BINDX_ADD_ADDR) < 0)
        die("sctp_bindx");
      printf("added %s\n", addip);
      fflush(stdout);
      addip = NULL;
    }
  }
}

int main(int argc, char **argv) {
  struct sockaddr_in sin;
  struct sctp_event_subscribe ev;
  int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (fd < 0)
    die("socket");
  memset(&ev, 0, sizeof(ev));
  ev.sctp_data_io_event = 1;
  if (setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev)) < 0)
    die("setsockopt SCTP_EVENTS");

  if (argc == 7 && strcmp(argv[1], "connect") == 0) {
    fill(&sin, argv[2], atoi(argv[3]));
    if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
      die("connect");
    if (sctp_sendmsg(fd, argv[6], strlen(argv[6]), NULL, 0,
                     htonl((uint32_t)strtoul(argv[5], NULL, 0)), 0,
                     (uint16_t)atoi(argv[4]), 0, 0) < 0)
      die("sctp_sendmsg");
    serve(fd, 0, NULL);
  } else if ((argc == 4 || argc == 5) && strcmp(argv[1], "listen") == 0) {
    socklen_t len = sizeof(sin);
    int afd;
    fill(&sin, argv[2], atoi(argv[3]));
    if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 1) < 0)
      die("bind/listen");
    if (getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
      die("getsockname");
    printf("port=%u\n", ntohs(sin.sin_port));
    fflush(stdout);
    afd = accept(fd, NULL, NULL);
    if (afd < 0)
      die("accept");
    if (setsockopt(afd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev)) < 0)
      die("setsockopt SCTP_EVENTS");
    serve(afd, 1, argc == 5 ? argv[4] : NULL);
    close(afd);
  } else {
    fprintf(stderr, "usage: sctp_peer connect HOST PORT SID PPID TEXT | listen HOST PORT [ADDIP]\n");
    return 2;
  }
  close(fd);
  return 0;
}
