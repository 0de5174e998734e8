/* parse_expect.c - the scenario's expectations: expect AGENT KIND ...
 * within=T, and the names of events, notifications and states it knows
 * (scenarios/README.md).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <regex.h>
#include <signal.h>

#include "parse.h"
#include "sysctl.h"
#include "text.h"

static const char *const events[] = {
	"connect", "ready", "listening", "connection", "end", "close",
	"timeout", NULL,
};

static const char *const notifications[] = {
	"SCTP_ASSOC_CHANGE", "SCTP_PEER_ADDR_CHANGE", "SCTP_SEND_FAILED",
	"SCTP_REMOTE_ERROR", "SCTP_SHUTDOWN_EVENT",
	"SCTP_PARTIAL_DELIVERY_EVENT", "SCTP_ADAPTATION_INDICATION",
	"SCTP_AUTHENTICATION_EVENT", "SCTP_SENDER_DRY_EVENT",
	"SCTP_STREAM_RESET_EVENT", "SCTP_ASSOC_RESET_EVENT",
	"SCTP_STREAM_CHANGE_EVENT", "SCTP_SEND_FAILED_EVENT", NULL,
};

static const char *const addr_states[] = {
	"SCTP_ADDR_AVAILABLE", "SCTP_ADDR_UNREACHABLE", "SCTP_ADDR_REMOVED",
	"SCTP_ADDR_ADDED", "SCTP_ADDR_MADE_PRIM", "SCTP_ADDR_CONFIRMED",
	"SCTP_ADDR_POTENTIALLY_FAILED", NULL,
};

static const char *const assoc_states[] = {
	"SCTP_COMM_UP", "SCTP_COMM_LOST", "SCTP_RESTART", "SCTP_SHUTDOWN_COMP",
	"SCTP_CANT_STR_ASSOC", NULL,
};

static const char *const peer_states[] = {
	"SCTP_INACTIVE", "SCTP_PF", "SCTP_ACTIVE", "SCTP_UNCONFIRMED",
	"SCTP_UNKNOWN", NULL,
};

static int expect_name(struct parser *p, const char *key,
		       const char *const *list, const char *v, char *out,
		       size_t len)
{
	char all[512];

	if (!sp_in_list(list, v)) {
		sp_join(list, all, sizeof(all));
		return sp_fail(p, "unknown %s '%s' (%s)", key, v, all);
	}
	snprintf(out, len, "%s", v);
	return 0;
}

static int parse_expect_notification(struct parser *p,
				     struct tb_step_expect *ex, const char *v)
{
	const char *state, *addr;
	int err;

	err = expect_name(p, "notification", notifications, v, ex->name,
			  sizeof(ex->name));
	if (err < 0)
		return err;
	state = sp_opt(p, "state");
	addr = sp_opt(p, "address");
	if (strcmp(v, "SCTP_PEER_ADDR_CHANGE") == 0) {
		if (state != NULL)
			err = expect_name(p, "state", addr_states, state,
					  ex->state, sizeof(ex->state));
	} else if (strcmp(v, "SCTP_ASSOC_CHANGE") == 0) {
		if (state != NULL)
			err = expect_name(p, "state", assoc_states, state,
					  ex->state, sizeof(ex->state));
		if (err == 0 && addr != NULL)
			err = sp_fail(p, "address= is only for "
				      "SCTP_PEER_ADDR_CHANGE");
	} else if (state != NULL || addr != NULL) {
		err = sp_fail(p, "%s= is only for SCTP_PEER_ADDR_CHANGE and "
			      "SCTP_ASSOC_CHANGE", state != NULL ? "state" :
			      "address");
	}
	if (err == 0 && addr != NULL) {
		ex->has_address = 1;
		err = sp_parse_addr_ref(p, "address", addr, &ex->address);
		if (err == 0)
			err = sp_check_peer_address(p, ex->agent, &ex->address,
						    v, addr);
	}
	if (err == 0)
		err = sp_done(p, "notification, state, address, within, for, after");
	return err;
}

static int parse_expect_peer_info(struct parser *p, struct tb_step_expect *ex)
{
	const char *addr, *state;
	int err;

	addr = sp_need(p, "address", "HOST@PATH");
	if (addr == NULL)
		return -EINVAL;
	state = sp_need(p, "state", "STATE");
	if (state == NULL)
		return -EINVAL;
	ex->has_address = 1;
	err = sp_parse_addr_ref(p, "address", addr, &ex->address);
	if (err == 0)
		err = sp_check_peer_address(p, ex->agent, &ex->address,
					    "peer-info", addr);
	if (err == 0)
		err = expect_name(p, "state", peer_states, state, ex->state,
				  sizeof(ex->state));
	if (err == 0)
		err = sp_done(p, "address, state, within, for, after");
	return err;
}

static const struct {
	const char *name;
	enum tb_ac_field field;
} ac_fields[] = {
	{ "localAddresses", TB_AC_LOCAL_ADDRESSES },
	{ "remoteAddresses", TB_AC_REMOTE_ADDRESSES },
	{ "localAddress", TB_AC_LOCAL_ADDRESS },
	{ "remoteAddress", TB_AC_REMOTE_ADDRESS },
	{ "localPort", TB_AC_LOCAL_PORT },
	{ "remotePort", TB_AC_REMOTE_PORT },
};

int sp_is_ac_field(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(ac_fields) / sizeof(ac_fields[0]); i++)
		if (strcmp(ac_fields[i].name, key) == 0)
			return 1;
	return 0;
}

static int parse_ac_check(struct parser *p, struct kv *kv,
			  struct tb_ac_check *c)
{
	char list[TB_SCRIPT_TEXT_MAX], *tok, *save = NULL;
	unsigned long long port;
	size_t i;
	int err, is_list = 0;

	for (i = 0; i < sizeof(ac_fields) / sizeof(ac_fields[0]); i++)
		if (strcmp(ac_fields[i].name, kv->key) == 0)
			break;
	if (i == sizeof(ac_fields) / sizeof(ac_fields[0]))
		return sp_fail(p, "unknown address-change field '%s' "
			       "(localAddresses, remoteAddresses, localAddress, "
			       "remoteAddress, localPort, remotePort)", kv->key);
	kv->used = 1;
	c->field = ac_fields[i].field;
	c->op = (enum tb_ac_op)kv->op;
	switch (c->field) {
	case TB_AC_LOCAL_ADDRESSES:
	case TB_AC_REMOTE_ADDRESSES:
		is_list = 1;
		break;
	case TB_AC_LOCAL_ADDRESS:
	case TB_AC_REMOTE_ADDRESS:
		break;
	case TB_AC_LOCAL_PORT:
	case TB_AC_REMOTE_PORT:
		if (kv->op != KV_EQ)
			return sp_fail(p, "%s takes only '='", kv->key);
		err = sp_parse_uint(p, kv->key, kv->val, 1, 65535, &port);
		c->port = (unsigned int)port;
		return err;
	}
	if (!is_list && kv->op != KV_EQ)
		return sp_fail(p, "%s takes only '=' (~= and !~= are for lists)",
			       kv->key);
	if (strlen(kv->val) >= sizeof(list))
		return sp_fail(p, "%s: value too long", kv->key);
	strcpy(list, kv->val);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (c->naddrs >= (is_list ? TB_SCRIPT_MAX_LIST : 1))
			return sp_fail(p, "%s: too many addresses", kv->key);
		err = sp_parse_addr_ref(p, kv->key, tok, &c->addrs[c->naddrs]);
		if (err < 0)
			return err;
		c->naddrs++;
	}
	if (c->naddrs == 0)
		return sp_fail(p, "%s names no address", kv->key);
	return 0;
}

static int parse_expect_address_change(struct parser *p,
				       struct tb_step_expect *ex)
{
	int i, err;

	for (i = 0; i < p->nkv; i++) {
		if (p->kv[i].used)
			continue;	/* within= */
		if (ex->nchecks >= TB_SCRIPT_MAX_AC_CHECKS)
			return sp_fail(p, "too many address checks "
				       "(at most %d)", TB_SCRIPT_MAX_AC_CHECKS);
		err = parse_ac_check(p, &p->kv[i], &ex->checks[ex->nchecks]);
		if (err < 0)
			return err;
		ex->nchecks++;
	}
	if (ex->nchecks == 0)
		return sp_fail(p, "%s needs a field check (e.g. "
			       "remoteAddresses~=HOST@PATH)", sp_word(p, 1));
	return 0;
}

