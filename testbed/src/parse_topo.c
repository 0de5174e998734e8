/* parse_topo.c - the scenario verbs that build and change the network:
 * host, path, sysctl, link, addr, netem, and wait (scenarios/README.md).
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

int sp_parse_host(struct parser *p, struct tb_step *st)
{
	struct tb_script *s = p->s;
	const char *name;
	int err;

	err = sp_words_exactly(p, 1, "NAME");
	if (err == 0)
		err = sp_done(p, "none");
	if (err == 0)
		err = sp_topology_first(p);
	if (err < 0)
		return err;
	name = sp_word(p, 0);
	err = sp_check_name(p, "host", name);
	if (err < 0)
		return err;
	if (sp_find_host(s, name) >= 0)
		return sp_fail(p, "duplicate host '%s'", name);
	if (s->nhosts >= TB_SCRIPT_MAX_HOSTS)
		return sp_fail(p, "too many hosts (at most %d)",
			       TB_SCRIPT_MAX_HOSTS);
	strcpy(s->hosts[s->nhosts].name, name);
	st->u.host = (int)s->nhosts++;
	return 0;
}

int sp_parse_path(struct parser *p, struct tb_step *st)
{
	struct tb_script *s = p->s;
	struct tb_script_path *path;
	const char *name;
	char what[2 * TB_SCRIPT_NAME_MAX + 16];
	int i, err, idx, nends = 0;

	err = sp_words_exactly(p, 1, "NAME HOST=ADDR[,ADDR...] HOST=ADDR[,ADDR...]");
	if (err == 0)
		err = sp_topology_first(p);
	if (err < 0)
		return err;
	name = sp_word(p, 0);
	err = sp_check_name(p, "path", name);
	if (err < 0)
		return err;
	if (sp_find_path(s, name) >= 0)
		return sp_fail(p, "duplicate path '%s'", name);
	if (s->npaths >= TB_SCRIPT_MAX_PATHS)
		return sp_fail(p, "too many paths (at most %d)",
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
			return sp_fail(p, "usage: path NAME HOST=ADDR[,ADDR...] "
				       "HOST=ADDR[,ADDR...]");
		err = sp_ref_host(p, kv->key, &host);
		if (err < 0)
			return err;
		if (nends == 2)
			return sp_fail(p, "path '%s' joins two hosts, not more",
				       name);
		/* (a host named twice is refused as a key given twice) */
		p->cur[idx][nends].host = host;
		snprintf(what, sizeof(what), "%s on path '%s'", kv->key, name);
		list = kv->val;
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			err = sp_parse_prefix(p, what, tok, &a);
			if (err == 0)
				err = sp_end_add(p, idx, nends, &a, tok);
			if (err < 0)
				return err;
		}
		if (p->cur[idx][nends].naddrs == 0)
			return sp_fail(p, "%s has no address", what);
		nends++;
	}
	if (nends != 2)
		return sp_fail(p, "path '%s' needs two hosts (HOST=ADDR ...)", name);
	if (!(tb_path_end_has_family(&p->cur[idx][0], AF_INET) &&
	      tb_path_end_has_family(&p->cur[idx][1], AF_INET)) &&
	    !(tb_path_end_has_family(&p->cur[idx][0], AF_INET6) &&
	      tb_path_end_has_family(&p->cur[idx][1], AF_INET6)))
		return sp_fail(p, "path '%s': %s and %s share no address family",
			       name, s->hosts[p->cur[idx][0].host].name,
			       s->hosts[p->cur[idx][1].host].name);
	path->end[0] = p->cur[idx][0];
	path->end[1] = p->cur[idx][1];
	st->u.path = idx;
	return 0;
}

int sp_parse_sysctl(struct parser *p, struct tb_step *st)
{
	char buf[TB_SCRIPT_TEXT_MAX + 32], list[TB_SCRIPT_TEXT_MAX];
	struct tb_step_sysctl *sc = &st->u.sysctl;
	char *tok, *save = NULL;
	unsigned int i;
	struct kv *kv;
	int err, host;

	err = sp_words_exactly(p, 1, "HOST[,HOST...] KEY=VALUE");
	if (err == 0 && p->nkv != 1)
		err = sp_fail(p, "usage: sysctl HOST[,HOST...] KEY=VALUE");
	if (err < 0)
		return err;
	if (strlen(sp_word(p, 0)) >= sizeof(list))
		return sp_fail(p, "sysctl: host list too long");
	strcpy(list, sp_word(p, 0));
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		err = sp_ref_host(p, tok, &host);
		if (err < 0)
			return err;
		for (i = 0; i < sc->nhosts; i++)
			if (sc->hosts[i] == host)
				return sp_fail(p, "sysctl names host '%s' twice",
					       tok);
		sc->hosts[sc->nhosts++] = host;
	}
	if (sc->nhosts == 0)
		return sp_fail(p, "usage: sysctl HOST[,HOST...] KEY=VALUE");
	kv = &p->kv[0];
	kv->used = 1;
	if (kv->op != KV_EQ)
		return sp_fail(p, "usage: sysctl HOST[,HOST...] KEY=VALUE");
	if (strlen(kv->key) >= sizeof(sc->key) ||
	    tb_sysctl_path(kv->key, buf, sizeof(buf)) < 0)
		return sp_fail(p, "bad sysctl key '%s'", kv->key);
	if (tb_sysctl_check(kv->key) == -ENOENT)
		return sp_fail(p, "unknown sysctl key '%s' (the keys of "
			       "net.sctp, net.ipv4 and net.ipv6 a scenario may "
			       "set: testbed/src/sysctl.c)", kv->key);
	if (kv->val[0] == '\0' || strlen(kv->val) >= sizeof(sc->value))
		return sp_fail(p, "bad value for sysctl %s", kv->key);
	strcpy(sc->key, kv->key);
	strcpy(sc->value, kv->val);
	return 0;
}

