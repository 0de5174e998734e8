/* tb - run one testbed operation from the command line.
 *
 * Each subcommand is one library call (src/), for trying the testbed by hand
 * and for the live tests; `tb help` lists them.  Errors name what failed and
 * carry the kernel's extended-ACK message, e.g.
 *   tb: addr add 10.0.2.1/24 on veth-x in ns1: File exists
 * Exit status: 0 done, 1 the operation failed, 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "script.h"
#include "sysctl.h"
#include "testbed.h"
#include "text.h"

#define EXIT_USAGE 2

struct verb {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
};

static const struct verb verbs[];

static void print_usage(FILE *f, const char *name)
{
	const struct verb *v;

	for (v = verbs; v->name != NULL; v++)
		if (name == NULL || strcmp(v->name, name) == 0)
			fprintf(f, "usage: tb %s%s%s\n", v->name,
				v->usage[0] != '\0' ? " " : "", v->usage);
}

static int usage(const char *name)
{
	print_usage(stderr, name);
	return EXIT_USAGE;
}

/* "tb: MESSAGE" on stderr, the message escaped (it quotes arguments). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char msg[1024], emsg[TB_ESCAPED_MAX(sizeof(msg))];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tb_escape(emsg, sizeof(emsg), msg);
	fprintf(stderr, "tb: %s\n", emsg);
}

/* Report err for the operation described by fmt, with the kernel's
 * extended ACK when nl is given. */