/* A program's messages, as its associations counted them (observation):
 * received|sent [sid=N] [ppid=N] [count=N] [min=N] [bytes=N]. */
static int parse_expect_messages(struct parser *p, struct tb_step_expect *ex,
				 int sent)
{
	const char *bad[] = { "from", "in-order", "reordered", "duplicates",
			      "lost" };
	unsigned int i;
	int err;

	ex->kind = TB_EXPECT_MESSAGES;
	ex->sent = sent;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sp_opt(p, bad[i]) != NULL)
			return sp_fail(p, "%s= needs the testbed's own messages "
				       "(send steps); a program (exec) is counted "
				       "by stream and PPID only", bad[i]);
	err = sp_opt_count(p, "sid", &ex->sid);
	if (err == 0 && ex->sid > 65535)
		err = sp_fail(p, "sid=%lld is out of range (0-65535)", ex->sid);
	if (err == 0)
		err = sp_opt_count(p, "ppid", &ex->ppid);
	if (err == 0 && ex->ppid > 4294967295LL)
		err = sp_fail(p, "ppid=%lld is out of range (0-4294967295)",
			      ex->ppid);
	if (err == 0)
		err = sp_opt_count(p, "count", &ex->count);
	if (err == 0)
		err = sp_opt_count(p, "min", &ex->min_count);
	if (err == 0)
		err = sp_opt_count(p, "bytes", &ex->bytes);
	if (err < 0)
		return err;
	if (ex->count < 0 && ex->min_count < 0 && ex->bytes < 0)
		return sp_fail(p, "%s needs count=, min= or bytes=",
			       sent ? "sent" : "received");
	return sp_done(p, "sid, ppid, count, min, bytes, assoc, within, after");
}

