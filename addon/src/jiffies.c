#include "jiffies.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int lk_hz_from_tick_us(long us) {
  if (us <= 0 || us > 1000000)
    return -EINVAL;
  /* 1000000 / HZ was truncated by the kernel: the nearest whole rate. */
  return (int)((1000000L + us / 2) / us);
}

static int measure_hz(void) {
  struct timeval tv = {.tv_sec = 0, .tv_usec = 1};
  socklen_t len = sizeof(tv);
  int err = 0;
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -errno;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
      getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) < 0)
    err = -errno;
  close(fd);
  if (err < 0)
    return err;
  if (tv.tv_sec != 0)
    return -EINVAL;
  return lk_hz_from_tick_us((long)tv.tv_usec);
}

int lk_kernel_hz(void) {
  static int hz; /* 0: not measured yet */
  int v = __atomic_load_n(&hz, __ATOMIC_RELAXED);

  if (v > 0)
    return v;
  v = measure_hz();
  if (v > 0)
    __atomic_store_n(&hz, v, __ATOMIC_RELAXED);
  return v;
}

uint32_t lk_jiffies_to_ms(uint32_t jiffies, int hz) {
  if (hz <= 0)
    return jiffies;
  return (uint32_t)(((uint64_t)jiffies * 1000 + (uint64_t)hz - 1) /
                    (uint64_t)hz);
}
