/* run.c - the scenario runner. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "addr.h"
#include "agent.h"
#include "expect.h"
#include "link.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "qdisc.h"
#include "run.h"
#include "script.h"
#include "sysctl.h"
#include "text.h"
#include "topo.h"

#define OBSERVED_MAX 1024
#define MSG_MAX (TB_NL_EXT_MAX + 512)
#define AGENT_EXIT_MS 3000	/* agents' graceful close, at the end */
#define LISTEN_WAIT_MS 30000	/* a server's start, before its clients */

struct runner {
	const struct tb_run_opts *o;
	struct tb_script *s;
	char **lines;		/* the script's text, for the step names */
	unsigned int nlines;
	struct tb_topo topo;
	int netns_fd[TB_SCRIPT_MAX_HOSTS];
	struct tb_nl *nl[TB_SCRIPT_MAX_HOSTS];
	char dev[TB_SCRIPT_MAX_PATHS][IF_NAMESIZE];
	/* The paths' ends as the steps so far have made them. */
	struct tb_path_end ends[TB_SCRIPT_MAX_PATHS][2];
	struct tb_agent agents[TB_SCRIPT_MAX_AGENTS];
	struct tb_reports reports[TB_SCRIPT_MAX_AGENTS];
	FILE *timeline;
	double t0;		/* CLOCK_MONOTONIC ms at the start */
	int sigfd;
	int signo;		/* the signal that interrupts the run */
	unsigned int tap;	/* test points printed */
	unsigned int failed;
	char node[PATH_MAX];
	char agent_js[PATH_MAX];
	char file[TB_ESCAPED_MAX(256)];	/* the script's name, escaped */
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now(const struct runner *r)
{
	return mono_ms() - r->t0;
}

/* One timeline record (the reference is taken). */
static void timeline(struct runner *r, json_t *rec)
{
	if (r->timeline != NULL && rec != NULL) {
		json_dumpf(rec, r->timeline, JSON_COMPACT | JSON_REAL_PRECISION(12));
		fputc('\n', r->timeline);
	}
	json_decref(rec);
}

/* The text of a script line, without its comment and outer blanks,
 * escaped (text.h). */
static const char *line_text(const struct runner *r, unsigned int line,
			     char *buf, size_t len)
{
	char raw[512], *hash, *end;
	const char *start;

	if (line == 0 || line > r->nlines) {
		snprintf(buf, len, "?");
		return buf;
	}
	snprintf(raw, sizeof(raw), "%s", r->lines[line - 1]);
	hash = strchr(raw, '#');
	if (hash != NULL)
		*hash = '\0';
	end = raw + strlen(raw);
	while (end > raw && (end[-1] == ' ' || end[-1] == '\t' ||
			     end[-1] == '\r'))
		*--end = '\0';
	start = raw + strspn(raw, " \t");
	tb_escape(buf, len, start);
	return buf;
}

static int load_lines(struct runner *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	char **grown;

	if (f == NULL)
		return -errno;
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		grown = realloc(r->lines, (r->nlines + 1) * sizeof(*grown));
		if (grown == NULL)
			break;
		r->lines = grown;
		r->lines[r->nlines] = strdup(line);
		if (r->lines[r->nlines] == NULL)
			break;
		r->nlines++;
	}
	free(line);
	fclose(f);
	return 0;
}

