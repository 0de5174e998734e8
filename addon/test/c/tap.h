/* Tiny TAP (Test Anything Protocol, version 13) helper for the C unit tests.
 *
 *   ok(cond, "what")              is_int(got, expected, "what")
 *   is_str(got, expected, "what") is_mem(got, expected, n, "what")
 *   diag("note")                  return done_testing();
 *
 * Output: "TAP version 13", one "ok N - what" / "not ok N - what" per
 * check with "#   got/expected" diagnostics, and the plan "1..N" at the
 * end. done_testing() returns the process exit status (1 if any failed). */
#ifndef LK_TAP_H
#define LK_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count_;
static int tap_failed_;
static int tap_started_;

static void tap_start_(void) {
  if (!tap_started_) {
    printf("TAP version 13\n");
    tap_started_ = 1;
  }
}

#if defined(__GNUC__)
#define TAP_PRINTF_(a, b) __attribute__((format(printf, a, b)))
#else
#define TAP_PRINTF_(a, b)
#endif

static void tap_vline_(int pass, const char *file, int line, const char *fmt,
                       va_list ap) {
  tap_start_();
  tap_count_++;
  printf("%sok %d - ", pass ? "" : "not ", tap_count_);
  vprintf(fmt, ap);
  printf("\n");
  if (!pass) {
    tap_failed_++;
    printf("#   Failed test at %s line %d\n", file, line);
  }
  fflush(stdout);
}

TAP_PRINTF_(4, 5)
static int tap_ok_(int pass, const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tap_vline_(pass, file, line, fmt, ap);
  va_end(ap);
  return pass;
}

TAP_PRINTF_(5, 6)
static int tap_is_int_(long long got, long long expected, const char *file,
                       int line, const char *fmt, ...) {
  va_list ap;
  int pass = got == expected;
  va_start(ap, fmt);
  tap_vline_(pass, file, line, fmt, ap);
  va_end(ap);
  if (!pass)
    printf("#          got: %lld\n#     expected: %lld\n", got, expected);
  return pass;
}

TAP_PRINTF_(5, 6)
static int tap_is_str_(const char *got, const char *expected, const char *file,
                       int line, const char *fmt, ...) {
  va_list ap;
  int pass = (got == NULL || expected == NULL) ? got == expected
                                               : strcmp(got, expected) == 0;
  va_start(ap, fmt);
  tap_vline_(pass, file, line, fmt, ap);
  va_end(ap);
  if (!pass) {
    printf("#          got: %s%s%s\n", got ? "'" : "", got ? got : "NULL",
           got ? "'" : "");
    printf("#     expected: %s%s%s\n", expected ? "'" : "",
           expected ? expected : "NULL", expected ? "'" : "");
  }
  return pass;
}

TAP_PRINTF_(6, 7)
static int tap_is_mem_(const void *got, const void *expected, size_t n,
                       const char *file, int line, const char *fmt, ...) {
  va_list ap;
  int pass = (got == NULL || expected == NULL)
                 ? (n == 0 || got == expected)
                 : memcmp(got, expected, n) == 0;
  va_start(ap, fmt);
  tap_vline_(pass, file, line, fmt, ap);
  va_end(ap);
  if (!pass && got != NULL && expected != NULL) {
    const unsigned char *g = got, *e = expected;
    for (size_t i = 0; i < n; i++) {
      if (g[i] != e[i]) {
        printf("#     first difference at byte %zu: got 0x%02x, expected "
               "0x%02x\n",
               i, g[i], e[i]);
        break;
      }
    }
  }
  return pass;
}

TAP_PRINTF_(1, 2)
static void diag(const char *fmt, ...) {
  va_list ap;
  tap_start_();
  printf("# ");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
}

static int done_testing(void) {
  tap_start_();
  printf("1..%d\n", tap_count_);
  if (tap_failed_ > 0)
    printf("# failed %d of %d tests\n", tap_failed_, tap_count_);
  fflush(stdout);
  return tap_failed_ > 0 ? 1 : 0;
}

#define ok(cond, ...) tap_ok_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, expected, ...)                                             \
  tap_is_int_((long long)(got), (long long)(expected), __FILE__, __LINE__,     \
              __VA_ARGS__)
#define is_str(got, expected, ...)                                             \
  tap_is_str_((got), (expected), __FILE__, __LINE__, __VA_ARGS__)
#define is_mem(got, expected, n, ...)                                          \
  tap_is_mem_((got), (expected), (n), __FILE__, __LINE__, __VA_ARGS__)

#endif
