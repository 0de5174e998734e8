/* test_kernel_cond.c - "on kernel>=V (why): STEP": versions of real
 * releases, the prefix and its errors, which steps may carry one, and the
 * judgement against a release. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "kernel_cond.h"
#include "script.h"
#include "script_util.h"
#include "unit.h"

static void test_versions(void)
{
	static const struct {
		const char *release;
		unsigned int a, b, c;
	} v[] = {
		{ "5.10.0-46-amd64", 5, 10, 0 },
		{ "6.1.0-57-amd64", 6, 1, 0 },
		{ "6.12.118+deb13-amd64", 6, 12, 118 },
		{ "7.2.13+deb14-amd64", 7, 2, 13 },
		{ "7.3-amd64", 7, 3, 0 },
		{ "6.8.0-1017-azure", 6, 8, 0 },
		{ "4.19.0", 4, 19, 0 },
	};
	unsigned int got;
	const char *end;

	tap_diag("kernel_cond: versions of Debian's and Ubuntu's releases");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		tap_ok(tb_kernel_version(v[i].release, &got, NULL) == 0 &&
			       got == TB_KERNEL_VERSION(v[i].a, v[i].b, v[i].c),
		       "%s is %u.%u.%u", v[i].release, v[i].a, v[i].b, v[i].c);
	}
	tap_is_int(tb_kernel_version("6.1 rest", &got, &end), 0, "6.1 then text");
	tap_ok(strcmp(end, " rest") == 0, "end just past the version");
	tap_is_int(tb_kernel_version("6", &got, NULL), -EINVAL, "6: no minor");
	tap_is_int(tb_kernel_version("v6.1", &got, NULL), -EINVAL, "v6.1: not a version");
	tap_is_int(tb_kernel_version("", &got, NULL), -EINVAL, "empty");
	tap_ok(TB_KERNEL_VERSION(5, 10, 0) < TB_KERNEL_VERSION(5, 11, 0) &&
		       TB_KERNEL_VERSION(5, 11, 0) < TB_KERNEL_VERSION(6, 0, 0) &&
		       TB_KERNEL_VERSION(6, 12, 118) < TB_KERNEL_VERSION(7, 0, 0),
	       "versions order as releases do");
}

static void cond_refused(const char *line, const char *want)
{
	struct tb_kernel_cond c;
	const char *rest;
	char err[256] = "";
	int r = tb_kernel_cond_parse(line, &c, &rest, err, sizeof(err));

	tap_ok(r == -EINVAL && strcmp(err, want) == 0, "refused: %s", line);
	if (strcmp(err, want) != 0)
		tap_diag("  got '%s', want '%s'", err, want);
}

static void test_prefix_parse(void)
{
	struct tb_kernel_cond c;
	const char *rest;
	char err[256];

	tap_diag("kernel_cond: the prefix");
	tap_is_int(tb_kernel_cond_parse("expect cli event=connect", &c, &rest,
					 err, sizeof(err)), 0, "no prefix");
	tap_ok(c.op == TB_KERNEL_ANY && strcmp(rest, "expect cli event=connect") == 0,
	       "no condition, the line as it is");
	tap_is_int(tb_kernel_cond_parse("  on kernel>=5.11 (UDP encapsulation, "
					 "commit 046c052b475e): expect x", &c,
					 &rest, err, sizeof(err)), 0, "from 5.11");
	tap_ok(c.op == TB_KERNEL_FROM && c.version == TB_KERNEL_VERSION(5, 11, 0),
	       ">= 5.11");
	tap_ok(strcmp(c.text, ">=5.11") == 0, "as written: %s", c.text);
	tap_ok(strcmp(c.why, "UDP encapsulation, commit 046c052b475e") == 0,
	       "the reason, without its parentheses");
	tap_ok(strcmp(rest, "expect x") == 0, "the step after it");
	tap_is_int(tb_kernel_cond_parse("on kernel < 6.1.2 ( why ):wait 1s", &c,
					 &rest, err, sizeof(err)), 0,
		   "before 6.1.2, with blanks");
	tap_ok(c.op == TB_KERNEL_BEFORE && c.version == TB_KERNEL_VERSION(6, 1, 2) &&
		       strcmp(c.why, "why") == 0 && strcmp(rest, "wait 1s") == 0,
	       "< 6.1.2 (why): wait 1s");
	cond_refused("on host: x", "'on' takes a kernel condition: on "
		     "kernel>=5.11 (why): STEP");
	cond_refused("on kernel<=5.11 (x): wait 1s", "a kernel condition is "
		     "kernel>=VERSION or kernel<VERSION (a step from a release "
		     "on, or before it)");
	cond_refused("on kernel>=five (x): wait 1s", "kernel>= needs a version "
		     "such as 5.11 or 6.1.2");
	cond_refused("on kernel>=5.11: wait 1s", "kernel>= needs a version such "
		     "as 5.11 or 6.1.2");
	cond_refused("on kernel>=5.11 wait 1s", "kernel>=5.11 needs its reason in "
		     "parentheses (the release note or the commit), then ':' "
		     "and the step");
	cond_refused("on kernel>=5.11 (why) wait 1s", "kernel>=5.11 (...: the "
		     "reason must end with \"):\" before the step");
	cond_refused("on kernel>=5.11 (  ): wait 1s", "kernel>=5.11: the reason "
		     "in parentheses is empty; say why kernels differ here (the "
		     "release note or the commit)");
	cond_refused("on kernel>=5.11 (why):  ", "kernel>=5.11 (...): has no "
		     "step after it");
}

static void test_holds(void)
{
	struct tb_kernel_cond from = { .op = TB_KERNEL_FROM,
				       .version = TB_KERNEL_VERSION(5, 11, 0) };
	struct tb_kernel_cond before = { .op = TB_KERNEL_BEFORE,
					 .version = TB_KERNEL_VERSION(5, 11, 0) };
	struct tb_kernel_cond any = { .op = TB_KERNEL_ANY };

	tap_diag("kernel_cond: judged against a release");
	tap_is_int(tb_kernel_cond_holds(&from, "5.10.0-46-amd64"), 0, ">=5.11 on 5.10: no");
	tap_is_int(tb_kernel_cond_holds(&from, "5.11.0"), 1, ">=5.11 on 5.11.0: yes");
	tap_is_int(tb_kernel_cond_holds(&from, "7.3-amd64"), 1, ">=5.11 on 7.3: yes");
	tap_is_int(tb_kernel_cond_holds(&before, "5.10.0-46-amd64"), 1, "<5.11 on 5.10: yes");
	tap_is_int(tb_kernel_cond_holds(&before, "6.1.0-57-amd64"), 0, "<5.11 on 6.1: no");
	tap_is_int(tb_kernel_cond_holds(&from, "unknown"), -EINVAL, "a release with no version");
	tap_is_int(tb_kernel_cond_holds(&any, NULL), 1, "no condition: always");
}

static void test_in_scripts(void)
{
	struct tb_script *s;
	const struct tb_step *st;

	tap_diag("kernel_cond: in scripts");
	s = parses(TOPO AGENTS
		   "on kernel>=5.11 (RFC 6951 in 5.11): sysctl client net.sctp.udp_port=9899\n"
		   "on kernel<5.11 (the same): expect cli event=connect within=5s\n"
		   "expect cli event=connect within=5s # no condition\n",
		   "conditions on sysctl and expect");
	if (s != NULL) {
		st = only_step(s, 6, TB_VERB_SYSCTL);
		tap_ok(st != NULL && st->kernel.op == TB_KERNEL_FROM &&
			       strcmp(st->kernel.why, "RFC 6951 in 5.11") == 0,
		       "the sysctl carries its condition");
		st = only_step(s, 7, TB_VERB_EXPECT);
		tap_ok(st != NULL && st->kernel.op == TB_KERNEL_BEFORE,
		       "the expectation carries its condition");
		st = only_step(s, 8, TB_VERB_EXPECT);
		tap_ok(st != NULL && st->kernel.op == TB_KERNEL_ANY,
		       "a step without one has none");
		tb_script_free(s);
	}
	/* '#' starts a comment, in the reason too: the runner prints the
	 * line without it (rn_line_text), so the parser reads it so. */
	refused(TOPO AGENTS "on kernel>=5.11 (see #12): expect cli "
		"event=connect within=5s\n",
		"t.scn:7: kernel>=5.11 (...: the reason must end with \"):\" "
		"before the step ('#' starts a comment, to the end of the line)");
	s = parses(TOPO AGENTS "on kernel>=5.11 (issue 12): expect cli "
		   "event=connect within=5s # see #12 (x): y\n",
		   "a comment after the step");
	st = s != NULL ? only_step(s, 6, TB_VERB_EXPECT) : NULL;
	tap_ok(st != NULL && strcmp(st->kernel.why, "issue 12") == 0 &&
		       st->u.expect.within_us == 5000000,
	       "its reason and step without the comment");
	tb_script_free(s);
	refused(TOPO AGENTS "on kernel>=6.0 (x): link down a\n",
		"t.scn:7: kernel>=6.0: a kernel condition stands before expect, "
		"sysctl, call or wait, not link (a step the rest of the script "
		"builds on)");
	refused(TOPO "on kernel>=6.0 (x): agent s on server listen port=1\n",
		"t.scn:5: kernel>=6.0: a kernel condition stands before expect, "
		"sysctl, call or wait, not agent (a step the rest of the script "
		"builds on)");
	refused(TOPO AGENTS "on kernel>=6.0 (x): expect cli event=connect\n",
		"t.scn:7: expectation needs a timeout (within=DURATION) or an "
		"interval (for=DURATION)");
}

void test_kernel_cond(void)
{
	test_versions();
	test_prefix_parse();
	test_holds();
	test_in_scripts();
}
