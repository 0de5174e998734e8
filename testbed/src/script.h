/* script.h - scenario scripts: the parser and the steps it yields.
 *
 * A scenario (scenarios/README.md) is a line-oriented text: one verb per
 * line, positional words, then key=value arguments.  Parsing is pure (no
 * root, no kernel features) and checks everything a runner would otherwise
 * find out half-way through a run: references resolve, addresses,
 * durations, percentages and rates parse, required keys are present and
 * unknown ones refused, every expectation has a timeout.  The first error
 * is reported as "file:line: message".
 *
 * The result is a line-numbered list of steps in script order.  Topology
 * (hosts, paths) is also indexed in tables the runner builds from; steps
 * refer to hosts, paths and agents by index into those tables.
 */
#ifndef TB_SCRIPT_H
#define TB_SCRIPT_H

#include "kernel_cond.h"
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "qdisc.h"

#define TB_SCRIPT_NAME_MAX 31	/* host, path and agent names */
#define TB_SCRIPT_MAX_HOSTS 8
#define TB_SCRIPT_MAX_PATHS 8
#define TB_SCRIPT_MAX_AGENTS 16
#define TB_SCRIPT_MAX_ADDRS 8	/* addresses of one host on one path */
#define TB_SCRIPT_MAX_LIST 8	/* entries of a list value (addresses=) */
#define TB_SCRIPT_TEXT_MAX 128	/* sysctl keys and values, names */
/* Every message a send step makes starts with a 12-byte header the
 * receiving agent checks: sender, sequence number, per-stream number. */
#define TB_SEND_HEADER 12

enum tb_verb {
	TB_VERB_HOST,
	TB_VERB_PATH,
	TB_VERB_SYSCTL,
	TB_VERB_AGENT,
	TB_VERB_SEND,
	TB_VERB_LINK,
	TB_VERB_ADDR,
	TB_VERB_NETEM,
	TB_VERB_WAIT,
	TB_VERB_EXPECT,
	TB_VERB_CLOSE,		/* close AGENT: end its association gracefully */
	TB_VERB_KILL,		/* kill AGENT: SIGKILL its process */
	TB_VERB_CALL,		/* call AGENT METHOD ADDRESS */
};

/* The verb's name as written in scripts. */
const char *tb_verb_name(enum tb_verb verb);

/* A reference to an address: HOST@PATH (the host's first address on the
 * path, or its first IPv4 / IPv6 one with /v4, /v6) or a literal address.
 * The parser resolves it against the addresses the script has given the
 * host at that point (path declarations, addr add/del) into addr. */
struct tb_addr_ref {
	int host;		/* -1 for a literal */
	int path;		/* -1 for a literal */
	int family;		/* AF_INET / AF_INET6 if /v4 /v6, else 0 */
	struct tb_prefix addr;	/* resolved (len is the prefix length) */
};

struct tb_script_host {
	char name[TB_SCRIPT_NAME_MAX + 1];
};

/* One end of a path: a host and its addresses on it. */
struct tb_path_end {
	int host;
	unsigned int naddrs;
	struct tb_prefix addrs[TB_SCRIPT_MAX_ADDRS];
};

struct tb_script_path {
	char name[TB_SCRIPT_NAME_MAX + 1];
	struct tb_path_end end[2];	/* in the order written */
};

enum tb_agent_role {
	TB_AGENT_LISTEN,
	TB_AGENT_CONNECT,
	TB_AGENT_EXEC,		/* agent NAME on HOST exec PATH [ARG...] */
};

#define TB_SCRIPT_MAX_ARGS 16	/* exec: the program and its arguments */

enum tb_order {
	TB_ORDER_ANY,		/* in-order=no (or not given) */
	TB_ORDER_PER_STREAM,	/* in-order=per-stream */
	TB_ORDER_ALL,		/* in-order=all: one sequence over all streams */
};

/* A socket option a script may give (an agent's key, or a key of a call):
 * how it is written, its range, and where it goes in the options object
 * the addon takes (a dotted path, "sctp.paths.heartbeat"). */
enum tb_opt_type {
	TB_OPT_YESNO,		/* yes | no: a boolean */
	TB_OPT_UINT,		/* a number in [min, max] */
	TB_OPT_MS,		/* a duration, whole ms in [min, max] */
};

