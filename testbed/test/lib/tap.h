/* tap.h - a minimal TAP 13 producer for the C tests. */
#ifndef TB_TAP_H
#define TB_TAP_H

#include <stdint.h>

/* One test point; returns cond. */
int tap_ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Test points that say what they got when they fail. */
int tap_is_int(long long got, long long want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int tap_is_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A test point skipped, and why. */
void tap_skip(const char *desc, const char *why);
/* A comment line. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan; the exit status: 0 if every point passed. */
int tap_done(void);

#endif
