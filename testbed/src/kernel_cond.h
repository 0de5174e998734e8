/* kernel_cond.h - steps for some kernel releases only.
 *
 *   on kernel>=5.11 (SCTP over UDP, RFC 6951: Linux 5.11, commit 046c052b475e): STEP
 *   on kernel<5.11 (the same, before it): STEP
 *
 * A scenario states where kernels legitimately differ in its own text: the
 * condition, the reason in parentheses (the release note or the commit),
 * then the step. On a kernel outside the range the step does not run; an
 * expectation is reported as a TAP SKIP that names the kernel, the
 * condition and the reason. Pure functions: no kernel needed to test them.
 */
#ifndef TB_KERNEL_COND_H
#define TB_KERNEL_COND_H

#include <stddef.h>

#define TB_KERNEL_WHY_MAX 200

enum tb_kernel_op {
	TB_KERNEL_ANY,		/* no condition: every kernel */
	TB_KERNEL_FROM,		/* kernel>=V */
	TB_KERNEL_BEFORE,	/* kernel<V */
};

struct tb_kernel_cond {
	enum tb_kernel_op op;
	unsigned int version;		/* TB_KERNEL_VERSION(major, minor, patch) */
	char text[24];			/* ">=5.11", as written */
	char why[TB_KERNEL_WHY_MAX + 1];
};

/* Versions compare as integers; each part is clamped to 0..1023. */
#define TB_KERNEL_VERSION(a, b, c) \
	(((a) < 1023u ? (a) : 1023u) << 20 | ((b) < 1023u ? (b) : 1023u) << 10 | \
	 ((c) < 1023u ? (c) : 1023u))

/* The leading "MAJOR.MINOR[.PATCH]" of s ("5.10.0-46-amd64", "7.3-amd64",
 * "6.12.118+deb13-amd64") into *version; *end (if not NULL) just past it.
 * 0, or -EINVAL when s does not start with MAJOR.MINOR. */
int tb_kernel_version(const char *s, unsigned int *version, const char **end);

/* Parse a line's "on kernel>=V (WHY): " prefix into *c and set *rest to
 * the step after it. A line without the prefix: c->op = TB_KERNEL_ANY and
 * *rest = line. Returns 0, or -EINVAL with a message in err (no file:line:
 * the caller adds it). */
int tb_kernel_cond_parse(const char *line, struct tb_kernel_cond *c,
			 const char **rest, char *err, size_t errlen);

/* Does the kernel release (uname -r) satisfy c? 1 or 0; -EINVAL when the
 * release carries no version (then no condition can be judged). */
int tb_kernel_cond_holds(const struct tb_kernel_cond *c, const char *release);

#endif
