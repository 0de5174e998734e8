/* script.c - the scenario script parser (see script.h, scenarios/README.md).
 *
 * Two passes over the text: the first notes where agents are declared (so
 * that a use before the declaration says so), the second tokenises each line
 * and hands it to its verb's parser from the table below, which checks it
 * against what the script has declared so far and appends one step.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "sysctl.h"
#include "text.h"

#define MAX_TOKENS 32
#define MAX_LATER_AGENTS 64

struct tb_script {
	char *name;
	unsigned int nhosts, npaths, nagents;
	struct tb_script_host hosts[TB_SCRIPT_MAX_HOSTS];
	struct tb_script_path paths[TB_SCRIPT_MAX_PATHS];
	struct tb_script_agent agents[TB_SCRIPT_MAX_AGENTS];
	unsigned int nsteps, cap;
	struct tb_step *steps;
};

enum kv_op {
	KV_EQ,		/* key=value */
	KV_CONTAINS,	/* key~=value */
	KV_LACKS,	/* key!~=value */
};

struct kv {
	char *key;
	char *val;
	enum kv_op op;
	int used;
};

struct parser {
	struct tb_script *s;
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
	const char *verb;
	int nwords;
	char *words[MAX_TOKENS];	/* positional words after the verb */
	int nkv;
	struct kv kv[MAX_TOKENS];
	int running;			/* a run-time step has been seen */
	/* each path end's addresses as the script has made them so far */
	struct tb_path_end cur[TB_SCRIPT_MAX_PATHS][2];
	/* agents declared further down, for "used before it is declared" */
	unsigned int nlater;
	struct {
		char name[TB_SCRIPT_NAME_MAX + 1];
		unsigned int line;
	} later[MAX_LATER_AGENTS];
};

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The message quotes the script's text: it is escaped whole (text.h), as
 * is the file's name, since the formats themselves are plain ASCII without
 * a backslash. */
static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[512], emsg[TB_ESCAPED_MAX(sizeof(msg))];
	char file[TB_ESCAPED_MAX(1024)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tb_escape(emsg, sizeof(emsg), msg);
	tb_escape(file, sizeof(file), p->file);
	if (p->errlen > 0)
		snprintf(p->err, p->errlen, "%s:%u: %s", file, p->line, emsg);
	return -EINVAL;
}

/* "FILE: what", FILE escaped (a failure before any line is read). */
static void fail_file(char *err, size_t errlen, const char *path,
		      const char *what)
{
	char file[TB_ESCAPED_MAX(1024)];

	tb_escape(file, sizeof(file), path);
	if (errlen > 0)
		snprintf(err, errlen, "%s: %s", file, what);
}

/* Names of things */

const char *tb_verb_name(enum tb_verb verb)
{
	switch (verb) {
	case TB_VERB_HOST:
		return "host";
	case TB_VERB_PATH:
		return "path";
	case TB_VERB_SYSCTL:
		return "sysctl";
	case TB_VERB_AGENT:
		return "agent";
	case TB_VERB_SEND:
		return "send";
	case TB_VERB_LINK:
		return "link";
	case TB_VERB_ADDR:
		return "addr";
	case TB_VERB_NETEM:
		return "netem";
	case TB_VERB_WAIT:
		return "wait";
	case TB_VERB_EXPECT:
		return "expect";
	case TB_VERB_CLOSE:
		return "close";
	case TB_VERB_KILL:
		return "kill";
	case TB_VERB_CALL:
		return "call";
	}
	return "?";
}

static const char *const call_names[] = {
	[TB_CALL_ADD_LOCAL] = "addLocalAddress",
	[TB_CALL_REMOVE_LOCAL] = "removeLocalAddress",
	[TB_CALL_SET_PRIMARY] = "setPrimaryAddress",
	[TB_CALL_PEER_PRIMARY] = "requestPeerPrimary",
};

const char *tb_call_name(enum tb_call_method m)
{
	if ((unsigned int)m < sizeof(call_names) / sizeof(call_names[0]))
		return call_names[m];
	return "?";
}

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

static int in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static void join(const char *const *list, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *list != NULL && n < len; list++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      n > 0 ? ", " : "", *list);
}

/* Lookups */

