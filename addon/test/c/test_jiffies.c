/* Unit tests for jiffies.c: HZ from the length of one tick, the kernel's
 * rounding of jiffies to ms, and the measurement on the running kernel. */
#include <errno.h>
#include <stdio.h>

#include "jiffies.h"
/* Numbers only here: tap.h's string and memory checks go unused. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "tap.h"

static void test_hz_from_tick(void) {
  /* 1000000 / HZ as the kernel truncates it, for the rates Linux has. */
  is_int(lk_hz_from_tick_us(10000), 100, "10000 us: HZ=100");
  is_int(lk_hz_from_tick_us(4000), 250, "4000 us: HZ=250");
  is_int(lk_hz_from_tick_us(3333), 300, "3333 us (truncated): HZ=300");
  is_int(lk_hz_from_tick_us(1000), 1000, "1000 us: HZ=1000");
  is_int(lk_hz_from_tick_us(976), 1025, "976 us: the nearest whole rate");
  is_int(lk_hz_from_tick_us(0), -EINVAL, "0 us: refused");
  is_int(lk_hz_from_tick_us(1000001), -EINVAL, "over a second: refused");
}

static void test_jiffies_to_ms(void) {
  is_int(lk_jiffies_to_ms(75, 250), 300, "75 jiffies at HZ=250: 300 ms");
  is_int(lk_jiffies_to_ms(30, 100), 300, "30 jiffies at HZ=100: 300 ms");
  is_int(lk_jiffies_to_ms(300, 1000), 300, "300 jiffies at HZ=1000: 300 ms");
  is_int(lk_jiffies_to_ms(1, 300), 4, "1 jiffy at HZ=300: 4 ms (rounded up)");
  is_int(lk_jiffies_to_ms(90, 300), 300, "90 jiffies at HZ=300: 300 ms");
  is_int(lk_jiffies_to_ms(0, 250), 0, "0 stays 0");
  is_int(lk_jiffies_to_ms(4000000000u, 1000), 4000000000u, "no overflow");
}

static void test_running_kernel(void) {
  int hz = lk_kernel_hz();
  diag("kernel HZ: %d", hz);
  ok(hz == 100 || hz == 250 || hz == 300 || hz == 1000,
     "the running kernel's HZ is one Linux offers (%d)", hz);
  is_int(lk_kernel_hz(), hz, "the same when asked again");
}

int main(void) {
  test_hz_from_tick();
  test_jiffies_to_ms();
  test_running_kernel();
  return done_testing();
}