/* "Bail out!" with the reason; the run is then torn down. */
static int bail(struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The message may quote the script, an agent or the kernel: it is escaped
 * whole (text.h); callers pass raw text. */
static int bail(struct runner *r, const char *fmt, ...)
{
	char msg[MSG_MAX], emsg[TB_ESCAPED_MAX(MSG_MAX)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tb_escape(emsg, sizeof(emsg), msg);
	printf("Bail out! %s\n", emsg);
	fflush(stdout);
	timeline(r, json_pack("{s:f, s:s, s:s}", "t", now(r), "kind", "bail",
			      "message", emsg));
	return -1;
}

/* A failed network operation: "file:line: what: reason (extack)". */
static int step_failed(struct runner *r, const struct tb_step *st, int err,
		       int host, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int step_failed(struct runner *r, const struct tb_step *st, int err,
		       int host, const char *fmt, ...)
{
	char what[512], why[TB_NL_EXT_MAX + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	tb_strerror(err, host >= 0 && r->nl[host] ? tb_nl_ext(r->nl[host])
						  : NULL, why, sizeof(why));
	if (st != NULL)
		return bail(r, "%s:%u: %s: %s", st->file, st->line, what, why);
	return bail(r, "%s: %s", what, why);
}

/* Signals: blocked while the run lasts, read from a signalfd. */
static int check_signal(struct runner *r)
{
	struct signalfd_siginfo si;

	if (r->signo)
		return -EINTR;
	if (read(r->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		r->signo = (int)si.ssi_signo;
		return -EINTR;
	}
	return 0;
}

static const char *host_name(const struct runner *r, int host)
{
	return tb_script_host(r->s, (unsigned int)host)->name;
}

/* ---- the topology ---- */

static int build(struct runner *r)
{
	char label[TB_SCRIPT_NAME_MAX + 1], name[NAME_MAX + 1];
	char addr[TB_PREFIX_STRLEN];
	unsigned int i, j, k, n;
	int err, h0, h1;

	for (i = 0; i < tb_script_nhosts(r->s); i++) {
		/* Labels take [A-Za-z0-9_.]: '-' in a host name becomes '.' */
		snprintf(label, sizeof(label), "%s", host_name(r, (int)i));
		for (j = 0; label[j]; j++)
			if (label[j] == '-')
				label[j] = '.';
		err = tb_topo_netns_add(&r->topo, label, name, sizeof(name));
		if (err < 0)
			return step_failed(r, NULL, err, -1,
					   "host %s: netns add %s",
					   host_name(r, (int)i), name);
		r->netns_fd[i] = tb_netns_open(name);
		if (r->netns_fd[i] < 0)
			return step_failed(r, NULL, r->netns_fd[i], -1,
					   "host %s: open netns %s",
					   host_name(r, (int)i), name);
		err = tb_nl_open(&r->nl[i], r->netns_fd[i]);
		if (err < 0)
			return step_failed(r, NULL, err, -1,
					   "host %s: rtnetlink in %s",
					   host_name(r, (int)i), name);
		printf("# host %s: ip netns exec %s ...\n",
		       host_name(r, (int)i), name);
		if (check_signal(r) < 0)
			return -1;
	}
	n = tb_script_npaths(r->s);
	for (i = 0; i < n; i++) {
		const struct tb_script_path *p = tb_script_path(r->s, i);

		/* The path's name if it is a valid interface name (it fits
		 * then), else pathN. */
		if (tb_ifname_check(p->name) < 0 ||
		    snprintf(r->dev[i], sizeof(r->dev[i]), "%s", p->name) >=
			    (int)sizeof(r->dev[i]))
			snprintf(r->dev[i], sizeof(r->dev[i]), "path%u", i);
		r->ends[i][0] = p->end[0];
		r->ends[i][1] = p->end[1];
		h0 = p->end[0].host;
		h1 = p->end[1].host;
		err = tb_veth_add(r->nl[h0], r->dev[i], r->dev[i],
				  r->netns_fd[h1]);
		if (err < 0)
			return step_failed(r, NULL, err, h0,
					   "path %s: veth %s between %s and %s",
					   p->name, r->dev[i],
					   host_name(r, h0), host_name(r, h1));
		for (j = 0; j < 2; j++) {
			int h = p->end[j].host;

			for (k = 0; k < p->end[j].naddrs; k++) {
				err = tb_addr_add(r->nl[h], r->dev[i],
						  &p->end[j].addrs[k]);
				if (err < 0) {
					tb_prefix_format(&p->end[j].addrs[k],
							 addr, sizeof(addr));
					return step_failed(
						r, NULL, err, h,
						"path %s: add %s on %s in %s",
						p->name, addr, r->dev[i],
						host_name(r, h));
				}
			}
			err = tb_link_set(r->nl[h], r->dev[i], 1);
			if (err < 0)
				return step_failed(r, NULL, err, h,
						   "path %s: set %s up in %s",
						   p->name, r->dev[i],
						   host_name(r, h));
		}
		if (check_signal(r) < 0)
			return -1;
	}
	return 0;
}

/* ---- agents ---- */

static void on_report(void *ctx, json_t *rep);

struct report_ctx {
	struct runner *r;
	int agent;
};

static void on_report(void *ctx, json_t *rep)
{
	struct report_ctx *c = ctx;
	struct runner *r = c->r;
	json_t *t = json_object_get(rep, "t");
	double at = json_is_number(t) ? json_number_value(t) - r->t0 : now(r);

	json_object_set_new(rep, "t", json_real(at));
	json_object_set_new(rep, "agent",
			    json_string(tb_script_agent(r->s, (unsigned)c->agent)->name));
	/* The same object is the timeline record and the matcher's report
	 * (which ignores "kind"). */
	json_object_set_new(rep, "kind", json_string("report"));
	timeline(r, json_incref(rep));
	tb_reports_add(&r->reports[c->agent], rep);
	if (json_is_string(json_object_get(rep, "ev")) &&
	    strcmp(json_string_value(json_object_get(rep, "ev")),
		   "agent-error") == 0) {
		json_t *m = json_object_get(rep, "message");
		char msg[TB_ESCAPED_MAX(512)];

		tb_escapen(msg, sizeof(msg), json_string_value(m),
			   json_string_length(m));
		printf("# agent %s: %s\n",
		       tb_script_agent(r->s, (unsigned)c->agent)->name, msg);
	}
}

/* An agent's stdout ended: reap it and record how it ended. */
static void agent_ended(struct runner *r, int i, int kill_ms)
{
	char status[32];
	json_t *rep;

	tb_agent_stop(&r->agents[i], kill_ms);
	tb_agent_status(&r->agents[i], status, sizeof(status));
	rep = json_pack("{s:s, s:f, s:s}", "ev", "exit", "t", now(r) + r->t0,
			"status", status);
	if (rep != NULL) {
		struct report_ctx c = { r, i };

		on_report(&c, rep);
	}
}

/* Take reports until `until` (run ms) or, with e, until e is met.
 * Returns 1 when e is met, 0 at `until`, -1 on a signal. */
static int pump(struct runner *r, double until,
		const struct tb_step_expect *e, double since, double *at,
		char *observed, size_t olen)
{
	struct pollfd fds[TB_SCRIPT_MAX_AGENTS + 1];
	int who[TB_SCRIPT_MAX_AGENTS + 1];
	unsigned int i, n;
	double left;
	int ret;

	for (;;) {
		if (check_signal(r) < 0)
			return -1;
		if (e != NULL &&
		    tb_expect_check(r->s, e, r->reports, since, at, observed,
				    olen) == 1)
			return 1;
		/* An agent that has ended reports nothing more. */
		if (e != NULL && r->reports[e->agent].exited) {
			size_t used = strlen(observed);

			snprintf(observed + used, olen - used,
				 " (the agent has ended)");
			return 0;
		}
		left = until - now(r);
		if (left <= 0)
			return 0;
		n = 0;
		fds[n].fd = r->sigfd;
		fds[n].events = POLLIN;
		who[n++] = -1;
		for (i = 0; i < tb_script_nagents(r->s); i++) {
			if (r->agents[i].out < 0)
				continue;
			fds[n].fd = r->agents[i].out;
			fds[n].events = POLLIN;
			who[n++] = (int)i;
		}
		ret = poll(fds, n, (int)(left + 1));
		if (ret < 0 && errno != EINTR)
			return bail(r, "poll: %s", strerror(errno));
		for (i = 1; ret > 0 && i < n; i++) {
			struct report_ctx c = { r, who[i] };

			if (!fds[i].revents)
				continue;
			if (tb_agent_read(&r->agents[who[i]], on_report, &c) != 0)
				agent_ended(r, who[i], 1000);
		}
	}
}

/* The addresses `host` has on the given paths, now. */
static void host_addrs(const struct runner *r, int host, const int *paths,
		       unsigned int npaths, json_t *out)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned int i, j, k;

	for (i = 0; i < npaths; i++)
		for (j = 0; j < 2; j++) {
			const struct tb_path_end *end = &r->ends[paths[i]][j];

			if (end->host != host)
				continue;
			for (k = 0; k < end->naddrs; k++) {
				inet_ntop(end->addrs[k].family,
					  end->addrs[k].addr.raw, buf,
					  sizeof(buf));
				json_array_append_new(out, json_string(buf));
			}
		}
}

/* The paths an agent binds to: addresses=, else all of its host's. */
static unsigned int agent_paths(const struct runner *r,
				const struct tb_script_agent *a, int *paths)
{
	unsigned int i, n = 0;

	if (a->npaths > 0) {
		memcpy(paths, a->paths, a->npaths * sizeof(*paths));
		return a->npaths;
	}
	for (i = 0; i < tb_script_npaths(r->s); i++)
		if (r->ends[i][0].host == a->host ||
		    r->ends[i][1].host == a->host)
			paths[n++] = (int)i;
	return n;
}

static int has_family(const struct tb_path_end *end, int family)
{
	unsigned int k;

	for (k = 0; k < end->naddrs; k++)
		if (end->addrs[k].family == family)
			return 1;
	return 0;
}

/* The server's addresses the client can reach, path by path, in the
 * client's order of paths (the first is the primary). */
static void remote_addrs(const struct runner *r, const struct tb_script_agent *cli,
			 const int *cpaths, unsigned int ncp, json_t *out)
{
	const struct tb_script_agent *srv =
		tb_script_agent(r->s, (unsigned int)cli->peer);
	int spaths[TB_SCRIPT_MAX_PATHS];
	unsigned int nsp = agent_paths(r, srv, spaths), i, j, k, e;
	char buf[INET6_ADDRSTRLEN];

	for (i = 0; i < ncp; i++) {
		const struct tb_path_end *ends = r->ends[cpaths[i]];

		for (j = 0; j < nsp; j++)
			if (spaths[j] == cpaths[i])
				break;
		if (j == nsp)
			continue;
		for (e = 0; e < 2; e++) {
			const struct tb_path_end *se = &ends[e];
			const struct tb_path_end *ce = &ends[1 - e];

			if (se->host != srv->host || ce->host != cli->host)
				continue;
			for (k = 0; k < se->naddrs; k++) {
				if (!has_family(ce, se->addrs[k].family))
					continue;
				inet_ntop(se->addrs[k].family,
					  se->addrs[k].addr.raw, buf,
					  sizeof(buf));
				json_array_append_new(out, json_string(buf));
			}
		}
	}
}

static int start_agent(struct runner *r, const struct tb_step *st)
{
	int i = st->u.agent;
	const struct tb_script_agent *a = tb_script_agent(r->s, (unsigned)i);
	int paths[TB_SCRIPT_MAX_PATHS];
	unsigned int np = agent_paths(r, a, paths);
	char *argv[] = { r->node, r->agent_js, NULL };
	json_t *cmd, *local, *remote;
	int err;

	/* A connecting agent starts once its server listens. */
	if (a->role == TB_AGENT_CONNECT) {
		struct tb_step_expect listening = {
			.kind = TB_EXPECT_EVENT, .agent = a->peer,
			.name = "listening",
		};
		char observed[OBSERVED_MAX];
		double at;
		int met = pump(r, now(r) + LISTEN_WAIT_MS, &listening, 0, &at,
			       observed, sizeof(observed));

		if (met < 0)
			return -1;
		if (met == 0)
			return bail(r, "%s:%u: agent %s: its server %s did not "
				    "listen within %d s (%s)", st->file,
				    st->line, a->name,
				    tb_script_agent(r->s, (unsigned)a->peer)->name,
				    LISTEN_WAIT_MS / 1000, observed);
	}
	local = json_array();
	remote = json_array();
	if (!a->any)
		host_addrs(r, a->host, paths, np, local);
	if (a->role == TB_AGENT_CONNECT)
		remote_addrs(r, a, paths, np, remote);
	cmd = json_pack("{s:s, s:s, s:i, s:s, s:i, s:o, s:o}", "cmd", "start",
			"name", a->name, "index", i, "role",
			a->role == TB_AGENT_LISTEN ? "listen" : "connect",
			"port", (int)a->port, "local", local, "remote", remote);
	if (cmd == NULL)
		return bail(r, "%s:%u: out of memory", st->file, st->line);
	if (a->mis)
		json_object_set_new(cmd, "MIS", json_integer(a->mis));
	if (a->os)
		json_object_set_new(cmd, "OS", json_integer(a->os));
	if (a->sack_set) {
		/* sack=off: a SACK for every packet (sack_freq 1). */
		if (a->sack_delay_us == 0)
			json_object_set_new(cmd, "sack",
					    json_pack("{s:i}", "freq", 1));
		else
			json_object_set_new(cmd, "sack",
					    json_pack("{s:i}", "delay",
						      (int)((a->sack_delay_us + 999) / 1000)));
	}
	err = tb_agent_spawn(&r->agents[i], r->netns_fd[a->host], argv);
	if (err == 0)
		err = tb_agent_send(&r->agents[i], cmd);
	/* Sent: the command becomes the timeline's record of the start. */
	json_object_set_new(cmd, "kind", json_string("agent"));
	json_object_set_new(cmd, "host", json_string(host_name(r, a->host)));
	json_object_set_new(cmd, "t", json_real(now(r)));
	timeline(r, cmd);
	if (err < 0)
		return step_failed(r, st, err, -1, "agent %s: start %s %s",
				   a->name, r->node, r->agent_js);
	return 0;
}

/* ---- steps ---- */

static int do_send(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_send *sd = &st->u.send;
	json_t *cmd = json_pack("{s:s, s:i, s:i, s:i, s:I, s:i, s:b}", "cmd",
				"send", "count", (int)sd->count, "size",
				(int)sd->size, "streams", (int)sd->streams,
				"ppid", (json_int_t)sd->ppid, "rate",
				(int)sd->rate, "unordered", sd->unordered);
	int err;

	if (cmd != NULL && sd->ttl_ms)
		json_object_set_new(cmd, "ttl", json_integer(sd->ttl_ms));
	err = cmd ? tb_agent_send(&r->agents[sd->agent], cmd) : -ENOMEM;
	json_decref(cmd);
	if (err < 0)
		return step_failed(r, st, err, -1, "send to agent %s",
				   tb_script_agent(r->s, (unsigned)sd->agent)->name);
	return 0;
}

static int do_link(struct runner *r, const struct tb_step *st)
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
			return step_failed(r, st, err, h, "link %s %s in %s",
					   r->dev[l->path], l->up ? "up" : "down",
					   host_name(r, h));
	}
	return 0;
}

static int do_addr(struct runner *r, const struct tb_step *st)
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
		return step_failed(r, st, err, ad->host, "path %s: %s %s on %s in %s",
				   p->name, ad->add ? "add" : "del", addr,
				   r->dev[ad->path], host_name(r, ad->host));
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

static int do_netem(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_netem *ne = &st->u.netem;
	unsigned int j;
	int err, h;

	for (j = 0; j < 2; j++) {
		h = r->ends[ne->path][j].host;
		if (ne->from_host >= 0 && ne->from_host != h)
			continue;
		if (ne->off) {
			err = tb_netem_del(r->nl[h], r->dev[ne->path]);
			/* dir=both off where one side had none: nothing to do */
			if (ne->from_host < 0 && (err == -ENOENT || err == -EINVAL))
				err = 0;
		} else {
			err = tb_netem_set(r->nl[h], r->dev[ne->path], &ne->netem);
		}
		if (err < 0)
			return step_failed(r, st, err, h, "netem %s on %s in %s",
					   ne->off ? "off" : "set",
					   r->dev[ne->path], host_name(r, h));
	}
	return 0;
}

static int do_agent_cmd(struct runner *r, const struct tb_step *st)
{
	int i = st->verb == TB_VERB_CALL ? st->u.call.agent : st->u.agent;
	const char *name = tb_script_agent(r->s, (unsigned)i)->name;
	char addr[INET6_ADDRSTRLEN];
	json_t *cmd;
	int err;

	if (st->verb == TB_VERB_KILL) {
		if (r->agents[i].pid <= 0)
			return bail(r, "%s:%u: kill %s: it is not running",
				    st->file, st->line, name);
		/* Its end is recorded when its stdout closes. */
		return kill(r->agents[i].pid, SIGKILL) < 0
			       ? step_failed(r, st, -errno, -1, "kill %s", name)
			       : 0;
	}
	if (st->verb == TB_VERB_CLOSE) {
		cmd = json_pack("{s:s}", "cmd", "close");
	} else {
		tb_ref_format(&st->u.call.address, addr, sizeof(addr));
		cmd = json_pack("{s:s, s:s, s:s}", "cmd", "call", "method",
				tb_call_name(st->u.call.method), "address",
				addr);
	}
	err = cmd ? tb_agent_send(&r->agents[i], cmd) : -ENOMEM;
	json_decref(cmd);
	if (err < 0)
		return step_failed(r, st, err, -1, "%s to agent %s",
				   tb_verb_name(st->verb), name);
	return 0;
}

static int do_sysctl(struct runner *r, const struct tb_step *st)
{
	const struct tb_step_sysctl *sc = &st->u.sysctl;
	int err = tb_sysctl_set(r->netns_fd[sc->host], sc->key, sc->value);

	if (err < 0)
		return step_failed(r, st, err, -1, "sysctl %s=%s in %s",
				   sc->key, sc->value, host_name(r, sc->host));
	return 0;
}

static int do_expect(struct runner *r, const struct tb_step *st, double since)
{
	const struct tb_step_expect *e = &st->u.expect;
	char observed[OBSERVED_MAX], text[TB_ESCAPED_MAX(512)];
	char eobserved[TB_ESCAPED_MAX(OBSERVED_MAX)];
	const char *what = line_text(r, st->line, text, sizeof(text));
	double began = now(r), at = 0;
	int met;

	met = pump(r, began + e->within_us / 1e3, e, since, &at, observed,
		   sizeof(observed));
	if (met < 0)
		return -1;
	r->tap++;
	if (met) {
		printf("ok %u - %s:%u: %s # %.0f ms\n", r->tap, r->file,
		       st->line, what, at - since);
	} else {
		r->failed++;
		printf("not ok %u - %s:%u: %s\n", r->tap, r->file, st->line,
		       what);
		printf("  ---\n  at: %s:%u\n  waited: %.1f s\n  observed: \"",
		       r->file, st->line, e->within_us / 1e6);
		/* A YAML double-quoted string: \\, \xHH, and \" too. */
		tb_escape(eobserved, sizeof(eobserved), observed);
		for (const char *c = eobserved; *c; c++)
			printf(*c == '"' ? "\\%c" : "%c", *c);
		printf("\"\n  ...\n");
	}
	fflush(stdout);
	timeline(r, json_pack("{s:f, s:s, s:s, s:i, s:s, s:s, s:b, s:f, s:s}",
			      "t", now(r), "kind", "expect", "file", r->file,
			      "line", (int)st->line, "text", what, "agent",
			      tb_script_agent(r->s, (unsigned)e->agent)->name,
			      "ok", met, "elapsed", met ? at - since : -1.0,
			      "observed", met ? "" : observed));
	return 0;
}

static int run_steps(struct runner *r)
{
	char text[TB_ESCAPED_MAX(512)];
	double since = 0;
	unsigned int i;
	int err = 0;

	for (i = 0; i < tb_script_nsteps(r->s) && err == 0; i++) {
		const struct tb_step *st = tb_script_step(r->s, i);

		if (check_signal(r) < 0)
			return -1;
		if (st->verb == TB_VERB_EXPECT) {
			err = do_expect(r, st, since);
			continue;
		}
		if (st->verb == TB_VERB_HOST || st->verb == TB_VERB_PATH)
			continue;	/* built before the first step */
		/* Reports from now on count for the expectations below. */
		since = now(r);
		timeline(r, json_pack("{s:f, s:s, s:s, s:i, s:s}", "t", since,
				      "kind", "step", "verb",
				      tb_verb_name(st->verb), "line",
				      (int)st->line, "text",
				      line_text(r, st->line, text, sizeof(text))));
		switch (st->verb) {
		case TB_VERB_SYSCTL:
			err = do_sysctl(r, st);
			break;
		case TB_VERB_AGENT:
			err = start_agent(r, st);
			break;
		case TB_VERB_SEND:
			err = do_send(r, st);
			break;
		case TB_VERB_LINK:
			err = do_link(r, st);
			break;
		case TB_VERB_ADDR:
			err = do_addr(r, st);
			break;
		case TB_VERB_NETEM:
			err = do_netem(r, st);
			break;
		case TB_VERB_CLOSE:
		case TB_VERB_KILL:
		case TB_VERB_CALL:
			err = do_agent_cmd(r, st);
			break;
		case TB_VERB_WAIT:
			err = pump(r, now(r) + st->u.wait_us / 1e3, NULL, 0,
				   NULL, NULL, 0) < 0 ? -1 : 0;
			break;
		default:
			break;
		}
	}
	return err;
}

/* Agents: close gracefully (stdin closed), then killed; all reaped. */
static void stop_agents(struct runner *r, int graceful)
{
	unsigned int i, running;
	double until = now(r) + AGENT_EXIT_MS;

	for (i = 0; i < tb_script_nagents(r->s); i++)
		tb_agent_close_input(&r->agents[i]);
	while (graceful && now(r) < until) {
		running = 0;
		for (i = 0; i < tb_script_nagents(r->s); i++)
			running += r->agents[i].out >= 0;
		if (running == 0 || pump(r, now(r) + 50, NULL, 0, NULL, NULL, 0) < 0)
			break;
	}
	for (i = 0; i < tb_script_nagents(r->s); i++) {
		if (r->agents[i].pid > 0) {
			if (r->agents[i].out >= 0) {
				struct report_ctx c = { r, (int)i };

				tb_agent_read(&r->agents[i], on_report, &c);
			}
			agent_ended(r, (int)i, 0);
		}
		tb_agent_free(&r->agents[i]);
	}
}

static void teardown(struct runner *r)
{
	unsigned int i;
	int err;

	for (i = 0; i < TB_SCRIPT_MAX_HOSTS; i++) {
		if (r->nl[i] != NULL)
			tb_nl_close(r->nl[i]);
		r->nl[i] = NULL;
		if (r->netns_fd[i] >= 0)
			close(r->netns_fd[i]);
		r->netns_fd[i] = -1;
	}
	err = tb_topo_teardown(&r->topo);
	if (err < 0)
		printf("# teardown: %s\n", strerror(-err));
}

static int find_agent_js(struct runner *r)
{
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (r->o->agent != NULL) {
		snprintf(r->agent_js, sizeof(r->agent_js), "%s", r->o->agent);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			return -errno;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
		if (snprintf(r->agent_js, sizeof(r->agent_js),
			     "%s/../agent/agent.js", exe) >=
		    (int)sizeof(r->agent_js))
			return -ENAMETOOLONG;
	}
	if (access(r->agent_js, R_OK) < 0)
		return -errno;
	snprintf(r->node, sizeof(r->node), "%s",
		 r->o->node != NULL ? r->o->node : "node");
	return 0;
}

int tb_run(const char *path, const struct tb_run_opts *opts)
{
	struct tb_run_opts defaults = { 0 };
	struct runner *r;
	char err_msg[1024];
	sigset_t mask, saved;
	unsigned int i, nexp;
	int err, ret, swept;

	if (opts == NULL)
		opts = &defaults;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return 1;
	r->o = opts;
	r->sigfd = -1;
	for (i = 0; i < TB_SCRIPT_MAX_HOSTS; i++)
		r->netns_fd[i] = -1;
	for (i = 0; i < TB_SCRIPT_MAX_AGENTS; i++) {
		tb_agent_init(&r->agents[i]);
		tb_reports_init(&r->reports[i]);
	}
	/* A bad script fails before anything is touched. */
	if (tb_script_parse_file(path, &r->s, err_msg, sizeof(err_msg)) < 0) {
		fprintf(stderr, "%s\n", err_msg);	/* escaped already */
		ret = 2;
		goto out_free;
	}
	tb_escape(r->file, sizeof(r->file), tb_script_name(r->s));
	err = find_agent_js(r);
	if (err < 0) {
		tb_escape(err_msg, sizeof(err_msg), r->agent_js);
		fprintf(stderr, "tb run: agent %s: %s\n", err_msg,
			strerror(-err));
		ret = 2;
		goto out_free;
	}
	load_lines(r, path);
	if (opts->timeline != NULL) {
		r->timeline = fopen(opts->timeline, "w");
		if (r->timeline == NULL) {
			err = errno;
			tb_escape(err_msg, sizeof(err_msg), opts->timeline);
			fprintf(stderr, "tb run: %s: %s\n", err_msg,
				strerror(err));
			ret = 2;
			goto out_free;
		}
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, &saved);
	/* A shell starts background jobs with SIGINT ignored, and an ignored
	 * signal is dropped even while blocked: take the defaults back (they
	 * stay blocked, and are read from the signalfd). */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	r->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	r->t0 = mono_ms();

	nexp = tb_script_nexpects(r->s);
	printf("TAP version 13\n1..%u\n# %s\n", nexp, r->file);
	fflush(stdout);
	{
		json_t *hosts = json_array(), *paths = json_array();
		json_t *agents = json_array();

		for (i = 0; i < tb_script_nhosts(r->s); i++)
			json_array_append_new(hosts, json_string(host_name(r, (int)i)));
		for (i = 0; i < tb_script_npaths(r->s); i++) {
			const struct tb_script_path *p = tb_script_path(r->s, i);

			json_array_append_new(paths, json_pack(
				"{s:s, s:[s, s]}", "name", p->name, "hosts",
				host_name(r, p->end[0].host),
				host_name(r, p->end[1].host)));
		}
		for (i = 0; i < tb_script_nagents(r->s); i++) {
			const struct tb_script_agent *a = tb_script_agent(r->s, i);

			json_array_append_new(agents, json_pack(
				"{s:s, s:s, s:s}", "name", a->name, "host",
				host_name(r, a->host), "role",
				a->role == TB_AGENT_LISTEN ? "listen" : "connect"));
		}
		timeline(r, json_pack("{s:f, s:s, s:s, s:o, s:o, s:o, s:i}",
				      "t", 0.0, "kind", "run", "script",
				      tb_script_name(r->s), "hosts", hosts,
				      "paths", paths, "agents", agents,
				      "expectations", (int)nexp));
	}

	swept = tb_sweep(opts->prefix ? opts->prefix : "tbrun", 0);
	if (swept > 0)
		printf("# swept %d namespace(s) left by runs that were killed\n",
		       swept);
	err = tb_topo_init(&r->topo, opts->prefix ? opts->prefix : "tbrun");
	if (err < 0) {
		fprintf(stderr, "tb run: prefix: %s\n", strerror(-err));
		ret = 2;
		goto out_signals;
	}
	err = build(r);
	if (err == 0)
		err = run_steps(r);
	stop_agents(r, err == 0 && !r->signo);
	teardown(r);
	if (r->signo) {
		bail(r, "interrupted by %s; agents stopped, namespaces removed",
		     strsignal(r->signo));
		ret = 128 + r->signo;
	} else if (err < 0) {
		ret = 1;
	} else {
		printf("# %u expectations: %u passed, %u failed (%.1f s)\n",
		       r->tap, r->tap - r->failed, r->failed, now(r) / 1e3);
		ret = r->failed ? 1 : 0;
	}
	timeline(r, json_pack("{s:f, s:s, s:i, s:i, s:i, s:i}", "t", now(r),
			      "kind", "end", "expectations", (int)nexp,
			      "passed", (int)(r->tap - r->failed), "failed",
			      (int)r->failed, "status", ret));
out_signals:
	if (r->sigfd >= 0)
		close(r->sigfd);
	sigprocmask(SIG_SETMASK, &saved, NULL);
out_free:
	if (r->timeline != NULL)
		fclose(r->timeline);
	for (i = 0; i < TB_SCRIPT_MAX_AGENTS; i++)
		tb_reports_free(&r->reports[i]);
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	tb_script_free(r->s);
	free(r);
	fflush(stdout);
	return ret;
}