/* app=NAME [FIELD=VALUE...]: a report the program made (lksctp/testbed). */
static int parse_expect_app(struct parser *p, struct tb_step_expect *ex,
			    const char *name)
{
	int i;

	ex->kind = TB_EXPECT_APP;
	if (strlen(name) >= sizeof(ex->name))
		return sp_fail(p, "app=%s: name too long", name);
	strcpy(ex->name, name);
	for (i = 0; i < p->nkv; i++) {
		struct kv *kv = &p->kv[i];

		if (kv->used)
			continue;
		if (ex->nfields >= TB_SCRIPT_MAX_FIELDS)
			return sp_fail(p, "too many fields (at most %d)",
				       TB_SCRIPT_MAX_FIELDS);
		if (strlen(kv->key) >= sizeof(ex->fkey[0]) ||
		    strlen(kv->val) >= sizeof(ex->fval[0]))
			return sp_fail(p, "field %s=%s is too long", kv->key,
				       kv->val);
		if (kv->op != KV_EQ)
			return sp_fail(p, "app fields take '=' (%s=VALUE)",
				       kv->key);
		kv->used = 1;
		strcpy(ex->fkey[ex->nfields], kv->key);
		strcpy(ex->fval[ex->nfields++], kv->val);
	}
	return 0;
}