struct tb_opt_def {
	const char *key;
	enum tb_opt_type type;
	long long min, max;
	const char *json;
};

#define TB_SCRIPT_MAX_OPTS 16

/* The options given, in the order written. */
struct tb_opt_set {
	unsigned int n;
	struct {
		const struct tb_opt_def *def;
		long long value;	/* yes/no as 1/0, durations in ms */
	} o[TB_SCRIPT_MAX_OPTS];
};

struct tb_script_agent {
	char name[TB_SCRIPT_NAME_MAX + 1];
	int host;
	enum tb_agent_role role;
	unsigned int port;		/* listen port, or the peer's port */
	int peer;			/* connect: the listen agent, else -1 */
	int any;			/* addresses=any: the wildcard */
	unsigned int npaths;		/* addresses=: bind to these paths */
	int paths[TB_SCRIPT_MAX_PATHS];	/* (none: all the host's paths) */
	unsigned int mis, os;		/* 0: not given (kernel default) */
	int sack_set;			/* sack= given */
	uint32_t sack_delay_us;		/* 0 with sack_set: sack=off */
	struct tb_opt_set opts;		/* socket options (SocketOptions) */
	unsigned int nargs;		/* exec: argv, args[0] the program */
	char args[TB_SCRIPT_MAX_ARGS][TB_SCRIPT_TEXT_MAX];
	unsigned int line;		/* where it is declared */
};

struct tb_step_sysctl {
	unsigned int nhosts;		/* sysctl HOST[,HOST...] */
	int hosts[TB_SCRIPT_MAX_HOSTS];
	char key[TB_SCRIPT_TEXT_MAX];
	char value[TB_SCRIPT_TEXT_MAX];
};

struct tb_step_send {
	int agent;
	unsigned int count;
	unsigned int size;	/* bytes per message */
	unsigned int streams;	/* messages go round-robin over 0..streams-1 */
	uint32_t ppid;
	unsigned int rate;	/* messages per second; 0: as fast as possible */
	int unordered;
	uint32_t ttl_ms;	/* PR-SCTP lifetime (ttl=); 0: fully reliable */
};

struct tb_step_link {
	int path;
	int up;
	int host;		/* only this end (host=), or -1: both ends */
};

struct tb_step_addr {
	int add;		/* 1 add, 0 del */
	int host;
	int path;
	struct tb_prefix addr;
};

/* netem on a path in one or both directions: dir=A->B impairs what A
 * sends (netem on A's end), dir=both (the default) both ends.  A step
 * changes only the parameters it names: the parser merges them into what
 * the ends have at that line, so each end's netem here is complete (all
 * zero: no netem, the qdisc is removed). */
struct tb_step_netem {
	int path;
	int from_host;		/* sending host, or -1 for both directions */
	int off;		/* netem ... off: remove it */
	int set[2];		/* which ends (path end[] index) change */
	struct tb_netem netem[2];	/* each end's netem after the step */
};

enum tb_expect_kind {
	TB_EXPECT_EVENT,		/* event=connect */
	TB_EXPECT_NOTIFICATION,		/* notification=TYPE [state=] [address=] */
	TB_EXPECT_ADDRESS_CHANGE,	/* address-change FIELD=V FIELD~=V ... */
	TB_EXPECT_ADDRESSES,		/* addresses FIELD=V ...: the fields now */
	TB_EXPECT_STREAMS,		/* streams outbound=N inbound=N */
	TB_EXPECT_SNMP,			/* snmp=COUNTER min=N max=N */
	TB_EXPECT_PEER_INFO,		/* peer-info address= state= */
	TB_EXPECT_RECEIVED,		/* received from= count= ... */
	TB_EXPECT_ERROR,		/* error=ECONNRESET */
	TB_EXPECT_PATH,			/* path NAME carries min= max= */
	TB_EXPECT_EXIT,			/* exit=CODE: the process ended so */
	TB_EXPECT_OUTPUT,		/* output~=REGEX: a line of its output */
	TB_EXPECT_APP,			/* app=NAME field=value...: its report */
	TB_EXPECT_MESSAGES,		/* a program's received/sent sid= ppid= */
};

