/* tap.c - a minimal TAP 13 producer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int planned, failed;

static int point(int cond, const char *fmt, va_list ap)
{
	planned++;
	printf("%sok %d - ", cond ? "" : "not ", planned);
	vprintf(fmt, ap);
	printf("\n");
	if (!cond)
		failed++;
	return cond;
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	point(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int cond = got == want;

	va_start(ap, fmt);
	point(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("  ---\n  got: %lld\n  want: %lld\n  ...\n", got, want);
	return cond;
}

int tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int cond = got != NULL && want != NULL && strcmp(got, want) == 0;

	va_start(ap, fmt);
	point(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("  ---\n  got: '%s'\n  want: '%s'\n  ...\n",
		       got ? got : "(null)", want ? want : "(null)");
	return cond;
}

void tap_skip(const char *desc, const char *why)
{
	planned++;
	printf("ok %d - %s # SKIP %s\n", planned, desc, why);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_done(void)
{
	printf("1..%d\n", planned);
	if (failed)
		tap_diag("%d of %d failed", failed, planned);
	return failed != 0;
}
