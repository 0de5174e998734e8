/* expect.c - what the agents reported, and whether an expectation holds. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

void tb_reports_init(struct tb_reports *r)
{
	memset(r, 0, sizeof(*r));
	r->events = json_array();
	r->rx = json_object();
}

void tb_reports_free(struct tb_reports *r)
{
	json_decref(r->events);
	json_decref(r->paths);
	json_decref(r->rx);
	json_decref(r->tx);
	memset(r, 0, sizeof(*r));
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static double num(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static int is(const json_t *o, const char *key, const char *want)
{
	const char *v = str(o, key);

	return v != NULL && strcmp(v, want) == 0;
}

int tb_reports_since(const struct tb_reports *r, const char *ev, double since)
{
	size_t i = json_array_size(r->events);
	const json_t *rep;

	while (i-- > 0) {
		rep = json_array_get(r->events, i);
		if (is(rep, "ev", ev) && num(rep, "t") >= since)
			return 1;
	}
	return 0;
}

/* assoc=N: only the reports of a program's Nth association count. */
static int in_assoc(const struct tb_step_expect *e, const json_t *ev)
{
	return e->assoc == 0 || (int)num(ev, "assoc") == e->assoc;
}

int tb_reports_add(struct tb_reports *r, json_t *report)
{
	const char *ev = str(report, "ev");
	char from[16];

	if (ev == NULL || !json_is_number(json_object_get(report, "t"))) {
		json_decref(report);
		return -EINVAL;
	}
	if (strcmp(ev, "peer-info") == 0) {
		json_decref(r->paths);
		r->paths = json_incref(json_object_get(report, "paths"));
	} else if (strcmp(ev, "rx") == 0) {
		snprintf(from, sizeof(from), "%lld",
			 json_integer_value(json_object_get(report, "from")));
		json_object_set(r->rx, from, report);
	} else if (strcmp(ev, "tx") == 0) {
		json_decref(r->tx);
		r->tx = json_incref(report);
	} else if (strcmp(ev, "exit") == 0) {
		r->exited = 1;
	}
	return json_array_append_new(r->events, report) == 0 ? 0 : -ENOMEM;
}

void tb_ref_format(const struct tb_addr_ref *ref, char *buf, size_t len)
{
	if (inet_ntop(ref->addr.family, ref->addr.addr.raw, buf, len) == NULL)
		snprintf(buf, len, "?");
}

int tb_ref_matches(const struct tb_addr_ref *ref, const char *text)
{
	struct tb_prefix p;
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (text == NULL || strchr(text, '/') != NULL ||
	    tb_prefix_parse(text, &p) < 0)
		return 0;
	/* An IPv4-mapped IPv6 address stands for the IPv4 one. */
	if (p.family == AF_INET6 && memcmp(p.addr.raw, mapped, 12) == 0) {
		memmove(p.addr.raw, p.addr.raw + 12, 4);
		p.family = AF_INET;
	}
	if (p.family != ref->addr.family)
		return 0;
	return memcmp(p.addr.raw, ref->addr.addr.raw,
		      p.family == AF_INET ? 4 : 16) == 0;
}

/* Appends to a bounded buffer, keeping it terminated. */
struct out {
	char *buf;
	size_t len, used;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len == 0 || o->used >= o->len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n < o->len - o->used ? (size_t)n
							: o->len - o->used - 1;
}

static int ref_in_list(const struct tb_addr_ref *ref, const json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (tb_ref_matches(ref, json_string_value(v)))
			return 1;
	return 0;
}

static const char *const ac_names[] = {
	[TB_AC_LOCAL_ADDRESSES] = "localAddresses",
	[TB_AC_REMOTE_ADDRESSES] = "remoteAddresses",
	[TB_AC_LOCAL_ADDRESS] = "localAddress",
	[TB_AC_REMOTE_ADDRESS] = "remoteAddress",
	[TB_AC_LOCAL_PORT] = "localPort",
	[TB_AC_REMOTE_PORT] = "remotePort",
};