static int parse_expect_received(struct parser *p, struct tb_step_expect *ex)
{
	const char *v;
	int err;

	if (p->s->agents[ex->agent].role == TB_AGENT_EXEC)
		return parse_expect_messages(p, ex, 0);
	v = sp_need(p, "from", "AGENT");
	if (v == NULL)
		return -EINVAL;
	err = sp_ref_agent(p, v, &ex->from);
	if (err == 0 && (p->s->agents[ex->from].role == TB_AGENT_EXEC ||
			 p->s->agents[ex->agent].role == TB_AGENT_EXEC))
		err = sp_fail(p, "received counts the messages of send steps; "
			      "a program (exec) sends its own");
	if (err == 0 && ex->from == ex->agent)
		err = sp_fail(p, "agent '%s' cannot receive from itself", v);
	if (err == 0 && p->s->agents[ex->from].peer != ex->agent &&
	    p->s->agents[ex->agent].peer != ex->from)
		err = sp_fail(p, "agents '%s' and '%s' are not connected (to=)",
			      p->s->agents[ex->agent].name, v);
	if (err == 0)
		err = sp_opt_count(p, "count", &ex->count);
	if (err == 0)
		err = sp_opt_count(p, "bytes", &ex->bytes);
	if (err == 0)
		err = sp_opt_count(p, "duplicates", &ex->duplicates);
	if (err == 0)
		err = sp_opt_count(p, "lost", &ex->lost);
	if (err < 0)
		return err;
	v = sp_opt(p, "in-order");
	if (v == NULL || strcmp(v, "no") == 0)
		ex->order = TB_ORDER_ANY;
	else if (strcmp(v, "per-stream") == 0)
		ex->order = TB_ORDER_PER_STREAM;
	else if (strcmp(v, "all") == 0)
		ex->order = TB_ORDER_ALL;
	else
		return sp_fail(p, "in-order=%s is not per-stream, all or no", v);
	ex->reordered = -1;
	v = sp_opt(p, "reordered");
	if (v != NULL) {
		err = sp_parse_yesno(p, "reordered", v, &ex->reordered);
		if (err < 0)
			return err;
		if (ex->reordered && ex->order == TB_ORDER_ALL)
			return sp_fail(p, "reordered=yes contradicts in-order=all");
	}
	if (ex->count < 0 && ex->bytes < 0 && ex->lost < 0 &&
	    ex->duplicates < 0 && ex->order == TB_ORDER_ANY && ex->reordered < 0)
		return sp_fail(p, "received needs something to check (count=, "
			       "bytes=, lost=, duplicates=, in-order=, reordered=)");
	return sp_done(p, "from, count, bytes, in-order, reordered, duplicates, "
		       "lost, within, for, after");
}

/* The counters of /proc/net/sctp/snmp (Linux 6.1; the kernel suite
 * checks the list against the kernel it runs). */
static const char *const snmp_counters[] = {
	"SctpCurrEstab", "SctpActiveEstabs", "SctpPassiveEstabs",
	"SctpAborteds", "SctpShutdowns", "SctpOutOfBlues",
	"SctpChecksumErrors", "SctpOutCtrlChunks", "SctpOutOrderChunks",
	"SctpOutUnorderChunks", "SctpInCtrlChunks", "SctpInOrderChunks",
	"SctpInUnorderChunks", "SctpFragUsrMsgs", "SctpReasmUsrMsgs",
	"SctpOutSCTPPacks", "SctpInSCTPPacks", "SctpT1InitExpireds",
	"SctpT1CookieExpireds", "SctpT2ShutdownExpireds", "SctpT3RtxExpireds",
	"SctpT4RtoExpireds", "SctpT5ShutdownGuardExpireds",
	"SctpDelaySackExpireds", "SctpAutocloseExpireds", "SctpT3Retransmits",
	"SctpPmtudRetransmits", "SctpFastRetransmits", "SctpInPktSoftirq",
	"SctpInPktBacklog", "SctpInPktDiscards", "SctpInDataChunkDiscards",
	NULL,
};

const char *const *tb_snmp_counters(void)
{
	return snmp_counters;
}

/* Whether an expectation stands above the line being parsed (the step
 * being parsed is not counted yet). */
static int expect_above(const struct parser *p)
{
	unsigned int i;

	for (i = 0; i < p->s->nsteps; i++)
		if (p->s->steps[i].verb == TB_VERB_EXPECT)
			return 1;
	return 0;
}

/* Whether the expectation is reached as soon as the step above it ends,
 * a step that takes no time: after= counts from the step, within= from
 * when the expectation is reached, so after= past within= can be met
 * only when something (expectations, a wait, a client waiting for its
 * server) stands between them. */