static int fail(int err, const struct tb_nl *nl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(int err, const struct tb_nl *nl, const char *fmt, ...)
{
	char what[512], why[TB_NL_EXT_MAX + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	say("%s: %s", what,
	    tb_strerror(err, nl != NULL ? tb_nl_ext(nl) : NULL, why,
			sizeof(why)));
	return EXIT_FAILURE;
}

/* A socket in namespace ns. */
static int nl_in(const char *ns, struct tb_nl **nl)
{
	int fd, err;

	fd = tb_netns_open(ns);
	if (fd < 0)
		return fail(fd, NULL, "open namespace %s", ns);
	err = tb_nl_open(nl, fd);
	close(fd);
	if (err < 0)
		return fail(err, NULL, "netlink socket in %s", ns);
	return 0;
}

static int parse_updown(const char *s, int *up)
{
	if (strcmp(s, "up") == 0)
		*up = 1;
	else if (strcmp(s, "down") == 0)
		*up = 0;
	else
		return -EINVAL;
	return 0;
}

static int do_netns(int argc, char **argv)
{
	int err;

	if (argc != 2)
		return usage("netns");
	if (strcmp(argv[0], "add") == 0)
		err = tb_netns_add(argv[1]);
	else if (strcmp(argv[0], "del") == 0)
		err = tb_netns_del(argv[1]);
	else
		return usage("netns");
	if (err < 0)
		return fail(err, NULL, "netns %s %s", argv[0], argv[1]);
	return 0;
}

/* "DEV@NS" into its two halves (in place). */
static int split_at(char *s, char **dev, char **ns)
{
	char *at = strchr(s, '@');

	if (at == NULL || at == s || at[1] == '\0')
		return -EINVAL;
	*at = '\0';
	*dev = s;
	*ns = at + 1;
	return 0;
}

static int do_veth(int argc, char **argv)
{
	char *dev, *ns, *peer, *peer_ns;
	struct tb_nl *nl;
	int peer_fd, err, ret = 0;

	if (argc != 2 || split_at(argv[0], &dev, &ns) < 0 ||
	    split_at(argv[1], &peer, &peer_ns) < 0)
		return usage("veth");
	peer_fd = tb_netns_open(peer_ns);
	if (peer_fd < 0)
		return fail(peer_fd, NULL, "open namespace %s", peer_ns);
	if (nl_in(ns, &nl) != 0) {
		close(peer_fd);
		return EXIT_FAILURE;
	}
	err = tb_veth_add(nl, dev, peer, peer_fd);
	if (err < 0)
		ret = fail(err, nl, "veth %s in %s <-> %s in %s", dev, ns, peer,
			   peer_ns);
	tb_nl_close(nl);
	close(peer_fd);
	return ret;
}

static int do_link(int argc, char **argv)
{
	struct tb_nl *nl;
	int up = 0, err, ret = 0;

	if (argc == 4 && strcmp(argv[0], "set") == 0 &&
	    parse_updown(argv[3], &up) == 0) {
		if (nl_in(argv[1], &nl) != 0)
			return EXIT_FAILURE;
		err = tb_link_set(nl, argv[2], up);
	} else if (argc == 3 && strcmp(argv[0], "del") == 0) {
		if (nl_in(argv[1], &nl) != 0)
			return EXIT_FAILURE;
		err = tb_link_del(nl, argv[2]);
	} else {
		return usage("link");
	}
	if (err < 0)
		ret = fail(err, nl, "link %s %s in %s%s%s", argv[0], argv[2],
			   argv[1], argc == 4 ? " " : "", argc == 4 ? argv[3] : "");
	tb_nl_close(nl);
	return ret;
}

static int do_addr(int argc, char **argv)
{
	struct tb_prefix p;
	struct tb_nl *nl;
	int add, err, ret = 0;

	if (argc != 4 || (strcmp(argv[0], "add") != 0 &&
			  strcmp(argv[0], "del") != 0))
		return usage("addr");
	add = strcmp(argv[0], "add") == 0;
	if (tb_prefix_parse(argv[3], &p) < 0) {
		say("addr: bad prefix '%s'", argv[3]);
		return EXIT_USAGE;
	}
	if (nl_in(argv[1], &nl) != 0)
		return EXIT_FAILURE;
	err = add ? tb_addr_add(nl, argv[2], &p) : tb_addr_del(nl, argv[2], &p);
	if (err < 0)
		ret = fail(err, nl, "addr %s %s on %s in %s", argv[0], argv[3],
			   argv[2], argv[1]);
	tb_nl_close(nl);
	return ret;
}

static int do_route(int argc, char **argv)
{
	struct tb_prefix dst, gw, *gwp = NULL;
	const char *dev = NULL, *via = NULL;
	struct tb_nl *nl;
	int i, add, err, ret = 0;

	if (argc < 3 || (argc % 2) != 1 ||
	    (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "del") != 0))
		return usage("route");
	add = strcmp(argv[0], "add") == 0;
	for (i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "via") == 0)
			via = argv[i + 1];
		else if (strcmp(argv[i], "dev") == 0)
			dev = argv[i + 1];
		else
			return usage("route");
	}
	if (tb_prefix_parse(argv[2], &dst) < 0 ||
	    (via != NULL && tb_prefix_parse(via, &gw) < 0)) {
		say("route: bad address '%s'", via != NULL ? via : argv[2]);
		return EXIT_USAGE;
	}
	if (via != NULL)
		gwp = &gw;
	else if (add && dev == NULL)
		return usage("route");
	if (nl_in(argv[1], &nl) != 0)
		return EXIT_FAILURE;
	err = add ? tb_route_add(nl, &dst, gwp, dev) :
		    tb_route_del(nl, &dst, gwp, dev);
	if (err < 0)
		ret = fail(err, nl, "route %s %s%s%s%s%s in %s", argv[0],
			   argv[2], via ? " via " : "", via ? via : "",
			   dev ? " dev " : "", dev ? dev : "", argv[1]);
	tb_nl_close(nl);
	return ret;
}

static int do_forward(int argc, char **argv)
{
	int fd, on = 0, err;

	if (argc != 2 || (strcmp(argv[1], "on") != 0 &&
			  strcmp(argv[1], "off") != 0))
		return usage("forward");
	on = strcmp(argv[1], "on") == 0;
	fd = tb_netns_open(argv[0]);
	if (fd < 0)
		return fail(fd, NULL, "open namespace %s", argv[0]);
	err = tb_forwarding_set(fd, AF_INET, on);
	if (err == 0)
		err = tb_forwarding_set(fd, AF_INET6, on);
	close(fd);
	if (err < 0)
		return fail(err, NULL, "forwarding %s in %s", argv[1], argv[0]);
	return 0;
}

static int do_netem(int argc, char **argv)
{
	char msg[128] = "";
	struct tb_netem ne;
	struct tb_nl *nl;
	int del, err, ret = 0;

	del = argc == 3 && strcmp(argv[0], "del") == 0;
	if (del) {
		argv++;
		argc--;
	} else if (argc < 2) {
		return usage("netem");
	} else if (tb_netem_parse(argc - 2, argv + 2, &ne, msg,
				  sizeof(msg)) < 0) {
		say("netem: %s", msg);
		return EXIT_USAGE;
	}
	if (nl_in(argv[0], &nl) != 0)
		return EXIT_FAILURE;
	err = del ? tb_netem_del(nl, argv[1]) : tb_netem_set(nl, argv[1], &ne);
	if (err < 0)
		ret = fail(err, nl, "netem %s on %s in %s",
			   del ? "del" : "set", argv[1], argv[0]);
	tb_nl_close(nl);
	return ret;
}

