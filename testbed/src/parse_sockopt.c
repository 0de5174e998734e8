/* parse_sockopt.c - socket options in scenarios: an agent's options
 * (agent ... heartbeatInterval=200ms rtoMin=1s ...) and the run-time
 * calls (call AGENT setPathParams ..., setRto, setMaxRetransmits,
 * setExposePotentiallyFailed, setNoDelay, and the address methods).  The
 * keys are the addon's own names (addon/index.d.ts), so a scenario reads
 * like the program it stands for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define INT31 2147483647LL

/* agent NAME ... KEY=VALUE: SocketOptions (and SctpOptions under sctp). */
const struct tb_opt_def tb_agent_opts[] = {
	{ "heartbeat", TB_OPT_YESNO, 0, 1, "sctp.paths.heartbeat" },
	{ "heartbeatInterval", TB_OPT_MS, 0, INT31,
	  "sctp.paths.heartbeatInterval" },
	{ "pathMaxRetransmits", TB_OPT_UINT, 1, 65535,
	  "sctp.paths.maxRetransmits" },
	{ "pfThreshold", TB_OPT_UINT, 0, 65535, "sctp.paths.pfThreshold" },
	{ "switchoverThreshold", TB_OPT_UINT, 0, 65535,
	  "sctp.paths.switchoverThreshold" },
	{ "rtoInitial", TB_OPT_MS, 1, INT31, "sctp.rto.initial" },
	{ "rtoMin", TB_OPT_MS, 1, INT31, "sctp.rto.min" },
	{ "rtoMax", TB_OPT_MS, 1, INT31, "sctp.rto.max" },
	{ "maxRetransmits", TB_OPT_UINT, 1, 65535, "sctp.maxRetransmits" },
	{ "exposePotentiallyFailed", TB_OPT_YESNO, 0, 1,
	  "sctp.exposePotentiallyFailed" },
	{ "noDelay", TB_OPT_YESNO, 0, 1, "noDelay" },
	/* The addon's range (lib/options.js): below 1024 is refused there. */
	{ "receiveBufferSize", TB_OPT_UINT, 1024, INT31, "receiveBufferSize" },
	{ "sendBufferSize", TB_OPT_UINT, 1024, INT31, "sendBufferSize" },
	{ "highWaterMark", TB_OPT_UINT, 0, INT31, "highWaterMark" },
	{ "sackFreq", TB_OPT_UINT, 1, 65535, "sctp.sack.freq" },
	{ NULL, 0, 0, 0, NULL },
};

/* call AGENT setPathParams [ADDRESS] KEY=VALUE...: PathParams. */
static const struct tb_opt_def path_params[] = {
	{ "heartbeat", TB_OPT_YESNO, 0, 1, "heartbeat" },
	{ "heartbeatInterval", TB_OPT_MS, 0, INT31, "heartbeatInterval" },
	{ "maxRetransmits", TB_OPT_UINT, 1, 65535, "maxRetransmits" },
	{ "pfThreshold", TB_OPT_UINT, 0, 65535, "pfThreshold" },
	{ "switchoverThreshold", TB_OPT_UINT, 0, 65535, "switchoverThreshold" },
	{ NULL, 0, 0, 0, NULL },
};

/* call AGENT setRto KEY=VALUE...: RtoOptions. */
static const struct tb_opt_def rto[] = {
	{ "initial", TB_OPT_MS, 1, INT31, "initial" },
	{ "min", TB_OPT_MS, 1, INT31, "min" },
	{ "max", TB_OPT_MS, 1, INT31, "max" },
	{ NULL, 0, 0, 0, NULL },
};

static const char *const call_names[] = {
	[TB_CALL_ADD_LOCAL] = "addLocalAddress",
	[TB_CALL_REMOVE_LOCAL] = "removeLocalAddress",
	[TB_CALL_SET_PRIMARY] = "setPrimaryAddress",
	[TB_CALL_PEER_PRIMARY] = "requestPeerPrimary",
	[TB_CALL_PATH_PARAMS] = "setPathParams",
	[TB_CALL_RTO] = "setRto",
	[TB_CALL_MAX_RETRANS] = "setMaxRetransmits",
	[TB_CALL_EXPOSE_PF] = "setExposePotentiallyFailed",
	[TB_CALL_NODELAY] = "setNoDelay",
};

