/* script_util.h - what the parser's unit tests share: a topology, two
 * agents, and checks that a text parses or is refused with a message. */
#ifndef TB_SCRIPT_UTIL_H
#define TB_SCRIPT_UTIL_H

#include "addr.h"
#include "script.h"

/* Lines 1-4: two hosts, two paths (a dual-stack). */
#define TOPO                                                                 \
	"host client\n"                                                      \
	"host server\n"                                                      \
	"path a client=10.1.0.1/24,fd00:a::1/64 server=10.1.0.2/24,fd00:a::2/64\n" \
	"path b client=10.2.0.1/24 server=10.2.0.2/24\n"
/* Lines 5-6: a server and a client. */
#define AGENTS                                                               \
	"agent srv on server listen port=5000 addresses=a,b MIS=10 OS=10\n"  \
	"agent cli on client connect to=srv addresses=a,b OS=4 sack=off\n"

/* Parses text as "t.scn" (a TAP point); the script, or NULL. */
struct tb_script *parses(const char *text, const char *desc);
/* Refused with exactly the message want (two TAP points). */
void refused(const char *text, const char *want);
/* Step i, if it is verb (a TAP point), else NULL. */
const struct tb_step *only_step(struct tb_script *s, unsigned int i,
				enum tb_verb verb);
/* Whether p formats as want ("10.1.0.1/24"). */
int addr_is(const struct tb_prefix *p, const char *want);

#endif
