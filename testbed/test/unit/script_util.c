/* script_util.c - what the parser's unit tests share (script_util.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "script_util.h"
#include "unit.h"

struct tb_script *parses(const char *text, const char *desc)
{
	struct tb_script *s = NULL;
	char err[512];
	int ret;

	ret = tb_script_parse_string("t.scn", text, &s, err, sizeof(err));
	if (!tap_is_int(ret, 0, "parses: %s", desc))
		tap_diag("error: %s", err);
	return s;
}

void refused(const char *text, const char *want)
{
	struct tb_script *s = (struct tb_script *)&s;
	char err[512];
	int ret;

	ret = tb_script_parse_string("t.scn", text, &s, err, sizeof(err));
	tap_ok(ret == -EINVAL && s == NULL, "refused: %s", want);
	tap_is_str(err, want, "message: %s", want);
	tb_script_free(s);
}

const struct tb_step *only_step(struct tb_script *s, unsigned int i,
				       enum tb_verb verb)
{
	const struct tb_step *st = tb_script_step(s, i);

	if (!tap_ok(st != NULL && st->verb == verb, "step %u is '%s'", i,
		    tb_verb_name(verb)))
		return NULL;
	return st;
}

int addr_is(const struct tb_prefix *p, const char *want)
{
	char buf[TB_PREFIX_STRLEN];

	if (tb_prefix_format(p, buf, sizeof(buf)) < 0)
		return 0;
	return strcmp(buf, want) == 0;
}
