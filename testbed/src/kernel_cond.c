/* kernel_cond.c - steps for some kernel releases only (kernel_cond.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_cond.h"

static int number(const char **s, unsigned int *n)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)**s))
		return -EINVAL;
	errno = 0;
	v = strtoul(*s, &end, 10);
	if (errno != 0)
		return -EINVAL;
	*n = v > 1023 ? 1023 : (unsigned int)v;
	*s = end;
	return 0;
}

int tb_kernel_version(const char *s, unsigned int *version, const char **end)
{
	unsigned int a, b, c = 0;

	if (number(&s, &a) < 0 || *s != '.')
		return -EINVAL;
	s++;
	if (number(&s, &b) < 0)
		return -EINVAL;
	if (*s == '.' && isdigit((unsigned char)s[1])) {
		s++;
		if (number(&s, &c) < 0)
			return -EINVAL;
	}
	*version = TB_KERNEL_VERSION(a, b, c);
	if (end != NULL)
		*end = s;
	return 0;
}

static const char *skip_blanks(const char *s)
{
	return s + strspn(s, " \t");
}

int tb_kernel_cond_parse(const char *line, struct tb_kernel_cond *c,
			 const char **rest, char *err, size_t errlen)
{
	const char *s = skip_blanks(line), *v, *close;
	size_t n;

	memset(c, 0, sizeof(*c));
	*rest = line;
	if (strncmp(s, "on", 2) != 0 || (s[2] != ' ' && s[2] != '\t'))
		return 0;
	s = skip_blanks(s + 2);
	if (strncmp(s, "kernel", 6) != 0) {
		snprintf(err, errlen, "'on' takes a kernel condition: on "
			 "kernel>=5.11 (why): STEP");
		return -EINVAL;
	}
	s = skip_blanks(s + 6);
	if (s[0] == '>' && s[1] == '=') {
		c->op = TB_KERNEL_FROM;
		s += 2;
	} else if (s[0] == '<' && s[1] != '=') {
		c->op = TB_KERNEL_BEFORE;
		s += 1;
	} else {
		snprintf(err, errlen, "a kernel condition is kernel>=VERSION "
			 "or kernel<VERSION (a step from a release on, or "
			 "before it)");
		return -EINVAL;
	}
	s = skip_blanks(s);
	v = s;
	if (tb_kernel_version(v, &c->version, &s) < 0 ||
	    (*s != ' ' && *s != '\t' && *s != '(')) {
		snprintf(err, errlen, "kernel%s needs a version such as 5.11 "
			 "or 6.1.2", c->op == TB_KERNEL_FROM ? ">=" : "<");
		return -EINVAL;
	}
	snprintf(c->text, sizeof(c->text), "%s%.*s",
		 c->op == TB_KERNEL_FROM ? ">=" : "<", (int)(s - v), v);
	s = skip_blanks(s);
	if (*s != '(') {
		snprintf(err, errlen, "kernel%s needs its reason in parentheses "
			 "(the release note or the commit), then ':' and the "
			 "step", c->text);
		return -EINVAL;
	}
	close = strstr(s, "):");
	if (close == NULL) {
		snprintf(err, errlen, "kernel%s (...: the reason must end with "
			 "\"):\" before the step", c->text);
		return -EINVAL;
	}
	s = skip_blanks(s + 1);
	n = (size_t)(close - s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0) {
		snprintf(err, errlen, "kernel%s: the reason in parentheses is "
			 "empty; say why kernels differ here (the release note "
			 "or the commit)", c->text);
		return -EINVAL;
	}
	if (n > TB_KERNEL_WHY_MAX) {
		snprintf(err, errlen, "kernel%s: the reason is longer than %d "
			 "characters", c->text, TB_KERNEL_WHY_MAX);
		return -EINVAL;
	}
	memcpy(c->why, s, n);
	c->why[n] = '\0';
	*rest = skip_blanks(close + 2);
	if (**rest == '\0' || **rest == '#') {
		snprintf(err, errlen, "kernel%s (...): has no step after it",
			 c->text);
		return -EINVAL;
	}
	return 0;
}

int tb_kernel_cond_holds(const struct tb_kernel_cond *c, const char *release)
{
	unsigned int v;

	if (c->op == TB_KERNEL_ANY)
		return 1;
	if (release == NULL || tb_kernel_version(release, &v, NULL) < 0)
		return -EINVAL;
	return c->op == TB_KERNEL_FROM ? v >= c->version : v < c->version;
}