static int find_host(const struct tb_script *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nhosts; i++)
		if (strcmp(s->hosts[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int find_path(const struct tb_script *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->npaths; i++)
		if (strcmp(s->paths[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int find_agent(const struct tb_script *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nagents; i++)
		if (strcmp(s->agents[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The end of path on host, or -1. */
static int path_end(const struct tb_script *s, int path, int host)
{
	if (s->paths[path].end[0].host == host)
		return 0;
	if (s->paths[path].end[1].host == host)
		return 1;
	return -1;
}

static int check_name(struct parser *p, const char *what, const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > TB_SCRIPT_NAME_MAX || !isalpha((unsigned char)name[0]) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_-") != n)
		return fail(p, "bad %s name '%s' (a letter, then letters, "
			    "digits, '_' or '-'; at most %d)",
			    what, name, TB_SCRIPT_NAME_MAX);
	return 0;
}

static int ref_host(struct parser *p, const char *name, int *host)
{
	*host = find_host(p->s, name);
	if (*host < 0)
		return fail(p, "host '%s' is not declared", name);
	return 0;
}

static int ref_path(struct parser *p, const char *name, int *path)
{
	*path = find_path(p->s, name);
	if (*path < 0)
		return fail(p, "path '%s' is not declared", name);
	return 0;
}

static int ref_agent(struct parser *p, const char *name, int *agent)
{
	unsigned int i;

	*agent = find_agent(p->s, name);
	if (*agent >= 0)
		return 0;
	for (i = 0; i < p->nlater; i++)
		if (strcmp(p->later[i].name, name) == 0 &&
		    p->later[i].line > p->line)
			return fail(p, "agent '%s' used before it is declared "
				    "(line %u)", name, p->later[i].line);
	return fail(p, "agent '%s' is not declared", name);
}

static int need_end(struct parser *p, int path, int host)
{
	if (path_end(p->s, path, host) < 0)
		return fail(p, "host '%s' is not on path '%s'",
			    p->s->hosts[host].name, p->s->paths[path].name);
	return 0;
}

/* Arguments */

static const char *word(struct parser *p, int i)
{
	return i < p->nwords ? p->words[i] : NULL;
}

static struct kv *find_kv(struct parser *p, const char *key)
{
	int i;

	for (i = 0; i < p->nkv; i++)
		if (strcmp(p->kv[i].key, key) == 0) {
			p->kv[i].used = 1;
			return &p->kv[i];
		}
	return NULL;
}

/* The value of key=, or NULL when not given. */
static const char *opt(struct parser *p, const char *key)
{
	struct kv *kv = find_kv(p, key);

	return kv != NULL ? kv->val : NULL;
}

/* The value of key=, or NULL with an error when not given. */
static const char *need(struct parser *p, const char *key, const char *what)
{
	const char *v = opt(p, key);

	if (v == NULL)
		fail(p, "%s needs %s=%s", p->verb, key, what);
	return v;
}

static const char *op_text(enum kv_op op)
{
	switch (op) {
	case KV_EQ:
		return "=";
	case KV_CONTAINS:
		return "~=";
	case KV_LACKS:
		return "!~=";
	}
	return "?";
}

/* Every key=value given was taken, with '=': else name the first that was
 * not, and the keys the verb takes. */
static int done(struct parser *p, const char *keys)
{
	int i;

	for (i = 0; i < p->nkv; i++) {
		if (!p->kv[i].used)
			return fail(p, "unknown key '%s' for %s (%s)",
				    p->kv[i].key, p->verb, keys);
		if (p->kv[i].op != KV_EQ)
			return fail(p, "'%s%s' is only for address-change; "
				    "use '%s='", p->kv[i].key,
				    op_text(p->kv[i].op), p->kv[i].key);
	}
	return 0;
}

static int words_exactly(struct parser *p, int n, const char *usage)
{
	if (p->nwords != n)
		return fail(p, "usage: %s %s", p->verb, usage);
	return 0;
}

static int parse_uint(struct parser *p, const char *key, const char *v,
		      unsigned long long min, unsigned long long max,
		      unsigned long long *out)
{
	unsigned long long n;
	char *end;

	*out = 0;	/* defined on every path (fail() is opaque to gcc -O3) */
	if (!isdigit((unsigned char)v[0]))
		return fail(p, "%s=%s is not a number", key, v);
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end != '\0')
		return fail(p, "%s=%s is not a number", key, v);
	if (errno != 0 || n < min || n > max)
		return fail(p, "%s=%s is out of range (%llu-%llu)", key, v,
			    min, max);
	*out = n;
	return 0;
}

static int opt_uint(struct parser *p, const char *key, unsigned long long min,
		    unsigned long long max, unsigned int *out)
{
	unsigned long long n;
	const char *v = opt(p, key);
	int err;

	if (v == NULL)
		return 0;
	err = parse_uint(p, key, v, min, max, &n);
	if (err == 0)
		*out = (unsigned int)n;
	return err;
}

static int opt_count(struct parser *p, const char *key, long long *out)
{
	unsigned long long n;
	const char *v = opt(p, key);
	int err;

	*out = -1;
	if (v == NULL)
		return 0;
	err = parse_uint(p, key, v, 0, 1ULL << 40, &n);
	if (err == 0)
		*out = (long long)n;
	return err;
}

/* A duration with its unit: 200us, 500ms, 1.5s. */
static int parse_duration(struct parser *p, const char *key, const char *v,
			  uint32_t *us)
{
	size_t n = strlen(v);
	int err;

	if (n == 0 || !isalpha((unsigned char)v[n - 1]))
		return fail(p, "%s=%s needs a unit (us, ms, s)", key, v);
	err = tb_parse_time(v, us);
	if (err == -ERANGE)
		return fail(p, "%s=%s is out of range (0-%us)", key, v,
			    UINT32_MAX / 1000000);
	if (err < 0)
		return fail(p, "%s=%s is not a duration (e.g. 500ms, 2s)",
			    key, v);
	return 0;
}

static int parse_percent(struct parser *p, const char *key, const char *v,
			 double *pct)
{
	size_t n = strlen(v);
	int err;

	if (n == 0 || v[n - 1] != '%')
		return fail(p, "%s=%s needs '%%' (e.g. 10%%)", key, v);
	err = tb_parse_percent(v, pct);
	if (err == -ERANGE)
		return fail(p, "%s=%s is out of range (0-100%%)", key, v);
	if (err < 0)
		return fail(p, "%s=%s is not a percentage (e.g. 10%%)", key, v);
	return 0;
}

static int parse_yesno(struct parser *p, const char *key, const char *v,
		       int *out)
{
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return fail(p, "%s=%s is not yes or no", key, v);
	return 0;
}

/* Addresses */

static int same_addr(const struct tb_prefix *a, const struct tb_prefix *b)
{
	return a->family == b->family &&
	       memcmp(a->addr.raw, b->addr.raw,
		      a->family == AF_INET ? 4 : 16) == 0;
}

static void addr_text(const struct tb_prefix *a, char *buf, size_t len)
{
	if (inet_ntop(a->family, a->addr.raw, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

/* Where address a is held now: path and end, or -1. */
static int addr_holder(const struct parser *p, const struct tb_prefix *a,
		       int *path, int *end)
{
	unsigned int i, j, k;

	for (i = 0; i < p->s->npaths; i++)
		for (j = 0; j < 2; j++)
			for (k = 0; k < p->cur[i][j].naddrs; k++)
				if (same_addr(&p->cur[i][j].addrs[k], a)) {
					*path = (int)i;
					*end = (int)j;
					return (int)k;
				}
	return -1;
}

static int parse_prefix(struct parser *p, const char *what, const char *v,
			struct tb_prefix *a)
{
	if (tb_prefix_parse(v, a) < 0)
		return fail(p, "bad address '%s' for %s", v, what);
	return 0;
}

/* Add a to the end of path on host, refusing one already in the script. */
static int end_add(struct parser *p, int path, int end,
		   const struct tb_prefix *a, const char *text)
{
	struct tb_path_end *e = &p->cur[path][end];
	int hp, he;

	if (addr_holder(p, a, &hp, &he) >= 0)
		return fail(p, "address %s is already on %s@%s", text,
			    p->s->hosts[p->cur[hp][he].host].name,
			    p->s->paths[hp].name);
	if (e->naddrs >= TB_SCRIPT_MAX_ADDRS)
		return fail(p, "too many addresses for %s on path '%s' "
			    "(at most %d)", p->s->hosts[e->host].name,
			    p->s->paths[path].name, TB_SCRIPT_MAX_ADDRS);
	e->addrs[e->naddrs++] = *a;
	return 0;
}

/* HOST@PATH[/v4|/v6] or a literal address, resolved now. */
static int parse_addr_ref(struct parser *p, const char *key, const char *v,
			  struct tb_addr_ref *r)
{
	char host[TB_SCRIPT_NAME_MAX + 1], path[TB_SCRIPT_NAME_MAX + 1];
	const char *at = strchr(v, '@'), *slash;
	const struct tb_path_end *e;
	unsigned int i;
	size_t n;
	int end, err;

	memset(r, 0, sizeof(*r));
	if (at == NULL) {
		r->host = r->path = -1;
		if (strchr(v, '/') != NULL || tb_prefix_parse(v, &r->addr) < 0)
			return fail(p, "%s=%s is not an address (HOST@PATH, "
				    "HOST@PATH/v4, HOST@PATH/v6 or an "
				    "address)", key, v);
		return 0;
	}
	n = (size_t)(at - v);
	slash = strchr(at, '/');
	if (n == 0 || n > TB_SCRIPT_NAME_MAX)
		return fail(p, "%s=%s: bad host name", key, v);
	memcpy(host, v, n);
	host[n] = '\0';
	n = slash != NULL ? (size_t)(slash - at - 1) : strlen(at + 1);
	if (n == 0 || n > TB_SCRIPT_NAME_MAX)
		return fail(p, "%s=%s: bad path name", key, v);
	memcpy(path, at + 1, n);
	path[n] = '\0';
	if (slash != NULL) {
		if (strcmp(slash, "/v4") == 0)
			r->family = AF_INET;
		else if (strcmp(slash, "/v6") == 0)
			r->family = AF_INET6;
		else
			return fail(p, "%s=%s: '%s' is not /v4 or /v6", key, v,
				    slash);
	}
	err = ref_host(p, host, &r->host);
	if (err == 0)
		err = ref_path(p, path, &r->path);
	if (err == 0)
		err = need_end(p, r->path, r->host);
	if (err < 0)
		return err;
	end = path_end(p->s, r->path, r->host);
	e = &p->cur[r->path][end];
	for (i = 0; i < e->naddrs; i++)
		if (r->family == 0 || e->addrs[i].family == r->family) {
			r->addr = e->addrs[i];
			return 0;
		}
	return fail(p, "%s has no %saddress on path '%s' here", host,
		    r->family == AF_INET ? "IPv4 " :
		    r->family == AF_INET6 ? "IPv6 " : "", path);
}

/* Steps */

static int topology_first(struct parser *p)
{
	if (p->running)
		return fail(p, "%s must come before agents and run-time steps",
			    p->verb);
	return 0;
}

static int parse_host(struct parser *p, struct tb_step *st)
{
	struct tb_script *s = p->s;
	const char *name;
	int err;

	err = words_exactly(p, 1, "NAME");
	if (err == 0)
		err = done(p, "none");
	if (err == 0)
		err = topology_first(p);
	if (err < 0)
		return err;
	name = word(p, 0);
	err = check_name(p, "host", name);
	if (err < 0)
		return err;
	if (find_host(s, name) >= 0)
		return fail(p, "duplicate host '%s'", name);
	if (s->nhosts >= TB_SCRIPT_MAX_HOSTS)
		return fail(p, "too many hosts (at most %d)",
			    TB_SCRIPT_MAX_HOSTS);
	strcpy(s->hosts[s->nhosts].name, name);
	st->u.host = (int)s->nhosts++;
	return 0;
}

static int has_family(const struct tb_path_end *e, int family)
{
	unsigned int i;

	for (i = 0; i < e->naddrs; i++)
		if (e->addrs[i].family == family)
			return 1;
	return 0;
}

static int parse_path(struct parser *p, struct tb_step *st)
{
	struct tb_script *s = p->s;
	struct tb_script_path *path;
	const char *name;
	char what[2 * TB_SCRIPT_NAME_MAX + 16];
	int i, err, idx, nends = 0;

	err = words_exactly(p, 1, "NAME HOST=ADDR[,ADDR...] HOST=ADDR[,ADDR...]");
	if (err == 0)
		err = topology_first(p);
	if (err < 0)
		return err;
	name = word(p, 0);
	err = check_name(p, "path", name);
	if (err < 0)
		return err;
	if (find_path(s, name) >= 0)
		return fail(p, "duplicate path '%s'", name);
	if (s->npaths >= TB_SCRIPT_MAX_PATHS)
		return fail(p, "too many paths (at most %d)",
			    TB_SCRIPT_MAX_PATHS);
	idx = (int)s->npaths;
	path = &s->paths[idx];
	memset(path, 0, sizeof(*path));
	strcpy(path->name, name);
	/* The path's ends take part in address checks from here on. */
	memset(p->cur[idx], 0, sizeof(p->cur[idx]));
	p->cur[idx][0].host = p->cur[idx][1].host = -1;
	s->npaths++;

	for (i = 0; i < p->nkv; i++) {
		struct kv *kv = &p->kv[i];
		char *list, *tok, *save = NULL;
		struct tb_prefix a;
		int host;

		kv->used = 1;
		if (kv->op != KV_EQ)
			return fail(p, "usage: path NAME HOST=ADDR[,ADDR...] "
				    "HOST=ADDR[,ADDR...]");
		err = ref_host(p, kv->key, &host);
		if (err < 0)
			return err;
		if (nends == 2)
			return fail(p, "path '%s' joins two hosts, not more",
				    name);
		/* (a host named twice is refused as a key given twice) */
		p->cur[idx][nends].host = host;
		snprintf(what, sizeof(what), "%s on path '%s'", kv->key, name);
		list = kv->val;
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			err = parse_prefix(p, what, tok, &a);
			if (err == 0)
				err = end_add(p, idx, nends, &a, tok);
			if (err < 0)
				return err;
		}
		if (p->cur[idx][nends].naddrs == 0)
			return fail(p, "%s has no address", what);
		nends++;
	}
	if (nends != 2)
		return fail(p, "path '%s' needs two hosts (HOST=ADDR ...)", name);
	if (!(has_family(&p->cur[idx][0], AF_INET) &&
	      has_family(&p->cur[idx][1], AF_INET)) &&
	    !(has_family(&p->cur[idx][0], AF_INET6) &&
	      has_family(&p->cur[idx][1], AF_INET6)))
		return fail(p, "path '%s': %s and %s share no address family",
			    name, s->hosts[p->cur[idx][0].host].name,
			    s->hosts[p->cur[idx][1].host].name);
	path->end[0] = p->cur[idx][0];
	path->end[1] = p->cur[idx][1];
	st->u.path = idx;
	return 0;
}

static int parse_sysctl(struct parser *p, struct tb_step *st)
{
	char buf[TB_SCRIPT_TEXT_MAX + 32];
	struct tb_step_sysctl *sc = &st->u.sysctl;
	struct kv *kv;
	int err;

	err = words_exactly(p, 1, "HOST KEY=VALUE");
	if (err == 0 && p->nkv != 1)
		err = fail(p, "usage: sysctl HOST KEY=VALUE");
	if (err == 0)
		err = ref_host(p, word(p, 0), &sc->host);
	if (err < 0)
		return err;
	kv = &p->kv[0];
	kv->used = 1;
	if (kv->op != KV_EQ)
		return fail(p, "usage: sysctl HOST KEY=VALUE");
	if (strlen(kv->key) >= sizeof(sc->key) ||
	    tb_sysctl_path(kv->key, buf, sizeof(buf)) < 0)
		return fail(p, "bad sysctl key '%s'", kv->key);
	if (kv->val[0] == '\0' || strlen(kv->val) >= sizeof(sc->value))
		return fail(p, "bad value for sysctl %s", kv->key);
	strcpy(sc->key, kv->key);
	strcpy(sc->value, kv->val);
	return 0;
}

static int parse_agent(struct parser *p, struct tb_step *st)
{
	static const char keys[] = "port, to, addresses, MIS, OS, sack";
	struct tb_script *s = p->s;
	struct tb_script_agent a;
	const char *name, *role, *v;
	int err;

	memset(&a, 0, sizeof(a));
	a.peer = -1;
	a.line = p->line;
	err = words_exactly(p, 4, "NAME on HOST listen|connect [key=value...]");
	if (err == 0 && strcmp(word(p, 1), "on") != 0)
		err = fail(p, "usage: agent NAME on HOST listen|connect "
			   "[key=value...]");
	if (err < 0)
		return err;
	name = word(p, 0);
	role = word(p, 3);
	err = check_name(p, "agent", name);
	if (err < 0)
		return err;
	if (find_agent(s, name) >= 0)
		return fail(p, "duplicate agent '%s'", name);
	if (s->nagents >= TB_SCRIPT_MAX_AGENTS)
		return fail(p, "too many agents (at most %d)",
			    TB_SCRIPT_MAX_AGENTS);
	strcpy(a.name, name);
	err = ref_host(p, word(p, 2), &a.host);
	if (err < 0)
		return err;
	if (strcmp(role, "listen") == 0)
		a.role = TB_AGENT_LISTEN;
	else if (strcmp(role, "connect") == 0)
		a.role = TB_AGENT_CONNECT;
	else
		return fail(p, "agent role '%s' is not listen or connect", role);

	switch (a.role) {
	case TB_AGENT_LISTEN:
		if (opt(p, "to") != NULL)
			return fail(p, "a listening agent takes no to=");
		if (need(p, "port", "PORT") == NULL)
			return -EINVAL;
		break;
	case TB_AGENT_CONNECT:
		v = need(p, "to", "AGENT");
		if (v == NULL)
			return -EINVAL;
		err = ref_agent(p, v, &a.peer);
		if (err < 0)
			return err;
		if (s->agents[a.peer].role != TB_AGENT_LISTEN)
			return fail(p, "agent '%s' is not a listening agent", v);
		if (s->agents[a.peer].host == a.host)
			return fail(p, "agent '%s' is on the same host as '%s'",
				    name, v);
		a.port = s->agents[a.peer].port;
		break;
	}
	err = opt_uint(p, "port", 1, 65535, &a.port);
	if (err == 0)
		err = opt_uint(p, "MIS", 1, 65535, &a.mis);
	if (err == 0)
		err = opt_uint(p, "OS", 1, 65535, &a.os);
	if (err < 0)
		return err;
	v = opt(p, "sack");
	if (v != NULL) {
		a.sack_set = 1;
		if (strcmp(v, "off") != 0) {
			err = parse_duration(p, "sack", v, &a.sack_delay_us);
			if (err < 0)
				return err;
			if (a.sack_delay_us == 0)
				return fail(p, "sack=%s: use sack=off for no "
					    "delay", v);
		}
	}
	v = opt(p, "addresses");
	if (v != NULL && strcmp(v, "any") == 0) {
		if (a.role != TB_AGENT_LISTEN)
			return fail(p, "addresses=any is for a listening agent");
		a.any = 1;	/* the wildcard address: every one, now and later */
	} else if (v != NULL) {
		char list[TB_SCRIPT_TEXT_MAX], *tok, *save = NULL;
		unsigned int i;

		if (strlen(v) >= sizeof(list))
			return fail(p, "addresses=%s is too long", v);
		strcpy(list, v);
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			int path;

			err = ref_path(p, tok, &path);
			if (err == 0)
				err = need_end(p, path, a.host);
			if (err < 0)
				return err;
			for (i = 0; i < a.npaths; i++)
				if (a.paths[i] == path)
					return fail(p, "addresses= names path "
						    "'%s' twice", tok);
			a.paths[a.npaths++] = path;
		}
		if (a.npaths == 0)
			return fail(p, "addresses= names no path");
	}
	err = done(p, keys);
	if (err < 0)
		return err;
	s->agents[s->nagents] = a;
	st->u.agent = (int)s->nagents++;
	return 0;
}

static int parse_send(struct parser *p, struct tb_step *st)
{
	static const char keys[] =
		"count, size, streams, ppid, rate, unordered, ttl";
	struct tb_step_send *sd = &st->u.send;
	const struct tb_script_agent *a;
	unsigned long long n;
	const char *v;
	char *end;
	int err;

	sd->streams = 1;
	err = words_exactly(p, 1, "AGENT count=N size=BYTES [key=value...]");
	if (err == 0)
		err = ref_agent(p, word(p, 0), &sd->agent);
	if (err < 0)
		return err;
	a = &p->s->agents[sd->agent];
	if (need(p, "count", "N") == NULL || need(p, "size", "BYTES") == NULL)
		return -EINVAL;
	err = opt_uint(p, "count", 1, 100000000, &sd->count);
	if (err == 0)
		err = opt_uint(p, "size", TB_SEND_HEADER, 1 << 20, &sd->size);
	if (err == 0)
		err = opt_uint(p, "streams", 1, 65535, &sd->streams);
	if (err == 0 && (v = opt(p, "ppid")) != NULL) {
		err = parse_uint(p, "ppid", v, 0, UINT32_MAX, &n);
		sd->ppid = (uint32_t)n;
	}
	if (err < 0)
		return err;
	if (a->os != 0 && sd->streams > a->os)
		return fail(p, "streams=%u is more than %s's OS=%u",
			    sd->streams, a->name, a->os);
	v = opt(p, "rate");
	if (v != NULL) {
		end = strstr(v, "/s");
		if (end == NULL || end[2] != '\0' || end == v ||
		    strspn(v, "0123456789") != (size_t)(end - v))
			return fail(p, "rate=%s is not a rate (N/s)", v);
		n = strtoull(v, NULL, 10);
		if (n < 1 || n > 1000000)
			return fail(p, "rate=%s is out of range (1-1000000/s)",
				    v);
		sd->rate = (unsigned int)n;
	}
	v = opt(p, "unordered");
	if (v != NULL) {
		err = parse_yesno(p, "unordered", v, &sd->unordered);
		if (err < 0)
			return err;
	}
	v = opt(p, "ttl");
	if (v != NULL) {
		uint32_t us;

		/* The socket API takes whole milliseconds (sinfo_timetolive). */
		err = parse_duration(p, "ttl", v, &us);
		if (err < 0)
			return err;
		if (us < 1000 || us % 1000 != 0)
			return fail(p, "ttl=%s: a lifetime is whole milliseconds, "
				    "at least 1ms", v);
		sd->ttl_ms = us / 1000;
	}
	return done(p, keys);
}

static int parse_link(struct parser *p, struct tb_step *st)
{
	struct tb_step_link *l = &st->u.link;
	const char *v;
	int err;

	l->host = -1;
	err = words_exactly(p, 2, "up|down PATH [host=HOST]");
	if (err < 0)
		return err;
	if (strcmp(word(p, 0), "up") == 0)
		l->up = 1;
	else if (strcmp(word(p, 0), "down") != 0)
		return fail(p, "usage: link up|down PATH [host=HOST]");
	err = ref_path(p, word(p, 1), &l->path);
	if (err < 0)
		return err;
	v = opt(p, "host");
	if (v != NULL) {
		err = ref_host(p, v, &l->host);
		if (err == 0)
			err = need_end(p, l->path, l->host);
		if (err < 0)
			return err;
	}
	return done(p, "host");
}

static int parse_addr(struct parser *p, struct tb_step *st)
{
	struct tb_step_addr *ad = &st->u.addr;
	char what[2 * TB_SCRIPT_NAME_MAX + 16], text[INET6_ADDRSTRLEN];
	struct tb_path_end *e;
	struct kv *kv;
	int err, end, k, hp, he;

	err = words_exactly(p, 2, "add|del PATH HOST=ADDR[/LEN]");
	if (err == 0 && p->nkv != 1)
		err = fail(p, "usage: addr add|del PATH HOST=ADDR[/LEN]");
	if (err < 0)
		return err;
	if (strcmp(word(p, 0), "add") == 0)
		ad->add = 1;
	else if (strcmp(word(p, 0), "del") != 0)
		return fail(p, "usage: addr add|del PATH HOST=ADDR[/LEN]");
	kv = &p->kv[0];
	kv->used = 1;
	err = ref_path(p, word(p, 1), &ad->path);
	if (err == 0)
		err = ref_host(p, kv->key, &ad->host);
	if (err == 0)
		err = need_end(p, ad->path, ad->host);
	if (err < 0)
		return err;
	snprintf(what, sizeof(what), "%s on path '%s'", kv->key, word(p, 1));
	err = parse_prefix(p, what, kv->val, &ad->addr);
	if (err < 0)
		return err;
	end = path_end(p->s, ad->path, ad->host);
	if (ad->add)
		return end_add(p, ad->path, end, &ad->addr, kv->val);

	addr_text(&ad->addr, text, sizeof(text));
	k = addr_holder(p, &ad->addr, &hp, &he);
	if (k < 0 || hp != ad->path || he != end)
		return fail(p, "address %s is not on %s@%s", text, kv->key,
			    word(p, 1));
	e = &p->cur[ad->path][end];
	/* The prefix length is the one it was added with. */
	ad->addr = e->addrs[k];
	memmove(&e->addrs[k], &e->addrs[k + 1],
		(e->naddrs - (unsigned int)k - 1) * sizeof(e->addrs[0]));
	e->naddrs--;
	return 0;
}

/* dir=A->B (A's end sends) or dir=both. */
static int parse_dir(struct parser *p, int path, const char *v, int *from)
{
	char a[TB_SCRIPT_NAME_MAX + 1], b[TB_SCRIPT_NAME_MAX + 1];
	const char *arrow = strstr(v, "->");
	int ha = -1, hb = -1, err;
	size_t n;

	*from = -1;
	if (strcmp(v, "both") == 0)
		return 0;
	if (arrow == NULL)
		return fail(p, "dir=%s is not HOST->HOST or both", v);
	n = (size_t)(arrow - v);
	if (n == 0 || n > TB_SCRIPT_NAME_MAX || strlen(arrow + 2) == 0 ||
	    strlen(arrow + 2) > TB_SCRIPT_NAME_MAX)
		return fail(p, "dir=%s is not HOST->HOST or both", v);
	memcpy(a, v, n);
	a[n] = '\0';
	strcpy(b, arrow + 2);
	err = ref_host(p, a, &ha);
	if (err == 0)
		err = ref_host(p, b, &hb);
	if (err == 0)
		err = need_end(p, path, ha);
	if (err == 0)
		err = need_end(p, path, hb);
	if (err < 0)
		return err;
	if (ha == hb)
		return fail(p, "dir=%s goes nowhere", v);
	*from = ha;
	return 0;
}

static int parse_netem(struct parser *p, struct tb_step *st)
{
	static const char keys[] = "dir, loss, delay, jitter, limit";
	struct tb_step_netem *ne = &st->u.netem;
	const char *v, *dir;
	int err, impair = 0;

	ne->from_host = -1;
	if (p->nwords < 1 || p->nwords > 2 ||
	    (p->nwords == 2 && strcmp(word(p, 1), "off") != 0))
		return fail(p, "usage: netem PATH [dir=HOST->HOST|both] "
			    "loss=P%%|delay=T|jitter=T|limit=N... | netem "
			    "PATH [dir=...] off");
	ne->off = p->nwords == 2;
	err = ref_path(p, word(p, 0), &ne->path);
	if (err < 0)
		return err;
	dir = opt(p, "dir");
	if (dir != NULL) {
		err = parse_dir(p, ne->path, dir, &ne->from_host);
		if (err < 0)
			return err;
	}
	if ((v = opt(p, "loss")) != NULL) {
		impair = 1;
		err = parse_percent(p, "loss", v, &ne->netem.loss);
		if (err < 0)
			return err;
	}
	if ((v = opt(p, "delay")) != NULL) {
		impair = 1;
		err = parse_duration(p, "delay", v, &ne->netem.delay_us);
		if (err < 0)
			return err;
	}
	if ((v = opt(p, "jitter")) != NULL) {
		impair = 1;
		err = parse_duration(p, "jitter", v, &ne->netem.jitter_us);
		if (err < 0)
			return err;
		if (opt(p, "delay") == NULL)
			return fail(p, "jitter= needs delay=");
	}
	err = opt_uint(p, "limit", 1, UINT32_MAX, &ne->netem.limit);
	if (err < 0)
		return err;
	err = done(p, keys);
	if (err < 0)
		return err;
	if (ne->off && (impair || ne->netem.limit != 0))
		return fail(p, "netem off takes only dir=");
	if (!ne->off && !impair)
		return fail(p, "netem needs loss=, delay= or jitter= (or off)");
	return 0;
}

static int parse_wait(struct parser *p, struct tb_step *st)
{
	int err;

	err = words_exactly(p, 1, "DURATION");
	if (err == 0)
		err = done(p, "none");
	if (err < 0)
		return err;
	return parse_duration(p, "wait", word(p, 0), &st->u.wait_us);
}

/* close AGENT, kill AGENT */
static int parse_agent_only(struct parser *p, struct tb_step *st)
{
	int err;

	err = words_exactly(p, 1, "AGENT");
	if (err == 0)
		err = ref_agent(p, word(p, 0), &st->u.agent);
	if (err == 0)
		err = done(p, "none");
	return err;
}

/* call AGENT METHOD ADDRESS */
static int parse_call(struct parser *p, struct tb_step *st)
{
	struct tb_step_call *c = &st->u.call;
	unsigned int m;
	int err;

	err = words_exactly(p, 3, "AGENT METHOD ADDRESS");
	if (err == 0)
		err = ref_agent(p, word(p, 0), &c->agent);
	if (err < 0)
		return err;
	for (m = 0; m < sizeof(call_names) / sizeof(call_names[0]); m++)
		if (strcmp(word(p, 1), call_names[m]) == 0)
			break;
	if (m == sizeof(call_names) / sizeof(call_names[0]))
		return fail(p, "unknown method '%s' (addLocalAddress, "
			    "removeLocalAddress, setPrimaryAddress, "
			    "requestPeerPrimary)", word(p, 1));
	c->method = (enum tb_call_method)m;
	err = parse_addr_ref(p, "address", word(p, 2), &c->address);
	if (err == 0)
		err = done(p, "none");
	return err;
}

static int expect_name(struct parser *p, const char *key,
		       const char *const *list, const char *v, char *out,
		       size_t len)
{
	char all[512];

	if (!in_list(list, v)) {
		join(list, all, sizeof(all));
		return fail(p, "unknown %s '%s' (%s)", key, v, all);
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
	state = opt(p, "state");
	addr = opt(p, "address");
	if (strcmp(v, "SCTP_PEER_ADDR_CHANGE") == 0) {
		if (state != NULL)
			err = expect_name(p, "state", addr_states, state,
					  ex->state, sizeof(ex->state));
	} else if (strcmp(v, "SCTP_ASSOC_CHANGE") == 0) {
		if (state != NULL)
			err = expect_name(p, "state", assoc_states, state,
					  ex->state, sizeof(ex->state));
		if (err == 0 && addr != NULL)
			err = fail(p, "address= is only for "
				   "SCTP_PEER_ADDR_CHANGE");
	} else if (state != NULL || addr != NULL) {
		err = fail(p, "%s= is only for SCTP_PEER_ADDR_CHANGE and "
			   "SCTP_ASSOC_CHANGE", state != NULL ? "state" :
			   "address");
	}
	if (err == 0 && addr != NULL) {
		ex->has_address = 1;
		err = parse_addr_ref(p, "address", addr, &ex->address);
	}
	if (err == 0)
		err = done(p, "notification, state, address, within");
	return err;
}

static int parse_expect_peer_info(struct parser *p, struct tb_step_expect *ex)
{
	const char *addr, *state;
	int err;

	addr = need(p, "address", "HOST@PATH");
	if (addr == NULL)
		return -EINVAL;
	state = need(p, "state", "STATE");
	if (state == NULL)
		return -EINVAL;
	ex->has_address = 1;
	err = parse_addr_ref(p, "address", addr, &ex->address);
	if (err == 0)
		err = expect_name(p, "state", peer_states, state, ex->state,
				  sizeof(ex->state));
	if (err == 0)
		err = done(p, "address, state, within");
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
		return fail(p, "unknown address-change field '%s' "
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
			return fail(p, "%s takes only '='", kv->key);
		err = parse_uint(p, kv->key, kv->val, 1, 65535, &port);
		c->port = (unsigned int)port;
		return err;
	}
	if (!is_list && kv->op != KV_EQ)
		return fail(p, "%s takes only '=' (~= and !~= are for lists)",
			    kv->key);
	if (strlen(kv->val) >= sizeof(list))
		return fail(p, "%s: value too long", kv->key);
	strcpy(list, kv->val);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (c->naddrs >= (is_list ? TB_SCRIPT_MAX_LIST : 1))
			return fail(p, "%s: too many addresses", kv->key);
		err = parse_addr_ref(p, kv->key, tok, &c->addrs[c->naddrs]);
		if (err < 0)
			return err;
		c->naddrs++;
	}
	if (c->naddrs == 0)
		return fail(p, "%s names no address", kv->key);
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
			return fail(p, "too many address checks "
				    "(at most %d)", TB_SCRIPT_MAX_AC_CHECKS);
		err = parse_ac_check(p, &p->kv[i], &ex->checks[ex->nchecks]);
		if (err < 0)
			return err;
		ex->nchecks++;
	}
	if (ex->nchecks == 0)
		return fail(p, "%s needs a field check (e.g. "
			    "remoteAddresses~=HOST@PATH)", word(p, 1));
	return 0;
}

static int parse_expect_received(struct parser *p, struct tb_step_expect *ex)
{
	const char *v;
	int err;

	v = need(p, "from", "AGENT");
	if (v == NULL)
		return -EINVAL;
	err = ref_agent(p, v, &ex->from);
	if (err == 0 && ex->from == ex->agent)
		err = fail(p, "agent '%s' cannot receive from itself", v);
	if (err == 0 && p->s->agents[ex->from].peer != ex->agent &&
	    p->s->agents[ex->agent].peer != ex->from)
		err = fail(p, "agents '%s' and '%s' are not connected (to=)",
			   p->s->agents[ex->agent].name, v);
	if (err == 0)
		err = opt_count(p, "count", &ex->count);
	if (err == 0)
		err = opt_count(p, "bytes", &ex->bytes);
	if (err == 0)
		err = opt_count(p, "duplicates", &ex->duplicates);
	if (err == 0)
		err = opt_count(p, "lost", &ex->lost);
	if (err < 0)
		return err;
	v = opt(p, "in-order");
	if (v == NULL || strcmp(v, "no") == 0)
		ex->order = TB_ORDER_ANY;
	else if (strcmp(v, "per-stream") == 0)
		ex->order = TB_ORDER_PER_STREAM;
	else if (strcmp(v, "all") == 0)
		ex->order = TB_ORDER_ALL;
	else
		return fail(p, "in-order=%s is not per-stream, all or no", v);
	ex->reordered = -1;
	v = opt(p, "reordered");
	if (v != NULL) {
		err = parse_yesno(p, "reordered", v, &ex->reordered);
		if (err < 0)
			return err;
		if (ex->reordered && ex->order == TB_ORDER_ALL)
			return fail(p, "reordered=yes contradicts in-order=all");
	}
	if (ex->count < 0 && ex->bytes < 0 && ex->lost < 0 &&
	    ex->duplicates < 0 && ex->order == TB_ORDER_ANY && ex->reordered < 0)
		return fail(p, "received needs something to check (count=, "
			    "bytes=, lost=, duplicates=, in-order=, reordered=)");
	return done(p, "from, count, bytes, in-order, reordered, duplicates, "
		    "lost, within");
}

static int parse_expect(struct parser *p, struct tb_step *st)
{
	struct tb_step_expect *ex = &st->u.expect;
	const char *kind = word(p, 1), *v, *event, *notif, *error, *snmp;
	int err, nkinds;

	ex->from = -1;
	ex->count = ex->bytes = ex->duplicates = ex->lost = -1;
	ex->outbound = ex->inbound = -1;
	ex->min = ex->max = -1;
	if (p->nwords < 1 || p->nwords > 2)
		return fail(p, "usage: expect AGENT event=|notification=|"
			    "error=|snmp=|received|peer-info|address-change|addresses|"
			    "streams ... "
			    "within=DURATION");
	err = ref_agent(p, word(p, 0), &ex->agent);
	if (err < 0)
		return err;
	event = opt(p, "event");
	notif = opt(p, "notification");
	error = opt(p, "error");
	snmp = opt(p, "snmp");
	nkinds = (event != NULL) + (notif != NULL) + (error != NULL) +
		 (snmp != NULL) + (kind != NULL);
	if (nkinds != 1)
		return fail(p, "expect takes one of event=, notification=, "
			    "error=, snmp=, received, peer-info, address-change, "
			    "addresses, streams");
	v = opt(p, "within");
	if (v == NULL)
		return fail(p, "expectation needs a timeout (within=DURATION)");
	err = parse_duration(p, "within", v, &ex->within_us);
	if (err < 0)
		return err;
	if (ex->within_us == 0)
		return fail(p, "within=%s: the timeout must be more than 0", v);

	if (event != NULL) {
		ex->kind = TB_EXPECT_EVENT;
		err = expect_name(p, "event", events, event, ex->name,
				  sizeof(ex->name));
		return err < 0 ? err : done(p, "event, within");
	}
	if (notif != NULL) {
		ex->kind = TB_EXPECT_NOTIFICATION;
		return parse_expect_notification(p, ex, notif);
	}
	if (snmp != NULL) {
		/* A counter of /proc/net/sctp/snmp in the agent's host. */
		ex->kind = TB_EXPECT_SNMP;
		if (strncmp(snmp, "Sctp", 4) != 0 || strlen(snmp) < 5 ||
		    strlen(snmp) >= sizeof(ex->name) ||
		    strspn(snmp + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789") !=
			    strlen(snmp + 4))
			return fail(p, "snmp=%s is not a counter of "
				    "/proc/net/sctp/snmp (e.g. SctpInCtrlChunks)",
				    snmp);
		strcpy(ex->name, snmp);
		if (opt(p, "min") == NULL && opt(p, "max") == NULL)
			return fail(p, "snmp= needs min=N or max=N");
		err = opt_count(p, "min", &ex->min);
		if (err == 0)
			err = opt_count(p, "max", &ex->max);
		if (err == 0 && ex->min >= 0 && ex->max >= 0 && ex->min > ex->max)
			return fail(p, "min=%lld is more than max=%lld",
				    ex->min, ex->max);
		return err < 0 ? err : done(p, "snmp, min, max, within");
	}
	if (error != NULL) {
		ex->kind = TB_EXPECT_ERROR;
		if (error[0] != 'E' || strlen(error) < 2 ||
		    strlen(error) >= sizeof(ex->name) ||
		    strspn(error, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
			    strlen(error))
			return fail(p, "error=%s is not an error code (e.g. "
				    "ECONNRESET, ERR_SOCKET_CLOSED)", error);
		strcpy(ex->name, error);
		return done(p, "error, within");
	}
	if (strcmp(kind, "received") == 0) {
		ex->kind = TB_EXPECT_RECEIVED;
		return parse_expect_received(p, ex);
	}
	if (strcmp(kind, "peer-info") == 0) {
		ex->kind = TB_EXPECT_PEER_INFO;
		return parse_expect_peer_info(p, ex);
	}
	if (strcmp(kind, "streams") == 0) {
		ex->kind = TB_EXPECT_STREAMS;
		if (opt(p, "outbound") == NULL && opt(p, "inbound") == NULL)
			return fail(p, "streams needs outbound=N or inbound=N");
		err = opt_count(p, "outbound", &ex->outbound);
		if (err == 0)
			err = opt_count(p, "inbound", &ex->inbound);
		return err < 0 ? err : done(p, "outbound, inbound, within");
	}
	if (strcmp(kind, "address-change") == 0 ||
	    strcmp(kind, "addresses") == 0) {
		ex->kind = kind[7] == '-' ? TB_EXPECT_ADDRESS_CHANGE
					  : TB_EXPECT_ADDRESSES;
		return parse_expect_address_change(p, ex);
	}
	return fail(p, "unknown expectation '%s' (event=, notification=, "
		    "error=, snmp=, received, peer-info, address-change, addresses, "
		    "streams)",
		    kind);
}

/* The verbs, dispatched from here. */
static const struct verb_def {
	const char *name;
	enum tb_verb verb;
	int runtime;	/* a run-time step (ends the topology section) */
	int (*parse)(struct parser *p, struct tb_step *st);
} verbs[] = {
	{ "host", TB_VERB_HOST, 0, parse_host },
	{ "path", TB_VERB_PATH, 0, parse_path },
	{ "sysctl", TB_VERB_SYSCTL, 0, parse_sysctl },
	{ "agent", TB_VERB_AGENT, 1, parse_agent },
	{ "send", TB_VERB_SEND, 1, parse_send },
	{ "link", TB_VERB_LINK, 1, parse_link },
	{ "addr", TB_VERB_ADDR, 1, parse_addr },
	{ "netem", TB_VERB_NETEM, 1, parse_netem },
	{ "wait", TB_VERB_WAIT, 1, parse_wait },
	{ "expect", TB_VERB_EXPECT, 1, parse_expect },
	{ "close", TB_VERB_CLOSE, 1, parse_agent_only },
	{ "kill", TB_VERB_KILL, 1, parse_agent_only },
	{ "call", TB_VERB_CALL, 1, parse_call },
};

/* Split line (in place) into the verb, words and key=value arguments;
 * "#" starts a comment.  Returns the verb, or NULL for an empty line. */
static int tokenize(struct parser *p, char *line, char **verb)
{
	char *tok, *save = NULL, *hash, *eq;
	int i;

	*verb = NULL;
	p->nwords = p->nkv = 0;
	hash = strchr(line, '#');
	if (hash != NULL)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r\v\f", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\r\v\f", &save)) {
		if (*verb == NULL) {
			*verb = tok;
			continue;
		}
		if (p->nwords + p->nkv >= MAX_TOKENS)
			return fail(p, "too many arguments (at most %d)",
				    MAX_TOKENS);
		eq = strchr(tok, '=');
		if (eq == NULL) {
			p->words[p->nwords++] = tok;
			continue;
		}
		struct kv *kv = &p->kv[p->nkv];

		kv->op = KV_EQ;
		kv->used = 0;
		kv->val = eq + 1;
		*eq = '\0';
		if (eq > tok && eq[-1] == '~') {
			kv->op = KV_CONTAINS;
			eq[-1] = '\0';
			if (eq - 1 > tok && eq[-2] == '!') {
				kv->op = KV_LACKS;
				eq[-2] = '\0';
			}
		}
		kv->key = tok;
		if (kv->key[0] == '\0')
			return fail(p, "argument '%s%s' has no key",
				    op_text(kv->op), kv->val);
		if (kv->val[0] == '\0')
			return fail(p, "%s%s has no value", kv->key,
				    op_text(kv->op));
		/* address-change may check one field two ways. */
		for (i = 0; i < p->nkv; i++)
			if (strcmp(p->kv[i].key, kv->key) == 0 &&
			    p->kv[i].op == kv->op)
				return fail(p, "%s%s is given twice", kv->key,
					    op_text(kv->op));
		p->nkv++;
	}
	return 0;
}

static int add_step(struct parser *p, struct tb_step **st)
{
	struct tb_script *s = p->s;

	if (s->nsteps == s->cap) {
		unsigned int cap = s->cap ? 2 * s->cap : 32;
		struct tb_step *n = realloc(s->steps, cap * sizeof(*n));

		if (n == NULL) {
			fail_file(p->err, p->errlen, p->file, "out of memory");
			return -ENOMEM;
		}
		s->steps = n;
		s->cap = cap;
	}
	*st = &s->steps[s->nsteps];
	memset(*st, 0, sizeof(**st));
	(*st)->file = s->name;
	(*st)->line = p->line;
	return 0;
}

static int parse_line(struct parser *p, char *line)
{
	struct tb_step *st;
	char *verb;
	size_t i;
	int err;

	err = tokenize(p, line, &verb);
	if (err < 0 || verb == NULL)
		return err;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].name, verb) == 0)
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0]))
		return fail(p, "unknown verb '%s'", verb);
	p->verb = verbs[i].name;
	err = add_step(p, &st);
	if (err < 0)
		return err;
	st->verb = verbs[i].verb;
	err = verbs[i].parse(p, st);
	if (err < 0)
		return err;
	if (verbs[i].runtime)
		p->running = 1;
	p->s->nsteps++;
	return 0;
}

/* First pass: where each agent is declared. */
static void note_agents(struct parser *p, const char *text)
{
	unsigned int line = 1;
	const char *c = text;
	size_t n;

	while (*c != '\0') {
		c += strspn(c, " \t");
		if (strncmp(c, "agent", 5) == 0 && (c[5] == ' ' || c[5] == '\t')) {
			c += 5;
			c += strspn(c, " \t");
			n = strcspn(c, " \t\r\n#");
			if (n > 0 && n <= TB_SCRIPT_NAME_MAX &&
			    p->nlater < MAX_LATER_AGENTS) {
				memcpy(p->later[p->nlater].name, c, n);
				p->later[p->nlater].name[n] = '\0';
				p->later[p->nlater++].line = line;
			}
		}
		c += strcspn(c, "\n");
		if (*c == '\n') {
			c++;
			line++;
		}
	}
}

int tb_script_parse_string(const char *name, const char *text,
			   struct tb_script **out, char *err, size_t errlen)
{
	struct parser *p;
	char *copy = NULL, *line, *next;
	int ret = -ENOMEM;

	*out = NULL;
	if (errlen > 0)
		err[0] = '\0';
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		goto nomem;
	p->s = calloc(1, sizeof(*p->s));
	if (p->s == NULL)
		goto nomem;
	p->s->name = strdup(name);
	copy = strdup(text);
	if (p->s->name == NULL || copy == NULL)
		goto nomem;
	p->file = p->s->name;
	p->err = err;
	p->errlen = errlen;
	note_agents(p, text);

	ret = 0;
	for (line = copy, p->line = 1; line != NULL && ret == 0; p->line++) {
		next = strchr(line, '\n');
		if (next != NULL) {
			*next++ = '\0';
			if (*next == '\0')
				next = NULL;	/* the last line's newline */
		}
		ret = parse_line(p, line);
		line = next;
	}
	if (ret == 0 && p->s->nhosts == 0) {
		p->line--;
		ret = fail(p, "no host is declared");
	}
	if (ret < 0)
		goto out;
	*out = p->s;
	p->s = NULL;
	goto out;
nomem:
	fail_file(err, errlen, name, "out of memory");
out:
	free(copy);
	if (p != NULL)
		tb_script_free(p->s);
	free(p);
	return ret;
}

int tb_script_parse_file(const char *path, struct tb_script **out,
			 char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;
	int ret;

	*out = NULL;
	f = fopen(path, "re");
	if (f == NULL) {
		ret = -errno;
		fail_file(err, errlen, path, strerror(-ret));
		return ret;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *t = realloc(text, cap + 65536);

			if (t == NULL) {
				ret = -ENOMEM;
				fail_file(err, errlen, path, "out of memory");
				goto out;
			}
			text = t;
			cap += 65536;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		ret = -EIO;
		fail_file(err, errlen, path, "read error");
		goto out;
	}
	text[len] = '\0';
	if (strlen(text) != len) {
		ret = -EINVAL;
		fail_file(err, errlen, path, "holds a NUL byte");
		goto out;
	}
	ret = tb_script_parse_string(path, text, out, err, errlen);
out:
	free(text);
	fclose(f);
	return ret;
}

void tb_script_free(struct tb_script *s)
{
	if (s == NULL)
		return;
	free(s->steps);
	free(s->name);
	free(s);
}

/* Accessors */

const char *tb_script_name(const struct tb_script *s)
{
	return s->name;
}

unsigned int tb_script_nsteps(const struct tb_script *s)
{
	return s->nsteps;
}

const struct tb_step *tb_script_step(const struct tb_script *s, unsigned int i)
{
	return i < s->nsteps ? &s->steps[i] : NULL;
}

unsigned int tb_script_nhosts(const struct tb_script *s)
{
	return s->nhosts;
}

const struct tb_script_host *tb_script_host(const struct tb_script *s,
					    unsigned int i)
{
	return i < s->nhosts ? &s->hosts[i] : NULL;
}

unsigned int tb_script_npaths(const struct tb_script *s)
{
	return s->npaths;
}

const struct tb_script_path *tb_script_path(const struct tb_script *s,
					    unsigned int i)
{
	return i < s->npaths ? &s->paths[i] : NULL;
}

unsigned int tb_script_nagents(const struct tb_script *s)
{
	return s->nagents;
}

const struct tb_script_agent *tb_script_agent(const struct tb_script *s,
					      unsigned int i)
{
	return i < s->nagents ? &s->agents[i] : NULL;
}

int tb_script_host_index(const struct tb_script *s, const char *name)
{
	return find_host(s, name);
}

int tb_script_path_index(const struct tb_script *s, const char *name)
{
	return find_path(s, name);
}

int tb_script_agent_index(const struct tb_script *s, const char *name)
{
	return find_agent(s, name);
}

unsigned int tb_script_nexpects(const struct tb_script *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nsteps; i++)
		n += s->steps[i].verb == TB_VERB_EXPECT;
	return n;
}