static int do_sysctl(int argc, char **argv)
{
	char value[256];
	int fd, err;

	if (argc != 2 && argc != 3)
		return usage("sysctl");
	fd = tb_netns_open(argv[0]);
	if (fd < 0)
		return fail(fd, NULL, "open namespace %s", argv[0]);
	if (argc == 3)
		err = tb_sysctl_set(fd, argv[1], argv[2]);
	else
		err = tb_sysctl_get(fd, argv[1], value, sizeof(value));
	close(fd);
	if (err < 0)
		return fail(err, NULL, "sysctl %s%s%s in %s", argv[1],
			    argc == 3 ? " = " : "", argc == 3 ? argv[2] : "",
			    argv[0]);
	if (argc == 2)
		printf("%s\n", value);
	return 0;
}

static int do_name(int argc, char **argv)
{
	char name[NAME_MAX + 1];
	char *end;
	long owner;
	int err;

	if (argc != 3)
		return usage("name");
	errno = 0;
	owner = strtol(argv[1], &end, 10);
	if (*end != '\0' || errno != 0 || owner <= 0)
		return usage("name");
	err = tb_name_make(name, sizeof(name), argv[0], (pid_t)owner,
			   tb_name_tag(), argv[2]);
	if (err < 0)
		return fail(err, NULL, "name %s %s %s", argv[0], argv[1],
			    argv[2]);
	printf("%s\n", name);
	return 0;
}

static int do_sweep(int argc, char **argv)
{
	int n;

	if (argc != 1)
		return usage("sweep");
	n = tb_sweep(argv[0], 1);
	if (n < 0)
		return fail(n, NULL, "sweep %s", argv[0]);
	printf("swept %d\n", n);
	return 0;
}

/* hold: the smallest run.  Namespaces a and b joined by a veth pair (va in
 * a, vb in b), both up; then wait for SIGINT, SIGTERM or SIGHUP and tear
 * everything down.  The signals are blocked from the start, so one that
 * comes while the topology is being built is taken once it is whole. */
static int hold_build(struct tb_topo *t, char *a, char *b, size_t len)
{
	struct tb_nl *nl = NULL;
	int fd_b = -1, err;

	err = tb_topo_netns_add(t, "a", a, len);
	if (err < 0)
		return fail(err, NULL, "netns a");
	err = tb_topo_netns_add(t, "b", b, len);
	if (err < 0)
		return fail(err, NULL, "netns b");

	fd_b = tb_netns_open(b);
	if (fd_b < 0)
		return fail(fd_b, NULL, "open namespace %s", b);
	if (nl_in(a, &nl) != 0) {
		err = -EIO;
		goto out;
	}
	err = tb_veth_add(nl, "va", "vb", fd_b);
	if (err < 0) {
		fail(err, nl, "veth va in %s <-> vb in %s", a, b);
		goto out;
	}
	err = tb_link_set(nl, "va", 1);
	if (err < 0) {
		fail(err, nl, "link set va in %s up", a);
		goto out;
	}
	tb_nl_close(nl);
	nl = NULL;
	if (nl_in(b, &nl) != 0) {
		err = -EIO;
		goto out;
	}
	err = tb_link_set(nl, "vb", 1);
	if (err < 0)
		fail(err, nl, "link set vb in %s up", b);
out:
	tb_nl_close(nl);
	close(fd_b);
	return err < 0 ? EXIT_FAILURE : 0;
}