static int reached_at_step(const struct parser *p)
{
	const struct tb_step *st;

	if (p->s->nsteps == 0)
		return 0;
	st = &p->s->steps[p->s->nsteps - 1];
	if (st->kernel.op != TB_KERNEL_ANY)
		return 0;	/* not run on some kernels */
	switch (st->verb) {
	case TB_VERB_SYSCTL:
	case TB_VERB_SEND:
	case TB_VERB_LINK:
	case TB_VERB_ADDR:
	case TB_VERB_NETEM:
	case TB_VERB_CLOSE:
	case TB_VERB_KILL:
	case TB_VERB_CALL:
		return 1;
	case TB_VERB_AGENT:
		return p->s->agents[st->u.agent].role != TB_AGENT_CONNECT;
	default:
		return 0;
	}
}

/* within=T | for=T, and after=T|previous (with within= only). */
static int parse_timing(struct parser *p, struct tb_step_expect *ex)
{
	const char *within = sp_opt(p, "within"), *hold = sp_opt(p, "for");
	const char *after = sp_opt(p, "after");
	int err;

	if (within != NULL && hold != NULL)
		return sp_fail(p, "within= and for= do not go together: within= "
			       "waits until it is met, for= checks that it holds");
	if (within == NULL && hold == NULL)
		return sp_fail(p, "expectation needs a timeout (within=DURATION) "
			       "or an interval (for=DURATION)");
	err = sp_parse_duration(p, within ? "within" : "for",
				within ? within : hold,
				within ? &ex->within_us : &ex->hold_us);
	if (err < 0)
		return err;
	if (within != NULL && ex->within_us == 0)
		return sp_fail(p, "within=%s: the timeout must be more than 0",
			       within);
	if (hold != NULL && ex->hold_us == 0)
		return sp_fail(p, "for=%s: the interval must be more than 0",
			       hold);
	if (after == NULL)
		return 0;
	if (hold != NULL)
		return sp_fail(p, "after= is for within=, not for=");
	if (strcmp(after, "previous") == 0) {
		if (!expect_above(p))
			return sp_fail(p, "after=previous: there is no "
				       "expectation above this one to follow");
		ex->after_previous = 1;
		return 0;
	}
	err = sp_parse_duration(p, "after", after, &ex->after_us);
	if (err == 0 && ex->after_us >= ex->within_us && reached_at_step(p))
		err = sp_fail(p, "after=%s is not less than within=%s, and "
			      "this expectation is reached as line %u's step "
			      "ends (after= counts from the step, within= from "
			      "when the expectation is reached)", after, within,
			      p->s->steps[p->s->nsteps - 1].line);
	return err;
}

/* A rise counted from 0 at the step: at most max= holds at the first
 * check, so within= would pass it at once. */
#define MAX_WITHIN "max= without min= is met at once with within= (the " \
	"count starts at 0): check an upper bound over an interval, for=T"

/* N with its unit: 100pkt (packets) or 1500B (bytes). */
static int parse_amount(struct parser *p, const char *key, long long *out,
			int *bytes)
{
	const char *v = sp_opt(p, key);
	char num[32];
	unsigned long long n;
	size_t len;
	int is_bytes, err;

	*out = -1;
	if (v == NULL)
		return 0;
	len = strlen(v);
	if (len > 3 && strcmp(v + len - 3, "pkt") == 0)
		is_bytes = 0, len -= 3;
	else if (len > 1 && v[len - 1] == 'B')
		is_bytes = 1, len -= 1;
	else
		return sp_fail(p, "%s=%s needs a unit: pkt (packets) or B "
			       "(bytes)", key, v);
	if (len >= sizeof(num))
		return sp_fail(p, "%s=%s is not a number", key, v);
	memcpy(num, v, len);
	num[len] = '\0';
	err = sp_parse_uint(p, key, num, 0, 1ULL << 50, &n);
	if (err < 0)
		return err;
	if (*bytes >= 0 && *bytes != is_bytes)
		return sp_fail(p, "min= and max= count the same unit (pkt or B)");
	*bytes = is_bytes;
	*out = (long long)n;
	return 0;
}

