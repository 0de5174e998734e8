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
#include <sys/utsname.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
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

#include "runner.h"

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double rn_now(const struct runner *r)
{
	return mono_ms() - r->t0;
}

/* One timeline record (the reference is taken). */
void rn_timeline(struct runner *r, json_t *rec)
{
	if (r->timeline != NULL && rec != NULL) {
		json_dumpf(rec, r->timeline, JSON_COMPACT | JSON_REAL_PRECISION(12));
		fputc('\n', r->timeline);
	}
	json_decref(rec);
}

/* The text of a script line, without its comment and outer blanks,
 * escaped (text.h). */
const char *rn_line_text(const struct runner *r, unsigned int line,
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
	/* The step itself: its kernel condition is told apart. */
	{
		struct tb_kernel_cond c;
		const char *rest;
		char msg[8];

		if (tb_kernel_cond_parse(start, &c, &rest, msg, sizeof(msg)) == 0)
			start = rest;
	}
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

/* The message may quote the script, an agent or the kernel: it is escaped
 * whole (text.h); callers pass raw text. */
int rn_bail(struct runner *r, const char *fmt, ...)
{
	char msg[MSG_MAX], emsg[TB_ESCAPED_MAX(MSG_MAX)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tb_escape(emsg, sizeof(emsg), msg);
	printf("Bail out! %s\n", emsg);
	fflush(stdout);
	rn_timeline(r, json_pack("{s:f, s:s, s:s}", "t", rn_now(r), "kind", "bail",
			      "message", emsg));
	return -1;
}

int rn_step_failed(struct runner *r, const struct tb_step *st, int err,
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
		return rn_bail(r, "%s:%u: %s: %s", st->file, st->line, what, why);
	return rn_bail(r, "%s: %s", what, why);
}

/* Signals: blocked while the run lasts, read from a signalfd. */
int rn_check_signal(struct runner *r)
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

const char *rn_host_name(const struct runner *r, int host)
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
		snprintf(label, sizeof(label), "%s", rn_host_name(r, (int)i));
		for (j = 0; label[j]; j++)
			if (label[j] == '-')
				label[j] = '.';
		err = tb_topo_netns_add(&r->topo, label, name, sizeof(name));
		if (err < 0)
			return rn_step_failed(r, NULL, err, -1,
					   "host %s: netns add %s",
					   rn_host_name(r, (int)i), name);
		r->netns_fd[i] = tb_netns_open(name);
		if (r->netns_fd[i] < 0)
			return rn_step_failed(r, NULL, r->netns_fd[i], -1,
					   "host %s: open netns %s",
					   rn_host_name(r, (int)i), name);
		err = tb_nl_open(&r->nl[i], r->netns_fd[i]);
		if (err < 0)
			return rn_step_failed(r, NULL, err, -1,
					   "host %s: rtnetlink in %s",
					   rn_host_name(r, (int)i), name);
		printf("# host %s: ip netns exec %s ...\n",
		       rn_host_name(r, (int)i), name);
		if (rn_check_signal(r) < 0)
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
			return rn_step_failed(r, NULL, err, h0,
					   "path %s: veth %s between %s and %s",
					   p->name, r->dev[i],
					   rn_host_name(r, h0), rn_host_name(r, h1));
		for (j = 0; j < 2; j++) {
			int h = p->end[j].host;

			for (k = 0; k < p->end[j].naddrs; k++) {
				err = tb_addr_add(r->nl[h], r->dev[i],
						  &p->end[j].addrs[k]);
				if (err < 0) {
					tb_prefix_format(&p->end[j].addrs[k],
							 addr, sizeof(addr));
					return rn_step_failed(
						r, NULL, err, h,
						"path %s: add %s on %s in %s",
						p->name, addr, r->dev[i],
						rn_host_name(r, h));
				}
			}
			err = tb_link_set(r->nl[h], r->dev[i], 1);
			if (err < 0)
				return rn_step_failed(r, NULL, err, h,
						   "path %s: set %s up in %s",
						   p->name, r->dev[i],
						   rn_host_name(r, h));
		}
		if (rn_check_signal(r) < 0)
			return -1;
	}
	return 0;
}

/* Does the step's kernel condition hold here? A step that does not apply
 * is said: an expectation as a TAP SKIP naming the kernel, the condition
 * and the reason; any other step as a comment. Both go in the timeline. */