#define TB_SCRIPT_MAX_FIELDS 8	/* app= field=value checks */

/* Fields of an address-change check, as the addon's socket names them. */
enum tb_ac_field {
	TB_AC_LOCAL_ADDRESSES,
	TB_AC_REMOTE_ADDRESSES,
	TB_AC_LOCAL_ADDRESS,
	TB_AC_REMOTE_ADDRESS,
	TB_AC_LOCAL_PORT,
	TB_AC_REMOTE_PORT,
};

enum tb_ac_op {
	TB_AC_EQUALS,		/* =   the field is exactly this (a list: this set) */
	TB_AC_CONTAINS,		/* ~=  the list field holds every one of these */
	TB_AC_LACKS,		/* !~= the list field holds none of these */
};

struct tb_ac_check {
	enum tb_ac_field field;
	enum tb_ac_op op;
	unsigned int port;			/* the port fields */
	unsigned int naddrs;			/* the address fields */
	struct tb_addr_ref addrs[TB_SCRIPT_MAX_LIST];
};

#define TB_SCRIPT_MAX_AC_CHECKS 6

struct tb_step_expect {
	enum tb_expect_kind kind;
	int agent;			/* -1 for a path expectation */
	/* Exactly one of within= and for= is given (> 0). */
	uint32_t within_us;		/* met by a report within this time */
	uint32_t hold_us;		/* for=: holds all this time */
	int negate;			/* not ...: no such report (with for=) */
	uint32_t after_us;		/* after=T: not met before T after the step */
	int after_previous;		/* after=previous: nor before the
					 * expectation above was met */
	/* event / notification / error / states: the name as written */
	char name[TB_SCRIPT_TEXT_MAX];	/* event, notification type, errno */
	char state[TB_SCRIPT_TEXT_MAX];	/* "" when not given */
	int has_address;
	struct tb_addr_ref address;	/* notification, peer-info */
	/* address-change */
	unsigned int nchecks;
	struct tb_ac_check checks[TB_SCRIPT_MAX_AC_CHECKS];
	/* received: each -1 when not given */
	int from;			/* sending agent */
	long long count, bytes, duplicates, lost;
	/* streams: the association's stream counts; -1 when not given */
	long long outbound, inbound;
	/* snmp: how much the counter (name) rose since the step began */
	long long min, max;
	enum tb_order order;
	/* reordered=yes: some message arrived before one sent earlier (over
	 * all streams); no: none did; -1 not given */
	int reordered;
	/* assoc=N: only the reports of a program's Nth association (1..);
	 * 0: any */
	int assoc;
	/* app: fields as written; a number field compared as a number */
	unsigned int nfields;
	char fkey[TB_SCRIPT_MAX_FIELDS][TB_SCRIPT_NAME_MAX + 1];
	char fval[TB_SCRIPT_MAX_FIELDS][TB_SCRIPT_NAME_MAX * 2 + 2];
	/* messages: sent (1) or received (0); sid, ppid: -1 any; count and
	 * bytes above are exact, min at least */
	int sent;
	long long sid, ppid, min_count;
	/* exit: the code (0-255), or with exit_signal a signal number */
	int exit_code, exit_signal;
	/* path: the path, its sending host (dir=A->B) or -1 for both
	 * directions, and whether min/max count bytes (else packets) */
	int path, path_from, path_bytes;
};

/* Run-time control through the addon's socket methods. */
enum tb_call_method {
	TB_CALL_ADD_LOCAL,	/* addLocalAddress ADDRESS */
	TB_CALL_REMOVE_LOCAL,	/* removeLocalAddress ADDRESS */
	TB_CALL_SET_PRIMARY,	/* setPrimaryAddress ADDRESS (a peer's) */
	TB_CALL_PEER_PRIMARY,	/* requestPeerPrimary ADDRESS (its own) */
	TB_CALL_PATH_PARAMS,	/* setPathParams [ADDRESS] key=value... */
	TB_CALL_RTO,		/* setRto initial= min= max= */
	TB_CALL_MAX_RETRANS,	/* setMaxRetransmits N */
	TB_CALL_EXPOSE_PF,	/* setExposePotentiallyFailed yes|no */
	TB_CALL_NODELAY,	/* setNoDelay yes|no */
};