/* expect path NAME carries [dir=A->B] [min=N] [max=N] within=|for= */
static int parse_expect_path(struct parser *p, struct tb_step_expect *ex)
{
	const char *dir;
	int err, bytes = -1;

	ex->kind = TB_EXPECT_PATH;
	ex->agent = -1;
	ex->path_from = -1;
	if (p->nwords != 3 || strcmp(sp_word(p, 2), "carries") != 0)
		return sp_fail(p, "usage: expect path NAME carries "
			       "[dir=HOST->HOST] min=N|max=N (pkt or B) "
			       "within=T|for=T");
	err = sp_ref_path(p, sp_word(p, 1), &ex->path);
	if (err == 0 && (dir = sp_opt(p, "dir")) != NULL)
		err = sp_parse_dir(p, ex->path, dir, &ex->path_from);
	if (err == 0)
		err = parse_amount(p, "min", &ex->min, &bytes);
	if (err == 0)
		err = parse_amount(p, "max", &ex->max, &bytes);
	if (err == 0)
		err = parse_timing(p, ex);
	if (err < 0)
		return err;
	ex->path_bytes = bytes == 1;
	if (ex->min < 0 && ex->max < 0)
		return sp_fail(p, "carries needs min= or max=");
	if (ex->min >= 0 && ex->max >= 0 && ex->min > ex->max)
		return sp_fail(p, "min= is more than max=");
	if (ex->hold_us && ex->min >= 0)
		return sp_fail(p, "for= checks an upper bound (max=): at least "
			       "min= is a within= expectation");
	if (ex->within_us && ex->min < 0)
		return sp_fail(p, MAX_WITHIN);
	return sp_done(p, "dir, min, max, within, for, after");
}

static const struct {
	const char *name;
	int signo;
} signals[] = {
	{ "SIGHUP", SIGHUP }, { "SIGINT", SIGINT }, { "SIGQUIT", SIGQUIT },
	{ "SIGABRT", SIGABRT }, { "SIGKILL", SIGKILL }, { "SIGSEGV", SIGSEGV },
	{ "SIGPIPE", SIGPIPE }, { "SIGTERM", SIGTERM }, { "SIGUSR1", SIGUSR1 },
	{ "SIGUSR2", SIGUSR2 },
};

/* exit=CODE (0-255) or exit=SIGNAL (SIGKILL...): how the process ended. */
static int parse_expect_exit(struct parser *p, struct tb_step_expect *ex,
			     const char *v)
{
	unsigned long long n;
	unsigned int i;
	int err;

	ex->kind = TB_EXPECT_EXIT;
	if (strncmp(v, "SIG", 3) == 0) {
		for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
			if (strcmp(signals[i].name, v) == 0)
				break;
		if (i == sizeof(signals) / sizeof(signals[0]))
			return sp_fail(p, "exit=%s is not a signal this knows "
				       "(SIGHUP, SIGINT, SIGQUIT, SIGABRT, "
				       "SIGKILL, SIGSEGV, SIGPIPE, SIGTERM, SIGUSR1, "
				       "SIGUSR2)", v);
		ex->exit_signal = signals[i].signo;
	} else {
		err = sp_parse_uint(p, "exit", v, 0, 255, &n);
		if (err < 0)
			return err;
		ex->exit_code = (int)n;
	}
	snprintf(ex->name, sizeof(ex->name), "%s", v);
	return sp_done(p, "exit, within, after");
}

/* output~=REGEX: a line of its stdout or stderr (POSIX extended). */
static int parse_expect_output(struct parser *p, struct tb_step_expect *ex,
			       const char *v)
{
	char msg[128];
	regex_t re;
	int err;

	ex->kind = TB_EXPECT_OUTPUT;
	if (sp_find_kv(p, "output")->op != KV_CONTAINS)
		return sp_fail(p, "output takes '~=' (output~=REGEX: a line "
			       "that matches)");
	if (strlen(v) >= sizeof(ex->name))
		return sp_fail(p, "output~=%s: too long (at most %zu bytes)", v,
			       sizeof(ex->name) - 1);
	err = regcomp(&re, v, REG_EXTENDED | REG_NOSUB);
	if (err != 0) {
		regerror(err, &re, msg, sizeof(msg));
		return sp_fail(p, "output~=%s is not a regular expression: %s",
			       v, msg);
	}
	regfree(&re);
	strcpy(ex->name, v);
	return sp_done(p, "output, within, for, after");
}

