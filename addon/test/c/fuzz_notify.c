/* libFuzzer harness for the notification decoder and the packed address
 * list iterator.
 *
 *   make -C addon/test/c fuzz        clang -fsanitize=fuzzer,address,undefined
 *   make -C addon/test/c fuzz-run    runs it for FUZZ_TIME seconds
 *
 * Built with -DLK_FUZZ_STANDALONE (any compiler, part of `make test`) it
 * gets its own main(): with file arguments it runs each file once (to
 * replay a crash), without arguments it runs a deterministic loop of
 * mutated notifications. */
#include <netinet/in.h> /* before <netinet/sctp.h>: see notify.h */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/sctp.h>

#include "addr.h"
#include "notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct lk_notify n;
  char text[160];
  volatile size_t sink = 0;

  if (lk_notify_decode(data, size, &n) == 0) {
    /* Sentences of every length exercise the truncation paths. */
    int want = lk_notify_interpret(&n, text, sizeof(text));
    if (want > 0)
      lk_notify_interpret(&n, text, (size_t)want % sizeof(text));
    if (n.data_len > 0)
      sink += n.data[n.data_len - 1]; /* data lies within the input */
    if (n.kind == LK_NOTIFY_STREAM_RESET_EVENT)
      for (size_t i = 0; i < n.u.stream_reset.n_streams; i++)
        sink += lk_notify_stream(&n, i);
    if (n.kind == LK_NOTIFY_PEER_ADDR_CHANGE) {
      char addr[LK_ADDRSTRLEN];
      lk_addr_format((const struct sockaddr *)&n.u.paddr_change.addr,
                     sizeof(n.u.paddr_change.addr), addr, sizeof(addr), NULL,
                     NULL);
    }
    sink += (size_t)(lk_notify_type_name(n.type) != NULL);
  } else {
    lk_notify_describe_invalid(data, size, -22, text, sizeof(text));
  }

  /* The same bytes as a packed address list. */
  {
    struct sockaddr_storage ss;
    socklen_t sl;
    size_t off = 0;
    while (lk_addr_list_next(data, size, &off, &ss, &sl) == 1) {
      char addr[LK_ADDRSTRLEN];
      lk_addr_format((const struct sockaddr *)&ss, sl, addr, sizeof(addr),
                     NULL, NULL);
    }
  }
  (void)sink;
  return 0;
}

#ifdef LK_FUZZ_STANDALONE
static uint64_t fuzz_rng_state = 0x243f6a8885a308d3ull;

static uint64_t fuzz_rng(void) {
  fuzz_rng_state ^= fuzz_rng_state << 13;
  fuzz_rng_state ^= fuzz_rng_state >> 7;
  fuzz_rng_state ^= fuzz_rng_state << 17;
  return fuzz_rng_state;
}

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf;
  long size;
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    perror(path);
    if (f != NULL)
      fclose(f);
    return 1;
  }
  buf = malloc((size_t)size + 1);
  if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
    perror(path);
    free(buf);
    fclose(f);
    return 1;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, (size_t)size);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  static const uint16_t types[] = {
      SCTP_ASSOC_CHANGE,     SCTP_PEER_ADDR_CHANGE,     SCTP_SEND_FAILED,
      SCTP_REMOTE_ERROR,     SCTP_SHUTDOWN_EVENT,       SCTP_PARTIAL_DELIVERY_EVENT,
      SCTP_ADAPTATION_INDICATION, SCTP_SENDER_DRY_EVENT,
#ifdef SCTP_AUTHENTICATION_INDICATION
      SCTP_AUTHENTICATION_INDICATION,
#endif
#ifdef SCTP_STREAM_RESET_EVENT
      SCTP_STREAM_RESET_EVENT,
#endif
#ifdef SCTP_ASSOC_RESET_EVENT
      SCTP_ASSOC_RESET_EVENT,
#endif
#ifdef SCTP_STREAM_CHANGE_EVENT
      SCTP_STREAM_CHANGE_EVENT,
#endif
#ifdef SCTP_SEND_FAILED_EVENT
      SCTP_SEND_FAILED_EVENT,
#endif
      0x1234,
  };
  const int iterations = 300000;

  if (argc > 1) {
    int rc = 0;
    for (int i = 1; i < argc; i++)
      rc |= run_file(argv[i]);
    return rc;
  }
  for (int i = 0; i < iterations; i++) {
    /* A plausible header (known type, sn_length near the real size) over
     * random bytes, in an exact-size heap block. */
    size_t len = (size_t)(fuzz_rng() % 200);
    uint8_t *buf = malloc(len > 0 ? len : 1);
    for (size_t j = 0; j < len; j++)
      buf[j] = (uint8_t)fuzz_rng();
    if (len >= 8) {
      uint16_t type = types[fuzz_rng() % (sizeof(types) / sizeof(types[0]))];
      uint32_t length = (uint32_t)(fuzz_rng() % 4 == 0 ? fuzz_rng() % 300
                                                       : len - fuzz_rng() % 3);
      memcpy(buf + offsetof(union sctp_notification, sn_header.sn_type), &type,
             sizeof(type));
      memcpy(buf + offsetof(union sctp_notification, sn_header.sn_length),
             &length, sizeof(length));
    }
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
  }
  printf("fuzz_notify: %d mutated inputs ran clean\n", iterations);
  return 0;
}
#endif
