/* parse_agent.c - the scenario verbs about agents and their
 * associations: agent, send, close, kill, call (scenarios/README.md).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sysctl.h"
#include "text.h"

int sp_parse_agent(struct parser *p, struct tb_step *st)
{
	static const char keys[] = "port, to, addresses, MIS, OS, sack, "
		"heartbeat, heartbeatInterval, pathMaxRetransmits, pfThreshold, "
		"switchoverThreshold, rtoInitial, rtoMin, rtoMax, maxRetransmits, "
		"exposePotentiallyFailed, noDelay, receiveBufferSize, "
		"sendBufferSize, highWaterMark, sackFreq";
	struct tb_script *s = p->s;
	struct tb_script_agent a;
	const char *name, *role, *v;
	int err;

	memset(&a, 0, sizeof(a));
	a.peer = -1;
	a.line = p->line;
	if (p->nwords >= 4 && strcmp(sp_word(p, 3), "exec") == 0)
		err = p->nwords >= 5 ? 0 : sp_fail(p, "usage: agent NAME on HOST "
						   "exec PROGRAM [ARGUMENT...]");
	else
		err = sp_words_exactly(p, 4, "NAME on HOST listen|connect "
				       "[key=value...]");
	if (err == 0 && strcmp(sp_word(p, 1), "on") != 0)
		err = sp_fail(p, "usage: agent NAME on HOST listen|connect "
			      "[key=value...] | exec PROGRAM [ARGUMENT...]");
	if (err < 0)
		return err;
	name = sp_word(p, 0);
	role = sp_word(p, 3);
	err = sp_check_name(p, "agent", name);
	if (err < 0)
		return err;
	if (sp_find_agent(s, name) >= 0)
		return sp_fail(p, "duplicate agent '%s'", name);
	if (s->nagents >= TB_SCRIPT_MAX_AGENTS)
		return sp_fail(p, "too many agents (at most %d)",
			       TB_SCRIPT_MAX_AGENTS);
	strcpy(a.name, name);
	err = sp_ref_host(p, sp_word(p, 2), &a.host);
	if (err < 0)
		return err;
	if (strcmp(role, "listen") == 0)
		a.role = TB_AGENT_LISTEN;
	else if (strcmp(role, "connect") == 0)
		a.role = TB_AGENT_CONNECT;
	else if (strcmp(role, "exec") == 0)
		a.role = TB_AGENT_EXEC;
	else
		return sp_fail(p, "agent role '%s' is not listen, connect or "
			       "exec", role);

	switch (a.role) {
	case TB_AGENT_EXEC:
		/* Everything after exec is the program's argv, as written;
		 * a key before it would be dropped. */
		if (p->nkv > 0)
			return sp_fail(p, "an exec agent takes no keys: %s%s%s "
				       "stands before exec (the program's "
				       "arguments go after it)", p->kv[0].key,
				       sp_op_text(p->kv[0].op), p->kv[0].val);
		if (p->nwords - 4 > TB_SCRIPT_MAX_ARGS)
			return sp_fail(p, "exec: too many arguments (at most %d)",
				       TB_SCRIPT_MAX_ARGS - 1);
		for (int i = 4; i < p->nwords; i++) {
			if (strlen(sp_word(p, i)) >= sizeof(a.args[0]))
				return sp_fail(p, "exec: argument '%s' is too "
					       "long", sp_word(p, i));
			strcpy(a.args[a.nargs++], sp_word(p, i));
		}
		s->agents[s->nagents] = a;
		st->u.agent = (int)s->nagents++;
		return 0;
	case TB_AGENT_LISTEN:
		if (sp_opt(p, "to") != NULL)
			return sp_fail(p, "a listening agent takes no to=");
		if (sp_need(p, "port", "PORT") == NULL)
			return -EINVAL;
		break;
	case TB_AGENT_CONNECT:
		v = sp_need(p, "to", "AGENT");
		if (v == NULL)
			return -EINVAL;
		err = sp_ref_agent(p, v, &a.peer);
		if (err == 0)
			err = sp_check_alive(p, a.peer);
		if (err < 0)
			return err;
		if (s->agents[a.peer].role != TB_AGENT_LISTEN)
			return sp_fail(p, "agent '%s' is not a listening agent", v);
		if (s->agents[a.peer].host == a.host)
			return sp_fail(p, "agent '%s' is on the same host as '%s'",
				       name, v);
		a.port = s->agents[a.peer].port;
		break;
	}
	err = sp_opt_uint(p, "port", 1, 65535, &a.port);
	if (err == 0)
		err = sp_opt_uint(p, "MIS", 1, 65535, &a.mis);
	if (err == 0)
		err = sp_opt_uint(p, "OS", 1, 65535, &a.os);
	if (err < 0)
		return err;
	v = sp_opt(p, "sack");
	if (v != NULL) {
		a.sack_set = 1;
		if (strcmp(v, "off") != 0) {
			err = sp_parse_duration(p, "sack", v, &a.sack_delay_us);
			if (err < 0)
				return err;
			if (a.sack_delay_us == 0)
				return sp_fail(p, "sack=%s: use sack=off for no "
					       "delay", v);
			/* RFC 6458 8.1.19 and Linux: at most 500 ms, as
			 * the addon's sctp.sack.delay. */
			if (a.sack_delay_us > 500000)
				return sp_fail(p, "sack=%s is more than 500ms, "
					       "the most SCTP_DELAYED_SACK "
					       "takes", v);
		}
	}
	v = sp_opt(p, "addresses");
	if (v != NULL && strcmp(v, "any") == 0) {
		if (a.role != TB_AGENT_LISTEN)
			return sp_fail(p, "addresses=any is for a listening agent");
		a.any = 1;	/* the wildcard address: every one, now and later */
	} else if (v != NULL) {
		char list[TB_SCRIPT_TEXT_MAX], *tok, *save = NULL;
		unsigned int i;

		if (strlen(v) >= sizeof(list))
			return sp_fail(p, "addresses=%s is too long", v);
		strcpy(list, v);
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			int path;

			err = sp_ref_path(p, tok, &path);
			if (err == 0)
				err = sp_need_end(p, path, a.host);
			if (err < 0)
				return err;
			for (i = 0; i < a.npaths; i++)
				if (a.paths[i] == path)
					return sp_fail(p, "addresses= names path "
						       "'%s' twice", tok);
			a.paths[a.npaths++] = path;
		}
		if (a.npaths == 0)
			return sp_fail(p, "addresses= names no path");
	}
	err = sp_parse_opts(p, tb_agent_opts, &a.opts);
	if (err == 0)
		err = sp_check_rto(p, &a.opts, "rtoMin", "rtoMax");
	if (err == 0)
		err = sp_check_sack(p, &a.opts,
				    a.sack_set && a.sack_delay_us == 0);
	if (err == 0)
		err = sp_done(p, keys);
	if (err == 0 && a.role == TB_AGENT_CONNECT)
		err = sp_check_reachable(p, &a);
	if (err < 0)
		return err;
	s->agents[s->nagents] = a;
	st->u.agent = (int)s->nagents++;
	return 0;
}