static int ac_holds(const struct tb_ac_check *c, const json_t *ev)
{
	const json_t *v = json_object_get(ev, ac_names[c->field]);
	unsigned int i, matched;
	size_t j;
	json_t *item;

	switch (c->field) {
	case TB_AC_LOCAL_PORT:
	case TB_AC_REMOTE_PORT:
		return json_is_integer(v) &&
		       json_integer_value(v) == (json_int_t)c->port;
	case TB_AC_LOCAL_ADDRESS:
	case TB_AC_REMOTE_ADDRESS:
		return c->naddrs == 1 &&
		       tb_ref_matches(&c->addrs[0], json_string_value(v));
	case TB_AC_LOCAL_ADDRESSES:
	case TB_AC_REMOTE_ADDRESSES:
		break;
	}
	if (!json_is_array(v))
		return 0;
	matched = 0;
	for (i = 0; i < c->naddrs; i++)
		if (ref_in_list(&c->addrs[i], v))
			matched++;
	switch (c->op) {
	case TB_AC_CONTAINS:
		return matched == c->naddrs;
	case TB_AC_LACKS:
		return matched == 0;
	case TB_AC_EQUALS:
		if (matched != c->naddrs)
			return 0;
		/* and nothing else in the list */
		json_array_foreach(v, j, item) {
			for (i = 0; i < c->naddrs; i++)
				if (tb_ref_matches(&c->addrs[i],
						   json_string_value(item)))
					break;
			if (i == c->naddrs)
				return 0;
		}
		return 1;
	}
	return 0;
}

/* An exit report's status ("exit 3", "signal 9") against exit=. */
static int exit_matches(const struct tb_step_expect *e, const char *status)
{
	int n;

	if (status == NULL)
		return 0;
	if (e->exit_signal)
		return sscanf(status, "signal %d", &n) == 1 && n == e->exit_signal;
	return sscanf(status, "exit %d", &n) == 1 && n == e->exit_code;
}

/* A line of output against output~=REGEX (compiled here: the parser has
 * checked it compiles). */
