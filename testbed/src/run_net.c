/* run_net.c - the runner's changes to the network while the agents
 * run: link, addr, netem and sysctl steps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "addr.h"
#include "link.h"
#include "qdisc.h"
#include "runner.h"
#include "sysctl.h"

int rn_do_link(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_link *l = &st->u.link;
	unsigned int j;
	int err, h;

	for (j = 0; j < 2; j++) {
		h = r->ends[l->path][j].host;
		if (l->host >= 0 && l->host != h)
			continue;
		err = tb_link_set(r->nl[h], r->dev[l->path], l->up);
		if (err < 0)
			return rn_step_failed(r, st, err, h, "link %s %s in %s",
					   r->dev[l->path], l->up ? "up" : "down",
					   rn_host_name(r, h));
	}
	return 0;
}

int rn_do_addr(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_addr *ad = &st->u.addr;
	const struct tb_script_path *p = tb_script_path(r->s, (unsigned)ad->path);
	struct tb_path_end *end;
	char addr[TB_PREFIX_STRLEN];
	unsigned int j, k;
	int err;

	tb_prefix_format(&ad->addr, addr, sizeof(addr));
	err = ad->add ? tb_addr_add(r->nl[ad->host], r->dev[ad->path], &ad->addr)
		      : tb_addr_del(r->nl[ad->host], r->dev[ad->path], &ad->addr);
	if (err < 0)
		return rn_step_failed(r, st, err, ad->host, "path %s: %s %s on %s in %s",
				   p->name, ad->add ? "add" : "del", addr,
				   r->dev[ad->path], rn_host_name(r, ad->host));
	for (j = 0; j < 2; j++) {
		end = &r->ends[ad->path][j];
		if (end->host != ad->host)
			continue;
		if (ad->add && end->naddrs < TB_SCRIPT_MAX_ADDRS) {
			end->addrs[end->naddrs++] = ad->addr;
			continue;
		}
		for (k = 0; k < end->naddrs; k++)
			if (end->addrs[k].family == ad->addr.family &&
			    memcmp(end->addrs[k].addr.raw, ad->addr.addr.raw,
				   ad->addr.family == AF_INET ? 4 : 16) == 0) {
				memmove(&end->addrs[k], &end->addrs[k + 1],
					(end->naddrs - k - 1) * sizeof(end->addrs[0]));
				end->naddrs--;
				break;
			}
	}
	return 0;
}

static int netem_none(const struct tb_netem *ne)
{
	return ne->loss == 0 && ne->delay_us == 0 && ne->jitter_us == 0;
}

int rn_do_netem(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_netem *ne = &st->u.netem;
	unsigned int j;
	int err, h;

	for (j = 0; j < 2; j++) {
		if (!ne->set[j])
			continue;
		h = r->ends[ne->path][j].host;
		if (netem_none(&ne->netem[j])) {
			/* Off (or every parameter back to 0): no qdisc.  An end
			 * that had none has nothing to remove. */
			err = netem_none(&r->netem[ne->path][j])
				      ? 0 : tb_netem_del(r->nl[h], r->dev[ne->path]);
			if (err == -ENOENT || err == -EINVAL)
				err = 0;
		} else {
			err = tb_netem_set(r->nl[h], r->dev[ne->path],
					   &ne->netem[j]);
		}
		if (err < 0)
			return rn_step_failed(r, st, err, h, "netem %s on %s in %s",
					      ne->off ? "off" : "set",
					      r->dev[ne->path], rn_host_name(r, h));
		r->netem[ne->path][j] = ne->netem[j];
	}
	return 0;
}

int rn_do_sysctl(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_sysctl *sc = &st->u.sysctl;
	unsigned int i;
	int err;

	for (i = 0; i < sc->nhosts; i++) {
		err = tb_sysctl_set(r->netns_fd[sc->hosts[i]], sc->key,
				    sc->value);
		if (err < 0)
			return rn_step_failed(r, st, err, -1, "sysctl %s=%s in %s",
					      sc->key, sc->value,
					      rn_host_name(r, sc->hosts[i]));
	}
	return 0;
}

void rn_sample_paths(struct runner *r)
{
	struct tb_link_stats ls[2];
	unsigned int i, j, n = tb_script_npaths(r->s);
	char dir[2 * TB_SCRIPT_NAME_MAX + 3];
	double t = rn_now(r);
	int h, ok[2], changed;
	json_t *dirs;

	r->sampled = t;
	if (!r->built)
		return;
	for (i = 0; i < n; i++) {
		changed = 0;
		for (j = 0; j < 2; j++) {
			h = r->ends[i][j].host;
			/* A link that cannot be read now (a failure the steps
			 * report themselves) keeps its last counts. */
			ok[j] = tb_link_stats(r->nl[h], r->dev[i], &ls[j]) == 0;
			if (ok[j])
				changed |= tb_traffic_add(&r->traffic, (int)i,
							  (int)j, t,
							  ls[j].tx_packets,
							  ls[j].tx_bytes) == 1;
		}
		if (!changed)
			continue;
		dirs = json_object();
		for (j = 0; j < 2; j++) {
			if (!ok[j])
				continue;
			h = r->ends[i][j].host;
			snprintf(dir, sizeof(dir), "%s->%s", rn_host_name(r, h),
				 rn_host_name(r, r->ends[i][1 - j].host));
			json_object_set_new(dirs, dir, json_pack(
				"{s:I, s:I}", "packets",
				(json_int_t)ls[j].tx_packets, "bytes",
				(json_int_t)ls[j].tx_bytes));
		}
		rn_timeline(r, json_pack("{s:f, s:s, s:s, s:o}", "t", t, "kind",
					 "path-stats", "path",
					 tb_script_path(r->s, i)->name, "dirs",
					 dirs));
	}
}