int sp_parse_expect(struct parser *p, struct tb_step *st)
{
	struct tb_step_expect *ex = &st->u.expect;
	const char *kind = sp_word(p, 1), *event, *notif, *error, *snmp;
	const char *exitv, *output, *app;
	int err, nkinds;

	ex->from = -1;
	ex->count = ex->bytes = ex->duplicates = ex->lost = -1;
	ex->outbound = ex->inbound = -1;
	ex->min = ex->max = -1;
	ex->path = ex->path_from = -1;
	ex->sid = ex->ppid = ex->min_count = -1;
	if (p->nwords >= 1 && strcmp(sp_word(p, 0), "path") == 0 &&
	    sp_find_agent(p->s, "path") < 0)
		return parse_expect_path(p, ex);
	if (kind != NULL && strcmp(kind, "not") == 0) {
		ex->negate = 1;
		kind = sp_word(p, 2);
	}
	if (p->nwords < 1 || p->nwords > 2 + ex->negate)
		return sp_fail(p, "usage: expect AGENT [not] event=|notification=|"
			       "error=|snmp=|received|peer-info|address-change|"
			       "addresses|streams ... within=T|for=T, or expect "
			       "path NAME carries ...");
	err = sp_ref_agent(p, sp_word(p, 0), &ex->agent);
	if (err < 0)
		return err;
	event = sp_opt(p, "event");
	notif = sp_opt(p, "notification");
	error = sp_opt(p, "error");
	snmp = sp_opt(p, "snmp");
	exitv = sp_opt(p, "exit");
	output = sp_opt(p, "output");
	app = sp_opt(p, "app");
	nkinds = (event != NULL) + (notif != NULL) + (error != NULL) +
		 (snmp != NULL) + (kind != NULL) + (exitv != NULL) +
		 (output != NULL) + (app != NULL);
	if (nkinds != 1)
		return sp_fail(p, "expect takes one of event=, notification=, "
			       "error=, snmp=, exit=, output~=, app=, received, "
			       "sent, peer-info, address-change, addresses, "
			       "streams");
	err = sp_check_expect_agent(p, ex->agent, event, output != NULL,
				    app != NULL);
	if (err < 0)
		return err;
	if (sp_opt(p, "assoc") != NULL) {
		unsigned long long n;

		if (p->s->agents[ex->agent].role != TB_AGENT_EXEC)
			return sp_fail(p, "assoc= is for a program (exec), which "
				       "may have several associations");
		err = sp_check_assoc(p, event, snmp, exitv, output, app);
		if (err < 0)
			return err;
		err = sp_parse_uint(p, "assoc", sp_opt(p, "assoc"), 1, 65535, &n);
		if (err < 0)
			return err;
		ex->assoc = (int)n;
	}
	err = parse_timing(p, ex);
	if (err < 0)
		return err;
	if (ex->negate && (event == NULL && notif == NULL && error == NULL &&
			   output == NULL))
		return sp_fail(p, "not is for event=, notification=, error= and "
			       "output~=");
	if (ex->negate && ex->hold_us == 0)
		return sp_fail(p, "not needs for=DURATION: the interval in which "
			       "it must not happen");
	if (ex->hold_us && !ex->negate &&
	    !(snmp != NULL || (kind != NULL && strcmp(kind, "peer-info") == 0)))
		return sp_fail(p, "for= is for peer-info, snmp= max=, path "
			       "carries max= and not ...");

	if (event != NULL) {
		ex->kind = TB_EXPECT_EVENT;
		err = expect_name(p, "event", events, event, ex->name,
				  sizeof(ex->name));
		return err < 0 ? err : sp_done(p, "event, within, for, after");
	}
	if (notif != NULL) {
		ex->kind = TB_EXPECT_NOTIFICATION;
		return parse_expect_notification(p, ex, notif);
	}
	if (snmp != NULL) {
		/* A counter of /proc/net/sctp/snmp in the agent's host. */
		ex->kind = TB_EXPECT_SNMP;
		if (!sp_in_list(snmp_counters, snmp))
			return sp_fail(p, "snmp=%s is not a counter of "
				       "/proc/net/sctp/snmp (e.g. SctpInCtrlChunks)",
				       snmp);
		strcpy(ex->name, snmp);
		if (sp_opt(p, "min") == NULL && sp_opt(p, "max") == NULL)
			return sp_fail(p, "snmp= needs min=N or max=N");
		err = sp_opt_count(p, "min", &ex->min);
		if (err == 0)
			err = sp_opt_count(p, "max", &ex->max);
		if (err == 0 && ex->hold_us && (ex->min >= 0 || ex->max < 0))
			return sp_fail(p, "for= checks an upper bound: snmp= "
				       "max=N only");
		if (err == 0 && ex->within_us && ex->min < 0)
			return sp_fail(p, MAX_WITHIN);
		if (err == 0 && ex->min >= 0 && ex->max >= 0 && ex->min > ex->max)
			return sp_fail(p, "min=%lld is more than max=%lld",
				       ex->min, ex->max);
		return err < 0 ? err : sp_done(p, "snmp, min, max, within, for, after");
	}
	if (app != NULL) {
		err = parse_expect_app(p, ex, app);
		return err < 0 ? err : sp_done(p, "app, FIELD, within, after");
	}
	if (exitv != NULL)
		return parse_expect_exit(p, ex, exitv);
	if (output != NULL)
		return parse_expect_output(p, ex, output);
	if (error != NULL) {
		ex->kind = TB_EXPECT_ERROR;
		if (error[0] != 'E' || strlen(error) < 2 ||
		    strlen(error) >= sizeof(ex->name) ||
		    strspn(error, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
			    strlen(error))
			return sp_fail(p, "error=%s is not an error code (e.g. "
				       "ECONNRESET, ERR_SOCKET_CLOSED)", error);
		strcpy(ex->name, error);
		return sp_done(p, "error, within, for, after");
	}
	if (strcmp(kind, "received") == 0) {
		ex->kind = TB_EXPECT_RECEIVED;
		return parse_expect_received(p, ex);
	}
	if (strcmp(kind, "sent") == 0) {
		if (p->s->agents[ex->agent].role != TB_AGENT_EXEC)
			return sp_fail(p, "sent is for a program (exec); the "
				       "testbed's agents: received from=");
		return parse_expect_messages(p, ex, 1);
	}
	if (strcmp(kind, "peer-info") == 0) {
		ex->kind = TB_EXPECT_PEER_INFO;
		return parse_expect_peer_info(p, ex);
	}
	if (strcmp(kind, "streams") == 0) {
		ex->kind = TB_EXPECT_STREAMS;
		if (sp_opt(p, "outbound") == NULL && sp_opt(p, "inbound") == NULL)
			return sp_fail(p, "streams needs outbound=N or inbound=N");
		/* An association has 1-65535 streams each way. */
		err = sp_opt_streams(p, "outbound", &ex->outbound);
		if (err == 0)
			err = sp_opt_streams(p, "inbound", &ex->inbound);
		return err < 0 ? err : sp_done(p, "outbound, inbound, within, for, after");
	}
	if (strcmp(kind, "address-change") == 0 ||
	    strcmp(kind, "addresses") == 0) {
		ex->kind = kind[7] == '-' ? TB_EXPECT_ADDRESS_CHANGE
					  : TB_EXPECT_ADDRESSES;
		return parse_expect_address_change(p, ex);
	}
	return sp_fail(p, "unknown expectation '%s' (event=, notification=, "
		       "error=, snmp=, exit=, output~=, app=, received, sent, "
		       "peer-info, address-change, addresses, streams)",
		       kind);
}
