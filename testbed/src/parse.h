/* parse.h - the scenario parser's insides, shared by its files (the
 * public interface is script.h):
 *
 *   script.c        lines into tokens, the verb table, the script's accessors
 *   parse_value.c   the error message, arguments, numbers, names, addresses
 *   parse_topo.c    host, path, sysctl, link, addr, netem, wait
 *   parse_agent.c   agent, send, close, kill, call
 *   parse_expect.c  expect
 *   parse_check.c   whether a line can happen: roles, associations, whose
 *                   addresses, a client's server reachable
 *
 * A verb's parser takes the tokenised line in struct parser and fills in
 * one step; it checks the line against what the script has declared above
 * it and fails with sp_fail(), which writes "file:line: message".
 */
#ifndef TB_PARSE_H
#define TB_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "script.h"

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
	/* the line of each agent's kill, 0 while it lives */
	unsigned int killed[TB_SCRIPT_MAX_AGENTS];
	/* each path end's addresses as the script has made them so far */
	struct tb_path_end cur[TB_SCRIPT_MAX_PATHS][2];
	/* each path end's netem as the script has set it so far */
	struct tb_netem netem[TB_SCRIPT_MAX_PATHS][2];
	/* agents declared further down, for "used before it is declared" */
	unsigned int nlater;
	struct {
		char name[TB_SCRIPT_NAME_MAX + 1];
		unsigned int line;
	} later[MAX_LATER_AGENTS];
};

/* The message "file:line: FMT" in p->err; returns -EINVAL. */
int sp_fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "FILE: what" (before any line is read). */
void sp_fail_file(char *err, size_t errlen, const char *path, const char *what);

/* Lists of names (NULL-terminated) */
int sp_in_list(const char *const *list, const char *s);
void sp_join(const char *const *list, char *buf, size_t len);

/* Declared names: the index, or -1; ref_*() fail with a message */
int sp_find_host(const struct tb_script *s, const char *name);
int sp_find_path(const struct tb_script *s, const char *name);
int sp_find_agent(const struct tb_script *s, const char *name);
int sp_path_end(const struct tb_script *s, int path, int host);
int sp_check_name(struct parser *p, const char *what, const char *name);
int sp_ref_host(struct parser *p, const char *name, int *host);
int sp_ref_path(struct parser *p, const char *name, int *path);
int sp_ref_agent(struct parser *p, const char *name, int *agent);
int sp_need_end(struct parser *p, int path, int host);

/* The line's arguments: positional words and key=value pairs */
const char *sp_word(struct parser *p, int i);
struct kv *sp_find_kv(struct parser *p, const char *key);
const char *sp_opt(struct parser *p, const char *key);
const char *sp_need(struct parser *p, const char *key, const char *what);
const char *sp_op_text(enum kv_op op);
int sp_done(struct parser *p, const char *keys);
int sp_words_exactly(struct parser *p, int n, const char *usage);

/* Values */
int sp_parse_uint(struct parser *p, const char *key, const char *v,
                  unsigned long long min, unsigned long long max,
                  unsigned long long *out);
int sp_opt_uint(struct parser *p, const char *key, unsigned long long min,
                unsigned long long max, unsigned int *out);
int sp_opt_count(struct parser *p, const char *key, long long *out);
/* A stream count, 1-65535 (-1 when absent). */
int sp_opt_streams(struct parser *p, const char *key, long long *out);
int sp_parse_duration(struct parser *p, const char *key, const char *v,
                      uint32_t *us);
int sp_parse_percent(struct parser *p, const char *key, const char *v,
                     double *pct);
int sp_parse_yesno(struct parser *p, const char *key, const char *v, int *out);

/* Addresses, as the script has placed them at this line (p->cur) */
int sp_same_addr(const struct tb_prefix *a, const struct tb_prefix *b);
void sp_addr_text(const struct tb_prefix *a, char *buf, size_t len);
int sp_addr_holder(const struct parser *p, const struct tb_prefix *a, int *path,
                   int *end);
int sp_parse_prefix(struct parser *p, const char *what, const char *v,
                    struct tb_prefix *a);
int sp_end_add(struct parser *p, int path, int end, const struct tb_prefix *a,
               const char *text);
int sp_parse_addr_ref(struct parser *p, const char *key, const char *v,
                      struct tb_addr_ref *r);

/* dir=A->B on path (A sends: *from = A) or dir=both (*from = -1). */
int sp_parse_dir(struct parser *p, int path, const char *v, int *from);

/* Socket options (parse_sockopt.c): the key=value pairs of defs not yet
 * taken, into set; and that the RTO's min (key kmin) is not above its max. */
int sp_parse_opts(struct parser *p, const struct tb_opt_def *defs,
		  struct tb_opt_set *set);
int sp_check_rto(struct parser *p, const struct tb_opt_set *set,
		 const char *kmin, const char *kmax);
/* sackFreq= is refused beside sack=off (sack_off), which sets it to 1. */
int sp_check_sack(struct parser *p, const struct tb_opt_set *set,
		  int sack_off);

/* Checks that a line can happen (parse_check.c). An expectation's kind
 * against its agent's role: output~=, app= and some events never come
 * from the testbed's own agents. */
int sp_check_expect_agent(struct parser *p, int agent, const char *event,
			  int output, int app);
/* assoc= beside a kind whose reports carry no association. */
int sp_check_assoc(struct parser *p, const char *event, const char *snmp,
		   const char *exitv, const char *output, const char *app);
/* The agent agent i's association is with: its to=, or the first
 * connecting to it; NULL if none (yet). */
const struct tb_script_agent *sp_peer_of(const struct tb_script *s, int i);
/* An address an expectation of kind names as a peer's (text as written)
 * that is on the host of the testbed's agent (not a program's) fails. */
int sp_check_peer_address(struct parser *p, int agent,
			  const struct tb_addr_ref *ref, const char *kind,
			  const char *text);
/* A connecting agent has an address of its server (peer) to connect to. */
int sp_check_reachable(struct parser *p, const struct tb_script_agent *cli);
/* An agent killed above takes no more commands. */
int sp_check_alive(struct parser *p, int agent);
/* Whether key is an address-change field (which may take two operators). */
int sp_is_ac_field(const char *key);

/* A topology verb after the run has begun fails. */
int sp_topology_first(struct parser *p);

/* The verbs' parsers */
int sp_parse_host(struct parser *p, struct tb_step *st);
int sp_parse_path(struct parser *p, struct tb_step *st);
int sp_parse_sysctl(struct parser *p, struct tb_step *st);
int sp_parse_link(struct parser *p, struct tb_step *st);
int sp_parse_addr(struct parser *p, struct tb_step *st);
int sp_parse_netem(struct parser *p, struct tb_step *st);
int sp_parse_wait(struct parser *p, struct tb_step *st);
int sp_parse_agent(struct parser *p, struct tb_step *st);
int sp_parse_send(struct parser *p, struct tb_step *st);
int sp_parse_agent_only(struct parser *p, struct tb_step *st);
int sp_parse_call(struct parser *p, struct tb_step *st);
int sp_parse_expect(struct parser *p, struct tb_step *st);

#endif