int sp_parse_link(struct parser *p, struct tb_step *st)
{
	struct tb_step_link *l = &st->u.link;
	const char *v;
	int err;

	l->host = -1;
	err = sp_words_exactly(p, 2, "up|down PATH [host=HOST]");
	if (err < 0)
		return err;
	if (strcmp(sp_word(p, 0), "up") == 0)
		l->up = 1;
	else if (strcmp(sp_word(p, 0), "down") != 0)
		return sp_fail(p, "usage: link up|down PATH [host=HOST]");
	err = sp_ref_path(p, sp_word(p, 1), &l->path);
	if (err < 0)
		return err;
	v = sp_opt(p, "host");
	if (v != NULL) {
		err = sp_ref_host(p, v, &l->host);
		if (err == 0)
			err = sp_need_end(p, l->path, l->host);
		if (err < 0)
			return err;
	}
	return sp_done(p, "host");
}

int sp_parse_addr(struct parser *p, struct tb_step *st)
{
	struct tb_step_addr *ad = &st->u.addr;
	char what[2 * TB_SCRIPT_NAME_MAX + 16], text[INET6_ADDRSTRLEN];
	struct tb_path_end *e;
	struct kv *kv;
	int err, end, k, hp, he;

	err = sp_words_exactly(p, 2, "add|del PATH HOST=ADDR[/LEN]");
	if (err == 0 && p->nkv != 1)
		err = sp_fail(p, "usage: addr add|del PATH HOST=ADDR[/LEN]");
	if (err < 0)
		return err;
	if (strcmp(sp_word(p, 0), "add") == 0)
		ad->add = 1;
	else if (strcmp(sp_word(p, 0), "del") != 0)
		return sp_fail(p, "usage: addr add|del PATH HOST=ADDR[/LEN]");
	kv = &p->kv[0];
	kv->used = 1;
	err = sp_ref_path(p, sp_word(p, 1), &ad->path);
	if (err == 0)
		err = sp_ref_host(p, kv->key, &ad->host);
	if (err == 0)
		err = sp_need_end(p, ad->path, ad->host);
	if (err < 0)
		return err;
	snprintf(what, sizeof(what), "%s on path '%s'", kv->key, sp_word(p, 1));
	err = sp_parse_prefix(p, what, kv->val, &ad->addr);
	if (err < 0)
		return err;
	end = sp_path_end(p->s, ad->path, ad->host);
	if (ad->add)
		return sp_end_add(p, ad->path, end, &ad->addr, kv->val);

	sp_addr_text(&ad->addr, text, sizeof(text));
	k = sp_addr_holder(p, &ad->addr, &hp, &he);
	if (k < 0 || hp != ad->path || he != end)
		return sp_fail(p, "address %s is not on %s@%s", text, kv->key,
			       sp_word(p, 1));
	e = &p->cur[ad->path][end];
	/* The prefix length is the one it was added with. */
	ad->addr = e->addrs[k];
	memmove(&e->addrs[k], &e->addrs[k + 1],
		(e->naddrs - (unsigned int)k - 1) * sizeof(e->addrs[0]));
	e->naddrs--;
	return 0;
}

