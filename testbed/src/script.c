/* script.c - the scenario script parser (see script.h, scenarios/README.md).
 *
 * Two passes over the text: the first notes where agents are declared (so
 * that a use before the declaration says so), the second tokenises each line
 * and hands it to its verb's parser from the table below, which checks it
 * against what the script has declared so far and appends one step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

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

/* The verbs, dispatched from here. */
static const struct verb_def {
	const char *name;
	enum tb_verb verb;
	int runtime;	/* a run-time step (ends the topology section) */
	int (*parse)(struct parser *p, struct tb_step *st);
} verbs[] = {
	{ "host", TB_VERB_HOST, 0, sp_parse_host },
	{ "path", TB_VERB_PATH, 0, sp_parse_path },
	{ "sysctl", TB_VERB_SYSCTL, 0, sp_parse_sysctl },
	{ "agent", TB_VERB_AGENT, 1, sp_parse_agent },
	{ "send", TB_VERB_SEND, 1, sp_parse_send },
	{ "link", TB_VERB_LINK, 1, sp_parse_link },
	{ "addr", TB_VERB_ADDR, 1, sp_parse_addr },
	{ "netem", TB_VERB_NETEM, 1, sp_parse_netem },
	{ "wait", TB_VERB_WAIT, 1, sp_parse_wait },
	{ "expect", TB_VERB_EXPECT, 1, sp_parse_expect },
	{ "close", TB_VERB_CLOSE, 1, sp_parse_agent_only },
	{ "kill", TB_VERB_KILL, 1, sp_parse_agent_only },
	{ "call", TB_VERB_CALL, 1, sp_parse_call },
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
			return sp_fail(p, "too many arguments (at most %d)",
				       MAX_TOKENS);
		eq = strchr(tok, '=');
		/* agent NAME on HOST exec PROGRAM ARG...: the program's argv
		 * as written, '=' and all. */
		if (eq == NULL || (strcmp(*verb, "agent") == 0 &&
				   p->nwords >= 4 &&
				   strcmp(p->words[3], "exec") == 0)) {
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
			return sp_fail(p, "argument '%s%s' has no key",
				       sp_op_text(kv->op), kv->val);
		if (kv->val[0] == '\0')
			return sp_fail(p, "%s%s has no value", kv->key,
				       sp_op_text(kv->op));
		/* address-change may check one field two ways. */
		for (i = 0; i < p->nkv; i++) {
			if (strcmp(p->kv[i].key, kv->key) != 0)
				continue;
			if (p->kv[i].op == kv->op)
				return sp_fail(p, "%s%s is given twice", kv->key,
					       sp_op_text(kv->op));
			if (!sp_is_ac_field(kv->key))
				return sp_fail(p, "%s is given twice (%s%s and "
					       "%s%s)", kv->key, kv->key,
					       sp_op_text(p->kv[i].op), kv->key,
					       sp_op_text(kv->op));
		}
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
			sp_fail_file(p->err, p->errlen, p->file, "out of memory");
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

/* A kernel condition may stand before the steps that change nothing the
 * parser follows (addresses, netem, agents, traffic counts): expectations,
 * sysctls, calls and waits. */
static int kernel_cond_allowed(enum tb_verb v)
{
	return v == TB_VERB_EXPECT || v == TB_VERB_SYSCTL ||
	       v == TB_VERB_CALL || v == TB_VERB_WAIT;
}

static int parse_line(struct parser *p, char *line)
{
	struct tb_kernel_cond cond;
	struct tb_step *st;
	const char *rest;
	char *verb, *hash, msg[256];
	size_t i;
	int err;

	/* '#' starts a comment, in a condition's reason too: the runner
	 * prints the line without its comment (rn_line_text). */
	hash = strchr(line, '#');
	if (hash != NULL)
		*hash = '\0';
	if (tb_kernel_cond_parse(line, &cond, &rest, msg, sizeof(msg)) < 0)
		return sp_fail(p, "%s%s", msg, hash != NULL ? " ('#' starts a "
			       "comment, to the end of the line)" : "");
	line += rest - line;
	err = tokenize(p, line, &verb);
	if (err < 0 || verb == NULL)
		return err;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].name, verb) == 0)
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0]))
		return sp_fail(p, "unknown verb '%s'", verb);
	if (cond.op != TB_KERNEL_ANY && !kernel_cond_allowed(verbs[i].verb))
		return sp_fail(p, "kernel%s: a kernel condition stands before "
			       "expect, sysctl, call or wait, not %s (a step the "
			       "rest of the script builds on)", cond.text,
			       verbs[i].name);
	p->verb = verbs[i].name;
	err = add_step(p, &st);
	if (err < 0)
		return err;
	st->verb = verbs[i].verb;
	st->kernel = cond;
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
		ret = sp_fail(p, "no host is declared");
	}
	if (ret < 0)
		goto out;
	*out = p->s;
	p->s = NULL;
	goto out;
nomem:
	sp_fail_file(err, errlen, name, "out of memory");
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
		sp_fail_file(err, errlen, path, strerror(-ret));
		return ret;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *t = realloc(text, cap + 65536);

			if (t == NULL) {
				ret = -ENOMEM;
				sp_fail_file(err, errlen, path, "out of memory");
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
		sp_fail_file(err, errlen, path, "read error");
		goto out;
	}
	text[len] = '\0';
	if (strlen(text) != len) {
		ret = -EINVAL;
		sp_fail_file(err, errlen, path, "holds a NUL byte");
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
	return sp_find_host(s, name);
}

int tb_script_path_index(const struct tb_script *s, const char *name)
{
	return sp_find_path(s, name);
}

int tb_script_agent_index(const struct tb_script *s, const char *name)
{
	return sp_find_agent(s, name);
}

unsigned int tb_script_nexpects(const struct tb_script *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nsteps; i++)
		n += s->steps[i].verb == TB_VERB_EXPECT;
	return n;
}