/* The keys an agent takes for socket options (NULL-key-ended). */
extern const struct tb_opt_def tb_agent_opts[];

/* The counters an snmp= expectation may name (those of Linux 6.1's
 * /proc/net/sctp/snmp), NULL-ended. */
const char *const *tb_snmp_counters(void);

/* The method's name as the addon (and the script) spells it. */
const char *tb_call_name(enum tb_call_method m);

struct tb_step_call {
	int agent;
	enum tb_call_method method;
	int has_address;
	struct tb_addr_ref address;	/* the address methods, setPathParams */
	struct tb_opt_set opts;		/* setPathParams, setRto: an object */
	long long value;		/* setMaxRetransmits; yes/no as 1/0 */
};

struct tb_step {
	enum tb_verb verb;
	const char *file;	/* the script's name (owned by the script) */
	unsigned int line;
	struct tb_kernel_cond kernel;	/* "on kernel>=V (why): STEP" */
	union {
		int host;			/* TB_VERB_HOST: index */
		int path;			/* TB_VERB_PATH: index */
		struct tb_step_sysctl sysctl;
		int agent;			/* TB_VERB_AGENT: index */
		struct tb_step_send send;
		struct tb_step_link link;
		struct tb_step_addr addr;
		struct tb_step_netem netem;
		uint32_t wait_us;		/* TB_VERB_WAIT */
		struct tb_step_call call;	/* TB_VERB_CALL */
		/* TB_VERB_CLOSE, TB_VERB_KILL: u.agent */
		struct tb_step_expect expect;
	} u;
};

struct tb_script;

/* Parse text (named name in messages) or the file at path into *out.
 * Returns 0, or -EINVAL with "name:line: message" in err (-errno with
 * "path: reason" when the file cannot be read, -ENOMEM when short of
 * memory).  *out is NULL on error. */
int tb_script_parse_string(const char *name, const char *text,
			   struct tb_script **out, char *err, size_t errlen);
int tb_script_parse_file(const char *path, struct tb_script **out,
			 char *err, size_t errlen);
void tb_script_free(struct tb_script *s);

/* Accessors: counts, and entries by index (NULL when out of range). */
const char *tb_script_name(const struct tb_script *s);
unsigned int tb_script_nsteps(const struct tb_script *s);
const struct tb_step *tb_script_step(const struct tb_script *s, unsigned int i);
unsigned int tb_script_nhosts(const struct tb_script *s);
const struct tb_script_host *tb_script_host(const struct tb_script *s,
					    unsigned int i);
unsigned int tb_script_npaths(const struct tb_script *s);
const struct tb_script_path *tb_script_path(const struct tb_script *s,
					    unsigned int i);
unsigned int tb_script_nagents(const struct tb_script *s);
const struct tb_script_agent *tb_script_agent(const struct tb_script *s,
					      unsigned int i);
/* Lookups by name: the index, or -1. */
int tb_script_host_index(const struct tb_script *s, const char *name);
int tb_script_path_index(const struct tb_script *s, const char *name);
int tb_script_agent_index(const struct tb_script *s, const char *name);
/* How many expectations (the runner's TAP plan). */
unsigned int tb_script_nexpects(const struct tb_script *s);

/* Reach (reach.c): which of its server's addresses a client connects to. */
/* Whether e has an address of family. */
int tb_path_end_has_family(const struct tb_path_end *e, int family);
/* The paths agent a binds to (its addresses=, else every path of its host)
 * into paths (TB_SCRIPT_MAX_PATHS); how many. */
unsigned int tb_agent_paths(const struct tb_script *s,
			    const struct tb_script_agent *a, int *paths);
/* Calls fn for each address of client cli's server on the paths both bind
 * to that is of a family cli has at its end of that path, path by path in
 * cli's order. ends[path] are the paths' two ends as they stand (addresses
 * come and go as the script runs: the parser's at a line, the runner's
 * now). Returns how many paths the two share. */
typedef void tb_addr_fn(const struct tb_prefix *addr, void *arg);
unsigned int tb_reachable_addrs(const struct tb_script *s,
				const struct tb_path_end (*ends)[2],
				const struct tb_script_agent *cli,
				tb_addr_fn *fn, void *arg);

#endif