/* dir=A->B (A's end sends) or dir=both. */
int sp_parse_dir(struct parser *p, int path, const char *v, int *from)
{
	char a[TB_SCRIPT_NAME_MAX + 1], b[TB_SCRIPT_NAME_MAX + 1];
	const char *arrow = strstr(v, "->");
	int ha = -1, hb = -1, err;
	size_t n;

	*from = -1;
	if (strcmp(v, "both") == 0)
		return 0;
	if (arrow == NULL)
		return sp_fail(p, "dir=%s is not HOST->HOST or both", v);
	n = (size_t)(arrow - v);
	if (n == 0 || n > TB_SCRIPT_NAME_MAX || strlen(arrow + 2) == 0 ||
	    strlen(arrow + 2) > TB_SCRIPT_NAME_MAX)
		return sp_fail(p, "dir=%s is not HOST->HOST or both", v);
	memcpy(a, v, n);
	a[n] = '\0';
	strcpy(b, arrow + 2);
	err = sp_ref_host(p, a, &ha);
	if (err == 0)
		err = sp_ref_host(p, b, &hb);
	if (err == 0)
		err = sp_need_end(p, path, ha);
	if (err == 0)
		err = sp_need_end(p, path, hb);
	if (err < 0)
		return err;
	if (ha == hb)
		return sp_fail(p, "dir=%s goes nowhere", v);
	*from = ha;
	return 0;
}

int sp_parse_netem(struct parser *p, struct tb_step *st)
{
	static const char keys[] = "dir, loss, delay, jitter, limit";
	struct tb_step_netem *ne = &st->u.netem;
	struct tb_netem *cur;
	const char *loss, *delay, *jitter, *limit, *dir;
	double pct = 0;
	uint32_t delay_us = 0, jitter_us = 0;
	unsigned int lim = 0, j;
	int err;

	ne->from_host = -1;
	if (p->nwords < 1 || p->nwords > 2 ||
	    (p->nwords == 2 && strcmp(sp_word(p, 1), "off") != 0))
		return sp_fail(p, "usage: netem PATH [dir=HOST->HOST|both] "
			       "loss=P%%|delay=T|jitter=T|limit=N... | netem "
			       "PATH [dir=...] off");
	ne->off = p->nwords == 2;
	err = sp_ref_path(p, sp_word(p, 0), &ne->path);
	if (err < 0)
		return err;
	dir = sp_opt(p, "dir");
	if (dir != NULL) {
		err = sp_parse_dir(p, ne->path, dir, &ne->from_host);
		if (err < 0)
			return err;
	}
	loss = sp_opt(p, "loss");
	delay = sp_opt(p, "delay");
	jitter = sp_opt(p, "jitter");
	limit = sp_opt(p, "limit");
	if (loss != NULL)
		err = sp_parse_percent(p, "loss", loss, &pct);
	if (err == 0 && delay != NULL)
		err = sp_parse_duration(p, "delay", delay, &delay_us);
	if (err == 0 && jitter != NULL)
		err = sp_parse_duration(p, "jitter", jitter, &jitter_us);
	if (err == 0)
		err = sp_opt_uint(p, "limit", 1, UINT32_MAX, &lim);
	if (err == 0)
		err = sp_done(p, keys);
	if (err < 0)
		return err;
	if (ne->off && (loss || delay || jitter || limit))
		return sp_fail(p, "netem off takes only dir=");
	if (!ne->off && !loss && !delay && !jitter && !limit)
		return sp_fail(p, "netem needs loss=, delay=, jitter= or "
			       "limit= (or off)");
	/* Each end: what it has at this line, with the parameters given
	 * changed (netem.h: a qdisc carries all of them at once). */
	for (j = 0; j < 2; j++) {
		if (ne->from_host >= 0 &&
		    p->s->paths[ne->path].end[j].host != ne->from_host)
			continue;
		cur = &p->netem[ne->path][j];
		ne->set[j] = 1;
		if (ne->off) {
			memset(cur, 0, sizeof(*cur));
		} else {
			if (loss != NULL)
				cur->loss = pct;
			if (delay != NULL)
				cur->delay_us = delay_us;
			if (jitter != NULL)
				cur->jitter_us = jitter_us;
			if (limit != NULL)
				cur->limit = lim;
			if (cur->jitter_us != 0 && cur->delay_us == 0 &&
			    jitter == NULL && delay != NULL)
				return sp_fail(p, "delay=%s leaves the jitter "
					       "set above without a delay: take "
					       "it out too (jitter=0ms)", delay);
			if (cur->jitter_us != 0 && cur->delay_us == 0)
				return sp_fail(p, "jitter= needs a delay "
					       "(delay= here or above)");
			if (cur->loss == 0 && cur->delay_us == 0 &&
			    cur->jitter_us == 0) {
				if (limit != NULL)
					return sp_fail(p, "limit= alone "
						       "impairs nothing: give "
						       "loss=, delay= or jitter= "
						       "(here or above)");
				cur->limit = 0;	/* no netem left */
			}
		}
		ne->netem[j] = *cur;
	}
	return 0;
}

int sp_parse_wait(struct parser *p, struct tb_step *st)
{
	int err;

	err = sp_words_exactly(p, 1, "DURATION");
	if (err == 0)
		err = sp_done(p, "none");
	if (err < 0)
		return err;
	return sp_parse_duration(p, "wait", sp_word(p, 0), &st->u.wait_us);
}