static int do_hold(int argc, char **argv)
{
	char a[NAME_MAX + 1], b[NAME_MAX + 1];
	struct tb_topo topo;
	sigset_t set;
	int sig, err, ret;

	if (argc != 1)
		return usage("hold");
	err = tb_topo_init(&topo, argv[0]);
	if (err < 0)
		return fail(err, NULL, "hold %s", argv[0]);

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return fail(-errno, NULL, "sigprocmask");
	/* A shell starts background jobs with SIGINT ignored, and an ignored
	 * signal is dropped even while blocked: take the defaults back (the
	 * signals stay blocked, so they wait for sigwaitinfo). */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);

	ret = hold_build(&topo, a, b, sizeof(a));
	if (ret != 0) {
		tb_topo_teardown(&topo);
		return ret;
	}
	printf("ready %s %s\n", a, b);
	fflush(stdout);

	do
		sig = sigwaitinfo(&set, NULL);
	while (sig < 0 && errno == EINTR);

	err = tb_topo_teardown(&topo);
	if (err < 0)
		return fail(err, NULL, "teardown");
	fprintf(stderr, "tb: hold: %s: torn down\n",
		sig > 0 ? strsignal(sig) : "sigwaitinfo failed");
	return sig > 0 ? 128 + sig : EXIT_FAILURE;
}

/* Run a scenario: TAP on stdout, the exit status of tb_run(). */
static int do_run(int argc, char **argv)
{
	struct tb_run_opts o = { 0 };
	int i;

	for (i = 0; i < argc - 1; i += 2) {
		if (strcmp(argv[i], "--timeline") == 0)
			o.timeline = argv[i + 1];
		else if (strcmp(argv[i], "--prefix") == 0)
			o.prefix = argv[i + 1];
		else if (strcmp(argv[i], "--node") == 0)
			o.node = argv[i + 1];
		else if (strcmp(argv[i], "--agent") == 0)
			o.agent = argv[i + 1];
		else
			break;
	}
	if (i != argc - 1)
		return usage("run");
	return tb_run(argv[i], &o);
}

/* Parse scenario scripts without building anything: "FILE: OK" or the
 * first error as FILE:LINE: message.  Exit 1 when any script is bad. */
static int do_check(int argc, char **argv)
{
	struct tb_script *s;
	char err[1024];
	int i, ret = 0;

	if (argc < 1)
		return usage("check");
	for (i = 0; i < argc; i++) {
		if (tb_script_parse_file(argv[i], &s, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			ret = EXIT_FAILURE;
			continue;
		}
		tb_escape(err, sizeof(err), argv[i]);
		printf("%s: OK (%u steps, %u expectations)\n", err,
		       tb_script_nsteps(s), tb_script_nexpects(s));
		tb_script_free(s);
	}
	return ret;
}

/* The names the parser checks against: the kernel suite compares them with
 * the kernel it runs (test/live/ops.sh). */
static int do_names(int argc, char **argv)
{
	const char *const *list;

	if (argc != 1 || (strcmp(argv[0], "sysctl") != 0 &&
			  strcmp(argv[0], "snmp") != 0))
		return usage("names");
	list = strcmp(argv[0], "sysctl") == 0 ? tb_sysctl_keys()
					      : tb_snmp_counters();
	for (; *list != NULL; list++)
		printf("%s\n", *list);
	return 0;
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print_usage(stdout, NULL);
	return 0;
}

static const struct verb verbs[] = {
	{ "netns", "add|del NAME", do_netns },
	{ "veth", "DEV@NS PEER@PEERNS", do_veth },
	{ "link", "set NS DEV up|down | del NS DEV", do_link },
	{ "addr", "add|del NS DEV ADDR[/LEN]", do_addr },
	{ "route", "add|del NS DST/LEN [via GW] [dev DEV]", do_route },
	{ "forward", "NS on|off", do_forward },
	{ "netem", "NS DEV [loss P%] [delay T] [jitter T] [limit N] | del NS DEV",
	  do_netem },
	{ "sysctl", "NS KEY [VALUE]", do_sysctl },
	{ "name", "PREFIX OWNER_PID LABEL", do_name },
	{ "sweep", "PREFIX", do_sweep },
	{ "hold", "PREFIX", do_hold },
	{ "check", "SCRIPT...", do_check },
	{ "names", "sysctl|snmp", do_names },
	{ "run", "[--timeline FILE] [--prefix P] [--node NODE] [--agent JS] SCRIPT", do_run },
	{ "help", "", do_help },
	{ NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	const struct verb *v;

	if (argc < 2)
		return usage(NULL);
	for (v = verbs; v->name != NULL; v++)
		if (strcmp(v->name, argv[1]) == 0)
			return v->run(argc - 2, argv + 2);
	say("unknown command '%s'", argv[1]);
	return usage(NULL);
}