static int kernel_applies(struct runner *r, const struct tb_step *st)
{
	const struct tb_kernel_cond *c = &st->kernel;
	char text[TB_ESCAPED_MAX(512)], why[TB_ESCAPED_MAX(TB_KERNEL_WHY_MAX)];
	int holds = tb_kernel_cond_holds(c, r->release);

	if (holds != 0) {
		if (holds < 0)
			printf("# %s:%u: kernel release '%s' has no version to "
			       "compare with kernel%s; the step runs\n",
			       r->file, st->line, r->release, c->text);
		return 1;
	}
	rn_line_text(r, st->line, text, sizeof(text));
	tb_escape(why, sizeof(why), c->why);
	if (st->verb == TB_VERB_EXPECT) {
		r->tap++;
		r->skipped++;
		printf("ok %u - %s:%u: %s # SKIP kernel %s: only on kernel%s "
		       "(%s)\n", r->tap, r->file, st->line, text, r->release,
		       c->text, why);
	} else {
		printf("# %s:%u: %s: not run on kernel %s: only on kernel%s "
		       "(%s)\n", r->file, st->line, text, r->release, c->text,
		       why);
	}
	fflush(stdout);
	rn_timeline(r, json_pack("{s:f, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s}",
				 "t", rn_now(r), "kind", "kernel-skip", "verb",
				 tb_verb_name(st->verb), "file", r->file,
				 "line", (int)st->line, "text", text, "when",
				 c->text, "why", c->why, "release", r->release));
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

		if (rn_check_signal(r) < 0)
			return -1;
		if (!kernel_applies(r, st))
			continue;
		if (st->verb == TB_VERB_EXPECT) {
			err = rn_do_expect(r, st, since);
			continue;
		}
		if (st->verb == TB_VERB_HOST || st->verb == TB_VERB_PATH)
			continue;	/* built before the first step */
		/* Reports from now on count for the expectations below. */
		since = rn_now(r);
		r->since_line = st->line;
		rn_timeline(r, json_pack("{s:f, s:s, s:s, s:i, s:s}", "t", since,
				      "kind", "step", "verb",
				      tb_verb_name(st->verb), "line",
				      (int)st->line, "text",
				      rn_line_text(r, st->line, text, sizeof(text))));
		switch (st->verb) {
		case TB_VERB_SYSCTL:
			err = rn_do_sysctl(r, st);
			break;
		case TB_VERB_AGENT:
			err = rn_start_agent(r, st);
			break;
		case TB_VERB_SEND:
			err = rn_do_send(r, st);
			break;
		case TB_VERB_LINK:
			err = rn_do_link(r, st);
			break;
		case TB_VERB_ADDR:
			err = rn_do_addr(r, st);
			break;
		case TB_VERB_NETEM:
			err = rn_do_netem(r, st);
			break;
		case TB_VERB_CLOSE:
		case TB_VERB_KILL:
		case TB_VERB_CALL:
			err = rn_do_agent_cmd(r, st);
			break;
		case TB_VERB_WAIT:
			err = rn_pump(r, rn_now(r) + st->u.wait_us / 1e3,
				      NULL) < 0 ? -1 : 0;
			break;
		default:
			break;
		}
	}
	return err;
}