#define NCALLS (sizeof(call_names) / sizeof(call_names[0]))

const char *tb_call_name(enum tb_call_method m)
{
	if ((unsigned int)m < NCALLS)
		return call_names[m];
	return "?";
}

static const struct tb_opt_def *find_def(const struct tb_opt_def *defs,
					 const char *key)
{
	for (; defs->key != NULL; defs++)
		if (strcmp(defs->key, key) == 0)
			return defs;
	return NULL;
}

/* One value as the definition says. */
static int opt_value(struct parser *p, const struct tb_opt_def *d,
		     const char *v, long long *out)
{
	unsigned long long n;
	uint32_t us;
	int err, yes;

	switch (d->type) {
	case TB_OPT_YESNO:
		err = sp_parse_yesno(p, d->key, v, &yes);
		*out = yes;
		return err;
	case TB_OPT_UINT:
		err = sp_parse_uint(p, d->key, v, (unsigned long long)d->min,
				    (unsigned long long)d->max, &n);
		*out = (long long)n;
		return err;
	case TB_OPT_MS:
		err = sp_parse_duration(p, d->key, v, &us);
		if (err < 0)
			return err;
		if (us % 1000 != 0)
			return sp_fail(p, "%s=%s: whole milliseconds", d->key, v);
		*out = us / 1000;
		if (*out < d->min || *out > d->max)
			return sp_fail(p, "%s=%s is out of range (%lldms-%lldms)",
				       d->key, v, d->min, d->max);
		return 0;
	}
	return -EINVAL;
}

int sp_parse_opts(struct parser *p, const struct tb_opt_def *defs,
		  struct tb_opt_set *set)
{
	const struct tb_opt_def *d;
	int i, err;

	for (i = 0; i < p->nkv; i++) {
		if (p->kv[i].used || (d = find_def(defs, p->kv[i].key)) == NULL)
			continue;
		p->kv[i].used = 1;
		if (set->n >= TB_SCRIPT_MAX_OPTS)
			return sp_fail(p, "too many options (at most %d)",
				       TB_SCRIPT_MAX_OPTS);
		err = opt_value(p, d, p->kv[i].val, &set->o[set->n].value);
		if (err < 0)
			return err;
		set->o[set->n++].def = d;
	}
	return 0;
}

/* The value given for key, or -1. */
static long long opt_of(const struct tb_opt_set *set, const char *key)
{
	unsigned int i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->o[i].def->key, key) == 0)
			return set->o[i].value;
	return -1;
}

int sp_check_rto(struct parser *p, const struct tb_opt_set *set,
		 const char *kmin, const char *kmax)
{
	long long min = opt_of(set, kmin), max = opt_of(set, kmax);

	if (min >= 0 && max >= 0 && min > max)
		return sp_fail(p, "%s=%lldms is more than %s=%lldms", kmin, min,
			       kmax, max);
	return 0;
}

int sp_check_sack(struct parser *p, const struct tb_opt_set *set,
		  int sack_off)
{
	long long freq = opt_of(set, "sackFreq");

	if (sack_off && freq >= 0)
		return sp_fail(p, "sackFreq=%lld with sack=off: sack=off is "
			       "a SACK for every packet (sackFreq=1)", freq);
	return 0;
}

/* The host the address must be on for the method: the agent's own, or
 * its peer's (whom it has an association with). */
static int address_host(const struct tb_script *s, const struct tb_step_call *c)
{
	const struct tb_script_agent *a = &s->agents[c->agent];
	unsigned int i;

	if (c->method != TB_CALL_SET_PRIMARY && c->method != TB_CALL_PATH_PARAMS)
		return a->host;
	if (a->peer >= 0)
		return s->agents[a->peer].host;
	for (i = 0; i < s->nagents; i++)
		if (s->agents[i].peer == c->agent)
			return s->agents[i].host;
	return -1;
}

/* The address a call names: on the right host, and on a path at this
 * line (for addLocalAddress: added with addr add above). */