/* Linux's outbound streams when SCTP_INITMSG does not say
 * (SCTP_DEFAULT_OUTSTREAMS); its inbound maximum is 65535. */
#define LINUX_OSTREAMS 10

int sp_check_alive(struct parser *p, int agent)
{
	if (p->killed[agent] != 0)
		return sp_fail(p, "agent '%s' was killed at line %u",
			       p->s->agents[agent].name, p->killed[agent]);
	return 0;
}

int sp_parse_send(struct parser *p, struct tb_step *st)
{
	static const char keys[] =
		"count, size, streams, ppid, rate, unordered, ttl";
	struct tb_step_send *sd = &st->u.send;
	const struct tb_script_agent *a, *peer;
	unsigned long long n;
	const char *v;
	char *end;
	int err;

	sd->streams = 1;
	err = sp_words_exactly(p, 1, "AGENT count=N size=BYTES [key=value...]");
	if (err == 0)
		err = sp_ref_agent(p, sp_word(p, 0), &sd->agent);
	if (err == 0)
		err = sp_check_alive(p, sd->agent);
	if (err < 0)
		return err;
	a = &p->s->agents[sd->agent];
	if (a->role == TB_AGENT_EXEC)
		return sp_fail(p, "agent '%s' is a program (exec): it sends what "
			       "it sends", a->name);
	if (sp_need(p, "count", "N") == NULL || sp_need(p, "size", "BYTES") == NULL)
		return -EINVAL;
	err = sp_opt_uint(p, "count", 1, 100000000, &sd->count);
	if (err == 0)
		err = sp_opt_uint(p, "size", TB_SEND_HEADER, 1 << 20, &sd->size);
	if (err == 0)
		err = sp_opt_uint(p, "streams", 1, 65535, &sd->streams);
	if (err == 0 && (v = sp_opt(p, "ppid")) != NULL) {
		err = sp_parse_uint(p, "ppid", v, 0, UINT32_MAX, &n);
		sd->ppid = (uint32_t)n;
	}
	if (err < 0)
		return err;
	if (a->os != 0 && sd->streams > a->os)
		return sp_fail(p, "streams=%u is more than %s's OS=%u",
			       sd->streams, a->name, a->os);
	if (a->os == 0 && sd->streams > LINUX_OSTREAMS)
		return sp_fail(p, "streams=%u is more than %s's outbound streams "
			       "(%u, Linux's default: give it OS=)", sd->streams,
			       a->name, LINUX_OSTREAMS);
	peer = sp_peer_of(p->s, sd->agent);
	if (peer != NULL && peer->mis != 0 && sd->streams > peer->mis)
		return sp_fail(p, "streams=%u is more than %s's MIS=%u (the "
			       "association has no more)", sd->streams,
			       peer->name, peer->mis);
	v = sp_opt(p, "rate");
	if (v != NULL) {
		end = strstr(v, "/s");
		if (end == NULL || end[2] != '\0' || end == v ||
		    strspn(v, "0123456789") != (size_t)(end - v))
			return sp_fail(p, "rate=%s is not a rate (N/s)", v);
		n = strtoull(v, NULL, 10);
		if (n < 1 || n > 1000000)
			return sp_fail(p, "rate=%s is out of range (1-1000000/s)",
				       v);
		sd->rate = (unsigned int)n;
	}
	v = sp_opt(p, "unordered");
	if (v != NULL) {
		err = sp_parse_yesno(p, "unordered", v, &sd->unordered);
		if (err < 0)
			return err;
	}
	v = sp_opt(p, "ttl");
	if (v != NULL) {
		uint32_t us;

		/* The socket API takes whole milliseconds (sinfo_timetolive). */
		err = sp_parse_duration(p, "ttl", v, &us);
		if (err < 0)
			return err;
		if (us < 1000 || us % 1000 != 0)
			return sp_fail(p, "ttl=%s: a lifetime is whole milliseconds, "
				       "at least 1ms", v);
		sd->ttl_ms = us / 1000;
	}
	return sp_done(p, keys);
}

/* close AGENT, kill AGENT */
int sp_parse_agent_only(struct parser *p, struct tb_step *st)
{
	int err;

	err = sp_words_exactly(p, 1, "AGENT");
	if (err == 0)
		err = sp_ref_agent(p, sp_word(p, 0), &st->u.agent);
	if (err == 0)
		err = sp_check_alive(p, st->u.agent);
	if (err == 0 && st->verb == TB_VERB_CLOSE &&
	    p->s->agents[st->u.agent].role == TB_AGENT_EXEC)
		err = sp_fail(p, "agent '%s' is a program (exec): kill it, or "
			      "let it end", sp_word(p, 0));
	if (err == 0)
		err = sp_done(p, "none");
	if (err == 0 && st->verb == TB_VERB_KILL)
		p->killed[st->u.agent] = p->line;
	return err;
}
