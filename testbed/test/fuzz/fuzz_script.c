/* fuzz_script.c - libFuzzer target: the scenario parser (src/script.c and
 * what it calls: prefixes, sysctl keys, durations, rates).
 *
 * The input is a script's text (up to a NUL, as tb_script_parse_file()
 * would refuse one).  Besides the sanitizers' findings, it aborts when the
 * parser breaks its promises: an error is "f.scn:LINE: message" in
 * printable ASCII (text.h), a parsed script's accessors stay in range.
 * Seeds: every scenario of scenarios/ and scenarios/bad/, seeds/script/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct tb_script *s)
{
	char buf[64];
	unsigned int i, j, k;

	for (i = 0; i < tb_script_nhosts(s); i++)
		if (tb_script_host_index(s, tb_script_host(s, i)->name) != (int)i)
			abort();
	for (i = 0; i < tb_script_npaths(s); i++) {
		const struct tb_script_path *p = tb_script_path(s, i);

		for (j = 0; j < 2; j++) {
			if (p->end[j].host < 0 ||
			    p->end[j].host >= (int)tb_script_nhosts(s) ||
			    p->end[j].naddrs > TB_SCRIPT_MAX_ADDRS)
				abort();
			for (k = 0; k < p->end[j].naddrs; k++)
				tb_prefix_format(&p->end[j].addrs[k], buf,
						 sizeof(buf));
		}
	}
	for (i = 0; i < tb_script_nagents(s); i++) {
		const struct tb_script_agent *a = tb_script_agent(s, i);

		if (a->host < 0 || a->host >= (int)tb_script_nhosts(s) ||
		    a->peer >= (int)tb_script_nagents(s) ||
		    a->npaths > TB_SCRIPT_MAX_PATHS)
			abort();
	}
	for (i = 0; i < tb_script_nsteps(s); i++) {
		const struct tb_step *st = tb_script_step(s, i);

		if (st == NULL || st->line == 0)
			abort();
		(void)tb_verb_name(st->verb);
	}
	if (tb_script_step(s, tb_script_nsteps(s)) != NULL)
		abort();
	(void)tb_script_nexpects(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tb_script *s = NULL;
	char *text, err[512];
	const char *c;
	int ret;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	ret = tb_script_parse_string("f.scn", text, &s, err, sizeof(err));
	if (ret == 0) {
		if (s == NULL)
			abort();
		walk(s);
	} else {
		if (s != NULL || strncmp(err, "f.scn:", 6) != 0)
			abort();
		for (c = err; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
				abort();	/* a raw byte in a message */
	}
	tb_script_free(s);
	free(text);
	return 0;
}