static int call_address(struct parser *p, struct tb_step_call *c,
			const char *v)
{
	char text[64];
	int err, path, end, host, want = address_host(p->s, c);

	err = sp_parse_addr_ref(p, "address", v, &c->address);
	if (err < 0)
		return err;
	c->has_address = 1;
	if (c->address.host >= 0) {
		host = c->address.host;
	} else {
		sp_addr_text(&c->address.addr, text, sizeof(text));
		if (sp_addr_holder(p, &c->address.addr, &path, &end) < 0)
			return sp_fail(p, "%s: address %s is on no path here",
				       call_names[c->method], text);
		host = p->cur[path][end].host;
	}
	if (want >= 0 && host != want)
		return sp_fail(p, "%s: %s is %s's address, not %s's (%s)",
			       call_names[c->method], v,
			       p->s->hosts[host].name, p->s->hosts[want].name,
			       c->method == TB_CALL_SET_PRIMARY ||
					       c->method == TB_CALL_PATH_PARAMS
				       ? "a peer's address"
				       : "one of the agent's own");
	return 0;
}

int sp_parse_call(struct parser *p, struct tb_step *st)
{
	struct tb_step_call *c = &st->u.call;
	unsigned int m;
	int yes = 0, err;

	if (p->nwords < 2)
		return sp_fail(p, "usage: call AGENT METHOD [ARGUMENTS]");
	err = sp_ref_agent(p, sp_word(p, 0), &c->agent);
	if (err == 0)
		err = sp_check_alive(p, c->agent);
	if (err < 0)
		return err;
	for (m = 0; m < NCALLS; m++)
		if (strcmp(sp_word(p, 1), call_names[m]) == 0)
			break;
	if (m == NCALLS)
		return sp_fail(p, "unknown method '%s' (addLocalAddress, "
			       "removeLocalAddress, setPrimaryAddress, "
			       "requestPeerPrimary, setPathParams, setRto, "
			       "setMaxRetransmits, setExposePotentiallyFailed, "
			       "setNoDelay)", sp_word(p, 1));
	c->method = (enum tb_call_method)m;
	if (p->s->agents[c->agent].role == TB_AGENT_EXEC)
		return sp_fail(p, "agent '%s' is a program (exec): its socket is "
			       "its own", sp_word(p, 0));
	switch (c->method) {
	case TB_CALL_ADD_LOCAL:
	case TB_CALL_REMOVE_LOCAL:
	case TB_CALL_SET_PRIMARY:
	case TB_CALL_PEER_PRIMARY:
		err = sp_words_exactly(p, 3, "AGENT METHOD ADDRESS");
		if (err == 0)
			err = call_address(p, c, sp_word(p, 2));
		return err < 0 ? err : sp_done(p, "none");
	case TB_CALL_PATH_PARAMS:
		if (p->nwords > 3)
			return sp_fail(p, "usage: call AGENT setPathParams "
				       "[ADDRESS] KEY=VALUE...");
		if (p->nwords == 3) {
			err = call_address(p, c, sp_word(p, 2));
			if (err < 0)
				return err;
		}
		err = sp_parse_opts(p, path_params, &c->opts);
		if (err == 0)
			err = sp_done(p, "heartbeat, heartbeatInterval, "
				      "maxRetransmits, pfThreshold, "
				      "switchoverThreshold");
		if (err == 0 && c->opts.n == 0)
			err = sp_fail(p, "setPathParams needs a parameter");
		return err;
	case TB_CALL_RTO:
		err = sp_words_exactly(p, 2, "AGENT setRto initial=T min=T max=T");
		if (err == 0)
			err = sp_parse_opts(p, rto, &c->opts);
		if (err == 0)
			err = sp_done(p, "initial, min, max");
		if (err == 0 && c->opts.n == 0)
			err = sp_fail(p, "setRto needs initial=, min= or max=");
		if (err == 0)
			err = sp_check_rto(p, &c->opts, "min", "max");
		return err;
	case TB_CALL_MAX_RETRANS:
		err = sp_words_exactly(p, 3, "AGENT setMaxRetransmits N");
		if (err == 0) {
			unsigned long long n;

			err = sp_parse_uint(p, "setMaxRetransmits", sp_word(p, 2),
					    1, 65535, &n);
			c->value = (long long)n;
		}
		return err < 0 ? err : sp_done(p, "none");
	case TB_CALL_EXPOSE_PF:
	case TB_CALL_NODELAY:
		err = sp_words_exactly(p, 3, "AGENT METHOD yes|no");
		if (err == 0)
			err = sp_parse_yesno(p, call_names[m], sp_word(p, 2),
					     &yes);
		c->value = yes;
		return err < 0 ? err : sp_done(p, "none");
	}
	return -EINVAL;
}