static int line_matches(const char *pattern, const char *line)
{
	regex_t re;
	int hit;

	if (line == NULL || regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	hit = regexec(&re, line, 0, NULL, 0) == 0;
	regfree(&re);
	return hit;
}

/* A report's field against a script's value: a number numerically,
 * against a value that is all a decimal number (ms=1234.5678, 17 = 17.0
 * = 1.7e1; no hex, inf or nan); a string as text; true, false, null. */
static int field_is(const json_t *v, const char *want)
{
	char *end;
	double d;

	if (json_is_string(v))
		return strcmp(json_string_value(v), want) == 0;
	if (json_is_number(v)) {
		if (want[0] == '\0' || strpbrk(want, "xXiInN") != NULL)
			return 0;
		errno = 0;
		d = strtod(want, &end);
		return *end == '\0' && errno == 0 && json_number_value(v) == d;
	}
	if (json_is_true(v))
		return strcmp(want, "true") == 0;
	if (json_is_false(v))
		return strcmp(want, "false") == 0;
	return json_is_null(v) && strcmp(want, "null") == 0;
}

/* Does one event-like report satisfy e? */
static int event_matches(const struct tb_step_expect *e, const json_t *ev)
{
	unsigned int i;

	switch (e->kind) {
	case TB_EXPECT_EVENT:
		return is(ev, "ev", e->name);
	case TB_EXPECT_ERROR:
		return is(ev, "ev", "error") && is(ev, "code", e->name);
	case TB_EXPECT_NOTIFICATION:
		if (!is(ev, "ev", "notification") || !is(ev, "type", e->name))
			return 0;
		if (e->state[0] != '\0' && !is(ev, "state", e->state))
			return 0;
		return !e->has_address ||
		       tb_ref_matches(&e->address, str(ev, "address"));
	case TB_EXPECT_ADDRESS_CHANGE:
		if (!is(ev, "ev", "address-change"))
			return 0;
		for (i = 0; i < e->nchecks; i++)
			if (!ac_holds(&e->checks[i], ev))
				return 0;
		return 1;
	case TB_EXPECT_EXIT:
		return is(ev, "ev", "exit") && exit_matches(e, str(ev, "status"));
	case TB_EXPECT_OUTPUT:
		return is(ev, "ev", "output") && line_matches(e->name,
							      str(ev, "line"));
	case TB_EXPECT_APP:
		if (!is(ev, "ev", "app") || !is(ev, "name", e->name))
			return 0;
		for (i = 0; i < e->nfields; i++)
			if (!field_is(json_object_get(ev, e->fkey[i]), e->fval[i]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* The report kind an event-like expectation looks at. */
static const char *kind_ev(const struct tb_step_expect *e)
{
	switch (e->kind) {
	case TB_EXPECT_ERROR:
		return "error";
	case TB_EXPECT_NOTIFICATION:
		return "notification";
	case TB_EXPECT_ADDRESS_CHANGE:
		return "address-change";
	case TB_EXPECT_EXIT:
		return "exit";
	case TB_EXPECT_OUTPUT:
		return "output";
	case TB_EXPECT_APP:
		return "app";
	default:
		return NULL;	/* events: any */
	}
}

static void describe(struct out *o, const json_t *ev)
{
	const char *what = str(ev, "ev");
	size_t i;
	json_t *v;

	put(o, "%s", what);
	if (strcmp(what, "notification") == 0) {
		put(o, " %s", str(ev, "type") ? str(ev, "type") : "?");
		if (str(ev, "state"))
			put(o, " %s", str(ev, "state"));
		if (str(ev, "address"))
			put(o, " %s", str(ev, "address"));
	} else if (strcmp(what, "error") == 0 ||
		   strcmp(what, "agent-error") == 0) {
		put(o, " %s (%s)", str(ev, "code") ? str(ev, "code") : "-",
		    str(ev, "message") ? str(ev, "message") : "");
	} else if (json_is_array(json_object_get(ev, "localAddresses"))) {
		put(o, " local=[");
		json_array_foreach(json_object_get(ev, "localAddresses"), i, v)
			put(o, "%s%s", i ? "," : "", json_string_value(v));
		put(o, "] remote=[");
		json_array_foreach(json_object_get(ev, "remoteAddresses"), i, v)
			put(o, "%s%s", i ? "," : "", json_string_value(v));
		put(o, "] primary=%s", str(ev, "remoteAddress") ?
				       str(ev, "remoteAddress") : "-");
	} else if (strcmp(what, "exit") == 0) {
		put(o, " (%s)", str(ev, "status") ? str(ev, "status") : "?");
	} else if (strcmp(what, "app") == 0) {
		const char *key;

		put(o, " %s", str(ev, "name") ? str(ev, "name") : "?");
		json_object_foreach((json_t *)ev, key, v) {
			if (strcmp(key, "ev") == 0 || strcmp(key, "t") == 0 ||
			    strcmp(key, "name") == 0 || strcmp(key, "agent") == 0 ||
			    strcmp(key, "kind") == 0)
				continue;
			if (json_is_string(v))
				put(o, " %s=%s", key, json_string_value(v));
			else if (json_is_integer(v))
				put(o, " %s=%" JSON_INTEGER_FORMAT, key,
				    json_integer_value(v));
			else
				put(o, " %s=...", key);
		}
	} else if (strcmp(what, "output") == 0) {
		put(o, " %s '%s'", str(ev, "stream") ? str(ev, "stream") : "?",
		    str(ev, "line") ? str(ev, "line") : "");
	}
	put(o, " at %.0f ms", num(ev, "t"));
}

/* Whether a report is worth showing for an unmet expectation: one of its
 * kind (any event for event=), an error, or the agent's end; never the
 * periodic counters and path states. */
static int worth_showing(const json_t *ev, const char *want, double since)
{
	static const char *const noisy[] = { "rx", "tx", "peer-info", "snmp",
					     NULL };
	unsigned int k;

	if (num(ev, "t") < since)
		return 0;
	for (k = 0; noisy[k] != NULL; k++)
		if (is(ev, "ev", noisy[k]))
			return 0;
	/* A program's output only for output~= */
	if (is(ev, "ev", "output") && (want == NULL || strcmp(want, "output")))
		return 0;
	return want == NULL || is(ev, "ev", want) || is(ev, "ev", "error") ||
	       is(ev, "ev", "exit") || is(ev, "ev", "agent-error");
}

/* The last five reports worth showing since `since`, oldest first. */
static void seen_events(struct out *o, const struct tb_step_expect *e,
			const struct tb_reports *r, double since)
{
	const char *want = kind_ev(e);
	size_t i, n = json_array_size(r->events), total = 0, shown = 0, first;
	const json_t *ev;

	for (i = 0; i < n; i++)
		total += worth_showing(json_array_get(r->events, i), want, since);
	if (total == 0) {
		put(o, "no %s report since %.0f ms", want ? want : "event",
		    since);
		return;
	}
	first = total > 5 ? total - 5 : 0;
	put(o, "saw ");
	for (i = 0; i < n; i++) {
		ev = json_array_get(r->events, i);
		if (!worth_showing(ev, want, since) || shown++ < first)
			continue;
		if (shown > first + 1)
			put(o, "; ");
		describe(o, ev);
	}
	if (first > 0)
		put(o, " (last 5 of %zu)", total);
}

static const json_t *path_of(const json_t *paths, const struct tb_addr_ref *ref)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)paths, key, v)
		if (tb_ref_matches(ref, key))
			return v;
	return NULL;
}

static int check_peer_info(const struct tb_step_expect *e,
			   const struct tb_reports *r, double since,
			   double *at, struct out *o)
{
	char addr[INET6_ADDRSTRLEN];
	double run_start = -1;
	size_t i;
	const json_t *ev, *p;
	const char *key;
	json_t *v;

	/* When did the state last become the wanted one? Not since the
	 * association closed or the agent ended: no path has a state then. */
	json_array_foreach(r->events, i, ev) {
		if ((is(ev, "ev", "close") && in_assoc(e, ev)) ||
		    is(ev, "ev", "exit"))
			run_start = -1;
		if (!is(ev, "ev", "peer-info") || !in_assoc(e, ev))
			continue;
		p = path_of(json_object_get(ev, "paths"), &e->address);
		if (p != NULL && is(p, "state", e->state)) {
			if (run_start < 0)
				run_start = num(ev, "t");
		} else {
			run_start = -1;
		}
	}
	if (run_start >= 0) {
		*at = run_start > since ? run_start : since;
		return 1;
	}
	tb_ref_format(&e->address, addr, sizeof(addr));
	if (r->paths == NULL) {
		put(o, "no peer-info report");
		return 0;
	}
	p = path_of(r->paths, &e->address);
	if (p == NULL)
		put(o, "%s is not a path of the association:", addr);
	else
		put(o, "%s is %s:", addr, str(p, "state") ? str(p, "state") : "?");
	json_object_foreach(r->paths, key, v)
		put(o, " %s=%s", key, str(v, "state") ? str(v, "state") : "?");
	return 0;
}

/* The latest report carrying the socket's fields: connect or connection
 * (the association's set-up: addresses, stream counts), or with
 * address_change also address-change (addresses only). */
static const json_t *last_fields(const struct tb_step_expect *e,
				 const struct tb_reports *r, int address_change)
{
	size_t n = json_array_size(r->events);
	const json_t *ev;

	while (n-- > 0) {
		ev = json_array_get(r->events, n);
		if (!in_assoc(e, ev))
			continue;
		if (is(ev, "ev", "connect") || is(ev, "ev", "connection") ||
		    (address_change && is(ev, "ev", "address-change")))
			return ev;
	}
	return NULL;
}

/* The socket's address fields as last reported (connect, connection and
 * address-change reports carry them): do they hold now? */
static int check_addresses(const struct tb_step_expect *e,
			   const struct tb_reports *r, double since,
			   double *at, struct out *o)
{
	const json_t *last = last_fields(e, r, 1);
	unsigned int i;

	if (last == NULL) {
		put(o, "no report of the socket's addresses");
		return 0;
	}
	for (i = 0; i < e->nchecks; i++)
		if (!ac_holds(&e->checks[i], last))
			break;
	if (i == e->nchecks) {
		*at = num(last, "t") > since ? num(last, "t") : since;
		return 1;
	}
	put(o, "last reported: ");
	describe(o, last);
	return 0;
}

/* The stream counts the association was set up with (connect and
 * connection reports carry them). */
static int check_streams(const struct tb_step_expect *e,
			 const struct tb_reports *r, double since, double *at,
			 struct out *o)
{
	const json_t *last = last_fields(e, r, 0);
	long long out, in;

	if (last == NULL) {
		put(o, "no association yet");
		return 0;
	}
	out = (long long)num(last, "outboundStreams");
	in = (long long)num(last, "inboundStreams");
	if ((e->outbound < 0 || out == e->outbound) &&
	    (e->inbound < 0 || in == e->inbound)) {
		*at = num(last, "t") > since ? num(last, "t") : since;
		return 1;
	}
	put(o, "outbound=%lld inbound=%lld", out, in);
	return 0;
}

/* How much an SNMP counter of the agent's host rose since the step: from
 * the last report at or before `since` (else the first one) to the
 * latest, which must be from after `since`. */
static int check_snmp(const struct tb_step_expect *e,
		      const struct tb_reports *r, double since, double *at,
		      struct out *o)
{
	const json_t *ev, *base = NULL, *last = NULL;
	long long from, to, rise;
	size_t i;

	json_array_foreach(r->events, i, ev) {
		if (!is(ev, "ev", "snmp"))
			continue;
		if (base == NULL || num(ev, "t") <= since)
			base = ev;
		last = ev;
	}
	if (last == NULL || num(last, "t") < since) {
		put(o, "no snmp report since the step");
		return 0;
	}
	from = (long long)num(json_object_get(base, "counters"), e->name);
	to = (long long)num(json_object_get(last, "counters"), e->name);
	if (json_object_get(json_object_get(last, "counters"), e->name) == NULL) {
		put(o, "the host has no counter %s", e->name);
		return 0;
	}
	rise = to - from;
	if ((e->min < 0 || rise >= e->min) && (e->max < 0 || rise <= e->max)) {
		*at = num(last, "t");
		return 1;
	}
	put(o, "%s rose by %lld (%lld -> %lld)", e->name, rise, from, to);
	return 0;
}

static int check_received(const struct tb_script *s,
			  const struct tb_step_expect *e,
			  const struct tb_reports *reports, double *at,
			  struct out *o)
{
	const struct tb_reports *r = &reports[e->agent];
	const struct tb_reports *sender = &reports[e->from];
	const json_t *rx, *tx;
	char key[16];
	long long count, bytes, dups, distinct, lost = 0;
	long long order_errors = 0;
	int ok = 1;

	snprintf(key, sizeof(key), "%d", e->from);
	rx = json_object_get(r->rx, key);
	tx = sender->tx;
	if (rx == NULL) {
		put(o, "nothing received from %s",
		    tb_script_agent(s, (unsigned int)e->from)->name);
		return 0;
	}
	count = (long long)num(rx, "count");
	bytes = (long long)num(rx, "bytes");
	dups = (long long)num(rx, "duplicates");
	distinct = (long long)num(rx, "distinct");
	if (e->order == TB_ORDER_PER_STREAM)
		order_errors = (long long)num(rx, "streamOrderErrors");
	else if (e->order == TB_ORDER_ALL)
		order_errors = (long long)num(rx, "orderErrors");
	if (e->count >= 0 && count != e->count)
		ok = 0;
	if (e->bytes >= 0 && bytes != e->bytes)
		ok = 0;
	if (e->duplicates >= 0 && dups != e->duplicates)
		ok = 0;
	if (order_errors != 0)
		ok = 0;
	if (e->reordered >= 0 &&
	    ((long long)num(rx, "orderErrors") > 0) != e->reordered)
		ok = 0;
	if (e->lost >= 0) {
		/* Lost: sent (write callbacks without error) and never
		 * received; known once the sender is done. */
		if (tx == NULL || !json_is_true(json_object_get(tx, "done"))) {
			ok = 0;
		} else {
			lost = (long long)num(tx, "count") - distinct;
			if (lost != e->lost)
				ok = 0;
		}
	}
	put(o, "received %lld messages, %lld bytes, %lld duplicates",
	    count, bytes, dups);
	if (e->order != TB_ORDER_ANY)
		put(o, ", %lld out of order (%s)", order_errors,
		    e->order == TB_ORDER_PER_STREAM ? "per stream" : "overall");
	if (e->reordered >= 0)
		put(o, ", %lld overtook an earlier one",
		    (long long)num(rx, "orderErrors"));
	if (tx != NULL)
		put(o, "; sender wrote %lld%s", (long long)num(tx, "count"),
		    json_is_true(json_object_get(tx, "done")) ? " (done)"
							       : " so far");
	if (e->lost >= 0 && tx != NULL &&
	    json_is_true(json_object_get(tx, "done")))
		put(o, ", %lld lost", lost);
	if (tx != NULL && num(tx, "abandoned") > 0)
		put(o, ", %lld abandoned by the sender",
		    (long long)num(tx, "abandoned"));
	if (ok)
		*at = num(rx, "t");
	return ok;
}

/* A program's messages: each association's latest traffic report holds its
 * counts so far, per "sid/ppid"; added up over the associations (or the
 * one of assoc=) and the streams and PPIDs asked for. */
static int check_messages(const struct tb_step_expect *e,
			  const struct tb_reports *r, double *at, struct out *o)
{
	const char *dir = e->sent ? "tx" : "rx", *key;
	long long count = 0, bytes = 0, sid, ppid;
	json_t *seen = json_object(), *v;
	const json_t *ev;
	char assoc[24];
	size_t i = json_array_size(r->events);
	int n = 0, ok;

	/* From the latest back: each association's last counts. */
	*at = 0;
	while (i-- > 0) {
		ev = json_array_get(r->events, i);
		if (!is(ev, "ev", "traffic") || !in_assoc(e, ev))
			continue;
		snprintf(assoc, sizeof(assoc), "%.0f", num(ev, "assoc"));
		if (json_object_get(seen, assoc) != NULL)
			continue;
		json_object_set_new(seen, assoc, json_true());
		n++;
		if (num(ev, "t") > *at)
			*at = num(ev, "t");
		json_object_foreach(json_object_get(ev, dir), key, v) {
			if (sscanf(key, "%lld/%lld", &sid, &ppid) != 2 ||
			    (e->sid >= 0 && sid != e->sid) ||
			    (e->ppid >= 0 && ppid != e->ppid))
				continue;
			count += (long long)num(v, "count");
			bytes += (long long)num(v, "bytes");
		}
	}
	json_decref(seen);
	ok = (e->count < 0 || count == e->count) &&
	     (e->min_count < 0 || count >= e->min_count) &&
	     (e->bytes < 0 || bytes == e->bytes);
	put(o, "%s %lld messages, %lld bytes", e->sent ? "sent" : "received",
	    count, bytes);
	if (e->sid >= 0)
		put(o, " on stream %lld", e->sid);
	if (e->ppid >= 0)
		put(o, " with PPID %lld", e->ppid);
	put(o, " (%d association%s)", n, n == 1 ? "" : "s");
	return ok;
}

/* Whether a program has made no report of its own: its output, its exit
 * and its SCTP counters are the runner's, and a line that was no report
 * (agent-error) is none.  Said when an expectation that needs its reports
 * is not met: a program off lksctp reports nothing unless it writes to
 * fd 3 itself. */
static int silent_program(const struct tb_script *s,
			  const struct tb_step_expect *e,
			  const struct tb_reports *r)
{
	static const char *const runners[] = { "output", "exit", "snmp",
					       "agent-error", NULL };
	const json_t *ev;
	unsigned int k;
	size_t i;

	if (tb_script_agent(s, (unsigned int)e->agent)->role != TB_AGENT_EXEC ||
	    e->kind == TB_EXPECT_SNMP || e->kind == TB_EXPECT_EXIT ||
	    e->kind == TB_EXPECT_OUTPUT)
		return 0;
	json_array_foreach(r->events, i, ev) {
		for (k = 0; runners[k] != NULL && !is(ev, "ev", runners[k]); k++)
			;
		if (runners[k] == NULL)
			return 0;
	}
	return 1;
}

/* e against its agent's reports, by its kind (tb_expect_check). */
static int check(const struct tb_script *s, const struct tb_step_expect *e,
		 const struct tb_reports *reports, double since, double *at,
		 struct out *o)
{
	const struct tb_reports *r = &reports[e->agent];
	size_t i;
	const json_t *ev;
	int met;

	switch (e->kind) {
	case TB_EXPECT_PEER_INFO:
		return check_peer_info(e, r, since, at, o);
	case TB_EXPECT_ADDRESSES:
		return check_addresses(e, r, since, at, o);
	case TB_EXPECT_STREAMS:
		return check_streams(e, r, since, at, o);
	case TB_EXPECT_SNMP:
		return check_snmp(e, r, since, at, o);
	case TB_EXPECT_MESSAGES:
		met = check_messages(e, r, at, o);
		if (met && *at < since)
			*at = since;
		return met;
	case TB_EXPECT_RECEIVED:
		if (e->from < 0 ||
		    (unsigned int)e->from >= tb_script_nagents(s))
			return -EINVAL;
		met = check_received(s, e, reports, at, o);
		if (met && *at < since)
			*at = since;
		return met;
	default:
		break;
	}
	json_array_foreach(r->events, i, ev) {
		if (num(ev, "t") >= since && in_assoc(e, ev) &&
		    event_matches(e, ev)) {
			*at = num(ev, "t");
			return 1;
		}
	}
	seen_events(o, e, r, since);
	return 0;
}

int tb_expect_check(const struct tb_script *s, const struct tb_step_expect *e,
		    const struct tb_reports *reports, double since, double *at,
		    char *observed, size_t len)
{
	struct out o = { observed, len, 0 };
	int met;

	if (len > 0)
		observed[0] = '\0';
	if (e->agent < 0 || (unsigned int)e->agent >= tb_script_nagents(s))
		return -EINVAL;
	met = check(s, e, reports, since, at, &o);
	if (met == 0 && silent_program(s, e, &reports[e->agent]))
		put(&o, "; the program has made no valid report on fd 3 "
		    "(LKSCTP_TESTBED_FD)");
	return met;
}
