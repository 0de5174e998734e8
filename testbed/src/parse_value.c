/* parse_value.c - the scenario parser's words: its error message, the
 * key=value arguments of a line, numbers, durations, percentages, names,
 * references to hosts, paths and agents, and addresses (script.h).
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

/* The message quotes the script's text: it is escaped whole (text.h), as
 * is the file's name, since the formats themselves are plain ASCII without
 * a backslash. */
int sp_fail(struct parser *p, const char *fmt, ...)
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
void sp_fail_file(char *err, size_t errlen, const char *path,
		      const char *what)
{
	char file[TB_ESCAPED_MAX(1024)];

	tb_escape(file, sizeof(file), path);
	if (errlen > 0)
		snprintf(err, errlen, "%s: %s", file, what);
}

int sp_in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

void sp_join(const char *const *list, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *list != NULL && n < len; list++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      n > 0 ? ", " : "", *list);
}

/* Lookups */

int sp_find_host(const struct tb_script *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nhosts; i++)
		if (strcmp(s->hosts[i].name, name) == 0)
			return (int)i;
	return -1;
}

int sp_find_path(const struct tb_script *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->npaths; i++)
		if (strcmp(s->paths[i].name, name) == 0)
			return (int)i;
	return -1;
}

int sp_find_agent(const struct tb_script *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nagents; i++)
		if (strcmp(s->agents[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The end of path on host, or -1. */
int sp_path_end(const struct tb_script *s, int path, int host)
{
	if (s->paths[path].end[0].host == host)
		return 0;
	if (s->paths[path].end[1].host == host)
		return 1;
	return -1;
}

int sp_check_name(struct parser *p, const char *what, const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > TB_SCRIPT_NAME_MAX || !isalpha((unsigned char)name[0]) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_-") != n)
		return sp_fail(p, "bad %s name '%s' (a letter, then letters, "
			       "digits, '_' or '-'; at most %d)",
			       what, name, TB_SCRIPT_NAME_MAX);
	return 0;
}

int sp_ref_host(struct parser *p, const char *name, int *host)
{
	*host = sp_find_host(p->s, name);
	if (*host < 0)
		return sp_fail(p, "host '%s' is not declared", name);
	return 0;
}

int sp_ref_path(struct parser *p, const char *name, int *path)
{
	*path = sp_find_path(p->s, name);
	if (*path < 0)
		return sp_fail(p, "path '%s' is not declared", name);
	return 0;
}

int sp_ref_agent(struct parser *p, const char *name, int *agent)
{
	unsigned int i;

	*agent = sp_find_agent(p->s, name);
	if (*agent >= 0)
		return 0;
	for (i = 0; i < p->nlater; i++)
		if (strcmp(p->later[i].name, name) == 0 &&
		    p->later[i].line > p->line)
			return sp_fail(p, "agent '%s' used before it is declared "
				       "(line %u)", name, p->later[i].line);
	return sp_fail(p, "agent '%s' is not declared", name);
}

int sp_need_end(struct parser *p, int path, int host)
{
	if (sp_path_end(p->s, path, host) < 0)
		return sp_fail(p, "host '%s' is not on path '%s'",
			       p->s->hosts[host].name, p->s->paths[path].name);
	return 0;
}

/* Arguments */

const char *sp_word(struct parser *p, int i)
{
	return i < p->nwords ? p->words[i] : NULL;
}

struct kv *sp_find_kv(struct parser *p, const char *key)
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
const char *sp_opt(struct parser *p, const char *key)
{
	struct kv *kv = sp_find_kv(p, key);

	return kv != NULL ? kv->val : NULL;
}

/* The value of key=, or NULL with an error when not given. */
const char *sp_need(struct parser *p, const char *key, const char *what)
{
	const char *v = sp_opt(p, key);

	if (v == NULL)
		sp_fail(p, "%s needs %s=%s", p->verb, key, what);
	return v;
}

const char *sp_op_text(enum kv_op op)
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
int sp_done(struct parser *p, const char *keys)
{
	int i;

	for (i = 0; i < p->nkv; i++) {
		if (!p->kv[i].used)
			return sp_fail(p, "unknown key '%s' for %s (%s)",
				       p->kv[i].key, p->verb, keys);
		/* output~=REGEX is the one other key with an operator */
		if (p->kv[i].op != KV_EQ &&
		    !(p->kv[i].op == KV_CONTAINS &&
		      strcmp(p->kv[i].key, "output") == 0))
			return sp_fail(p, "'%s%s' is only for address-change; "
				       "use '%s='", p->kv[i].key,
				       sp_op_text(p->kv[i].op), p->kv[i].key);
	}
	return 0;
}

int sp_words_exactly(struct parser *p, int n, const char *usage)
{
	if (p->nwords != n)
		return sp_fail(p, "usage: %s %s", p->verb, usage);
	return 0;
}

int sp_parse_uint(struct parser *p, const char *key, const char *v,
		      unsigned long long min, unsigned long long max,
		      unsigned long long *out)
{
	unsigned long long n;
	char *end;

	*out = 0;	/* defined on every path (sp_fail() is opaque to gcc -O3) */
	if (!isdigit((unsigned char)v[0]))
		return sp_fail(p, "%s=%s is not a number", key, v);
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end != '\0')
		return sp_fail(p, "%s=%s is not a number", key, v);
	if (errno != 0 || n < min || n > max)
		return sp_fail(p, "%s=%s is out of range (%llu-%llu)", key, v,
			       min, max);
	*out = n;
	return 0;
}

int sp_opt_uint(struct parser *p, const char *key, unsigned long long min,
		    unsigned long long max, unsigned int *out)
{
	unsigned long long n;
	const char *v = sp_opt(p, key);
	int err;

	if (v == NULL)
		return 0;
	err = sp_parse_uint(p, key, v, min, max, &n);
	if (err == 0)
		*out = (unsigned int)n;
	return err;
}

int sp_opt_count(struct parser *p, const char *key, long long *out)
{
	unsigned long long n;
	const char *v = sp_opt(p, key);
	int err;

	*out = -1;
	if (v == NULL)
		return 0;
	err = sp_parse_uint(p, key, v, 0, 1ULL << 40, &n);
	if (err == 0)
		*out = (long long)n;
	return err;
}

int sp_opt_streams(struct parser *p, const char *key, long long *out)
{
	unsigned int n = 0;
	int err;

	*out = -1;
	if (sp_opt(p, key) == NULL)
		return 0;
	err = sp_opt_uint(p, key, 1, 65535, &n);
	if (err == 0)
		*out = n;
	return err;
}

/* A duration with its unit: 200us, 500ms, 1.5s. */
int sp_parse_duration(struct parser *p, const char *key, const char *v,
			  uint32_t *us)
{
	size_t n = strlen(v);
	int err;

	if (n == 0 || !isalpha((unsigned char)v[n - 1]))
		return sp_fail(p, "%s=%s needs a unit (us, ms, s)", key, v);
	err = tb_parse_time(v, us);
	if (err == -ERANGE)
		return sp_fail(p, "%s=%s is out of range (0-%us)", key, v,
			       UINT32_MAX / 1000000);
	if (err < 0)
		return sp_fail(p, "%s=%s is not a duration (e.g. 500ms, 2s)",
			       key, v);
	return 0;
}

int sp_parse_percent(struct parser *p, const char *key, const char *v,
			 double *pct)
{
	size_t n = strlen(v);
	int err;

	if (n == 0 || v[n - 1] != '%')
		return sp_fail(p, "%s=%s needs '%%' (e.g. 10%%)", key, v);
	err = tb_parse_percent(v, pct);
	if (err == -ERANGE)
		return sp_fail(p, "%s=%s is out of range (0-100%%)", key, v);
	if (err < 0)
		return sp_fail(p, "%s=%s is not a percentage (e.g. 10%%)", key, v);
	return 0;
}

int sp_parse_yesno(struct parser *p, const char *key, const char *v,
		       int *out)
{
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return sp_fail(p, "%s=%s is not yes or no", key, v);
	return 0;
}

/* Addresses */

int sp_same_addr(const struct tb_prefix *a, const struct tb_prefix *b)
{
	return a->family == b->family &&
	       memcmp(a->addr.raw, b->addr.raw,
		      a->family == AF_INET ? 4 : 16) == 0;
}

void sp_addr_text(const struct tb_prefix *a, char *buf, size_t len)
{
	if (inet_ntop(a->family, a->addr.raw, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

/* Where address a is held now: path and end, or -1. */
int sp_addr_holder(const struct parser *p, const struct tb_prefix *a,
		       int *path, int *end)
{
	unsigned int i, j, k;

	for (i = 0; i < p->s->npaths; i++)
		for (j = 0; j < 2; j++)
			for (k = 0; k < p->cur[i][j].naddrs; k++)
				if (sp_same_addr(&p->cur[i][j].addrs[k], a)) {
					*path = (int)i;
					*end = (int)j;
					return (int)k;
				}
	return -1;
}

int sp_parse_prefix(struct parser *p, const char *what, const char *v,
			struct tb_prefix *a)
{
	if (tb_prefix_parse(v, a) < 0)
		return sp_fail(p, "bad address '%s' for %s", v, what);
	return 0;
}

/* Add a to the end of path on host, refusing one already in the script. */
int sp_end_add(struct parser *p, int path, int end,
		   const struct tb_prefix *a, const char *text)
{
	struct tb_path_end *e = &p->cur[path][end];
	int hp, he;

	if (sp_addr_holder(p, a, &hp, &he) >= 0)
		return sp_fail(p, "address %s is already on %s@%s", text,
			       p->s->hosts[p->cur[hp][he].host].name,
			       p->s->paths[hp].name);
	if (e->naddrs >= TB_SCRIPT_MAX_ADDRS)
		return sp_fail(p, "too many addresses for %s on path '%s' "
			       "(at most %d)", p->s->hosts[e->host].name,
			       p->s->paths[path].name, TB_SCRIPT_MAX_ADDRS);
	e->addrs[e->naddrs++] = *a;
	return 0;
}

/* HOST@PATH[/v4|/v6] or a literal address, resolved now. */
int sp_parse_addr_ref(struct parser *p, const char *key, const char *v,
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
			return sp_fail(p, "%s=%s is not an address (HOST@PATH, "
				       "HOST@PATH/v4, HOST@PATH/v6 or an "
				       "address)", key, v);
		return 0;
	}
	n = (size_t)(at - v);
	slash = strchr(at, '/');
	if (n == 0 || n > TB_SCRIPT_NAME_MAX)
		return sp_fail(p, "%s=%s: bad host name", key, v);
	memcpy(host, v, n);
	host[n] = '\0';
	n = slash != NULL ? (size_t)(slash - at - 1) : strlen(at + 1);
	if (n == 0 || n > TB_SCRIPT_NAME_MAX)
		return sp_fail(p, "%s=%s: bad path name", key, v);
	memcpy(path, at + 1, n);
	path[n] = '\0';
	if (slash != NULL) {
		if (strcmp(slash, "/v4") == 0)
			r->family = AF_INET;
		else if (strcmp(slash, "/v6") == 0)
			r->family = AF_INET6;
		else
			return sp_fail(p, "%s=%s: '%s' is not /v4 or /v6", key, v,
				       slash);
	}
	err = sp_ref_host(p, host, &r->host);
	if (err == 0)
		err = sp_ref_path(p, path, &r->path);
	if (err == 0)
		err = sp_need_end(p, r->path, r->host);
	if (err < 0)
		return err;
	end = sp_path_end(p->s, r->path, r->host);
	e = &p->cur[r->path][end];
	for (i = 0; i < e->naddrs; i++)
		if (r->family == 0 || e->addrs[i].family == r->family) {
			r->addr = e->addrs[i];
			return 0;
		}
	return sp_fail(p, "%s has no %saddress on path '%s' here", host,
		       r->family == AF_INET ? "IPv4 " :
		       r->family == AF_INET6 ? "IPv6 " : "", path);
}

/* Steps */

int sp_topology_first(struct parser *p)
{
	if (p->running)
		return sp_fail(p, "%s must come before agents and run-time steps",
			       p->verb);
	return 0;
}