static void teardown(struct runner *r)
{
	unsigned int i;
	int err;

	r->built = 0;
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

/* Whether this kernel can make SCTP sockets at all (socket() loads the
 * module when it can be loaded): else nothing of a scenario can run. */
static int has_sctp(char *why, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (errno != EPROTONOSUPPORT && errno != ESOCKTNOSUPPORT &&
	    errno != EAFNOSUPPORT)
		return 1;	/* another failure: the steps will tell */
	snprintf(why, len, "socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP): %s",
		 strerror(errno));
	return 0;
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
	{
		struct utsname u;

		if (uname(&u) == 0)
			snprintf(r->release, sizeof(r->release), "%s", u.release);
	}
	for (i = 0; i < TB_SCRIPT_MAX_HOSTS; i++)
		r->netns_fd[i] = -1;
	for (i = 0; i < TB_SCRIPT_MAX_AGENTS; i++) {
		tb_agent_init(&r->agents[i]);
		tb_reports_init(&r->reports[i]);
	}
	tb_traffic_init(&r->traffic);
	/* A bad script fails before anything is touched. */
	if (tb_script_parse_file(path, &r->s, err_msg, sizeof(err_msg)) < 0) {
		fprintf(stderr, "%s\n", err_msg);	/* escaped already */
		ret = 2;
		goto out_free;
	}
	tb_escape(r->file, sizeof(r->file), tb_script_name(r->s));
	if (!has_sctp(err_msg, sizeof(err_msg))) {
		printf("TAP version 13\n1..0\n# %s\nBail out! this kernel has "
		       "no SCTP (%s): run the scenario under a kernel that has "
		       "it, from the repository's top: ci/sctp-run --image "
		       "$PWD/addon/node_modules -- testbed/bin/tb run %s\n",
		       r->file, err_msg, r->file);
		fflush(stdout);
		ret = 2;
		goto out_free;
	}
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
	if (r->sigfd < 0) {
		/* Without it the signals would stay blocked, never read:
		 * a run that SIGINT could not stop. */
		fprintf(stderr, "tb run: signalfd: %s\n", strerror(errno));
		ret = 2;
		goto out_signals;
	}
	r->t0 = mono_ms();

	nexp = tb_script_nexpects(r->s);
	printf("TAP version 13\n1..%u\n# %s\n", nexp, r->file);
	fflush(stdout);
	{
		json_t *hosts = json_array(), *paths = json_array();
		json_t *agents = json_array();

		for (i = 0; i < tb_script_nhosts(r->s); i++)
			json_array_append_new(hosts, json_string(rn_host_name(r, (int)i)));
		for (i = 0; i < tb_script_npaths(r->s); i++) {
			const struct tb_script_path *p = tb_script_path(r->s, i);

			json_t *addrs = json_object();

			for (unsigned int j = 0; j < 2; j++) {
				json_t *list = json_array();
				char a[INET6_ADDRSTRLEN];

				for (unsigned int k = 0; k < p->end[j].naddrs; k++) {
					inet_ntop(p->end[j].addrs[k].family,
						  p->end[j].addrs[k].addr.raw,
						  a, sizeof(a));
					json_array_append_new(list, json_string(a));
				}
				json_object_set_new(addrs,
					rn_host_name(r, p->end[j].host), list);
			}
			json_array_append_new(paths, json_pack(
				"{s:s, s:[s, s], s:o}", "name", p->name, "hosts",
				rn_host_name(r, p->end[0].host),
				rn_host_name(r, p->end[1].host), "addresses",
				addrs));
		}
		for (i = 0; i < tb_script_nagents(r->s); i++) {
			const struct tb_script_agent *a = tb_script_agent(r->s, i);

			json_array_append_new(agents, json_pack(
				"{s:s, s:s, s:s}", "name", a->name, "host",
				rn_host_name(r, a->host), "role",
				a->role == TB_AGENT_LISTEN ? "listen" :
				a->role == TB_AGENT_EXEC ? "exec" : "connect"));
		}
		rn_timeline(r, json_pack("{s:f, s:s, s:s, s:o, s:o, s:o, s:i}",
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
	if (err == 0) {
		r->built = 1;
		rn_sample_paths(r);
		err = run_steps(r);
	}
	rn_stop_agents(r, err == 0 && !r->signo);
	teardown(r);
	if (r->signo) {
		rn_bail(r, "interrupted by %s; agents stopped, namespaces removed",
		     strsignal(r->signo));
		ret = 128 + r->signo;
	} else if (err < 0) {
		ret = 1;
	} else {
		printf("# %u expectations: %u passed, %u failed", r->tap,
		       r->tap - r->failed - r->skipped, r->failed);
		if (r->skipped)
			printf(", %u for other kernels", r->skipped);
		printf(" (%.1f s)\n", rn_now(r) / 1e3);
		ret = r->failed ? 1 : 0;
	}
	rn_timeline(r, json_pack("{s:f, s:s, s:i, s:i, s:i, s:i, s:i}", "t",
			      rn_now(r), "kind", "end", "expectations",
			      (int)nexp, "passed",
			      (int)(r->tap - r->failed - r->skipped), "failed",
			      (int)r->failed, "skipped", (int)r->skipped,
			      "status", ret));
out_signals:
	if (r->sigfd >= 0)
		close(r->sigfd);
	sigprocmask(SIG_SETMASK, &saved, NULL);
out_free:
	if (r->timeline != NULL)
		fclose(r->timeline);
	for (i = 0; i < TB_SCRIPT_MAX_AGENTS; i++) {
		tb_reports_free(&r->reports[i]);
		json_decref(r->snmp[i]);
	}
	tb_traffic_free(&r->traffic);
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	tb_script_free(r->s);
	free(r);
	fflush(stdout);
	return ret;
}
