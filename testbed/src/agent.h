/* agent.h - a process in a namespace, spoken to in JSON lines.
 *
 * The runner starts each agent of a scenario (testbed/agent/agent.js under
 * node) inside its host's network namespace, writes commands to its stdin
 * and reads its reports from its stdout, one JSON object per line (jansson
 * does the JSON).  The agent is killed when the runner dies, even by
 * SIGKILL (PR_SET_PDEATHSIG), and lives in its own process group so a
 * terminal's ^C reaches the runner only, which then tears everything down.
 */
#ifndef TB_AGENT_H
#define TB_AGENT_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

/* A program's stdout or stderr, read as lines of text. */
#define TB_AGENT_LINE_MAX 4096		/* longer lines are cut */
#define TB_AGENT_LINES_MAX 10000	/* lines recorded per stream */
/* Bytes read from one pipe per tb_agent_read() (a default pipe's
 * capacity): a program that writes faster than the runner reads cannot
 * keep it from its other agents and its clock. */
#define TB_AGENT_READ_MAX 65536

struct tb_text {
	int fd;			/* -1 at end of file (or none) */
	char *buf;		/* a partial line */
	size_t len, cap;
	int skipping;		/* the rest of a line that was cut */
	unsigned long lines;	/* complete lines seen */
};

struct tb_agent {
	pid_t pid;		/* 0: not running (reaped) */
	int in;			/* its stdin, -1 once closed */
	int out;		/* its reports (JSON lines), -1 at end of file */
	char *buf;		/* a partial line */
	size_t len, cap;
	int status;		/* wait status, once reaped */
	int exec_errno;		/* the program could not be started: why */
	struct tb_text text[2];	/* exec: its stdout and stderr */
};

void tb_agent_init(struct tb_agent *a);

/* Start argv[0] (found on PATH) in the namespace netns_fd (-1: the
 * caller's), its stdin and stdout piped to the caller. */
int tb_agent_spawn(struct tb_agent *a, int netns_fd, char *const argv[]);

/* Start a program (argv[0]: a path, or a name found on PATH) in the
 * namespace netns_fd, in directory dir (NULL: the caller's), with
 * LKSCTP_TESTBED_FD=3 in its environment: its reports (JSON lines, as an
 * agent's) come on fd 3, its stdout and stderr are read as text
 * (tb_agent_read gives each line as {"ev":"output","stream":"stdout" or
 * "stderr","line":TEXT}).  Its stdin is a pipe the caller closes at the
 * end.  When the program cannot be executed, returns 0 with the process
 * already ended and a->exec_errno set (the caller reports it); -errno only
 * when no process could be made. */
int tb_agent_spawn_exec(struct tb_agent *a, int netns_fd, const char *dir,
			char *const argv[]);

/* Pure, for the tests: n bytes of a program's stdout (stream 0) or stderr
 * (1), n == 0 at its end; each line to cb as an "output" report.  Lines
 * longer than TB_AGENT_LINE_MAX bytes are cut ("cut": true); after
 * TB_AGENT_LINES_MAX lines one agent-error says the rest is not recorded.
 * Returns 0 or -ENOMEM. */
int tb_agent_feed_text(struct tb_agent *a, int stream, const char *data,
		       size_t n, void (*cb)(void *ctx, json_t *report),
		       void *ctx);

/* Write one command (a JSON object) as a line. */
int tb_agent_send(struct tb_agent *a, const json_t *cmd);

/* Close its stdin: the agent's cue to close gracefully and exit. */
void tb_agent_close_input(struct tb_agent *a);

/* Read what its pipes have, up to TB_AGENT_READ_MAX bytes from each (the
 * rest waits for the next call; the pipes stay readable for poll): the
 * reports (tb_agent_feed()) and, for a program, its stdout and stderr
 * (tb_agent_feed_text()).  Returns 1 once all of them are at end of file,
 * 0 if more may come, or -errno. */
int tb_agent_read(struct tb_agent *a,
		  void (*cb)(void *ctx, json_t *report), void *ctx);

/* Pure, for the tests and the fuzzer: n bytes an agent wrote (n == 0: its
 * end of file) added to the partial line kept in a; each complete line
 * (and at the end a last one without its newline) parsed by
 * tb_agent_parse_line() is handed to cb, which takes the reference.
 * Returns 0 or -ENOMEM. */
int tb_agent_feed(struct tb_agent *a, const char *data, size_t n,
		  void (*cb)(void *ctx, json_t *report), void *ctx);

/* One line (len bytes without its newline; a NUL ends it early) as the
 * report it stands for: the JSON object it holds, or, for anything else,
 * {"ev":"agent-error","message":LINE} (LINE escaped as text.h says when
 * it is not UTF-8).  NULL for an empty line or when out of memory. */
json_t *tb_agent_parse_line(const char *line, size_t len);

/* Wait for it to end, up to timeout_ms (0: only check), then SIGKILL it and
 * reap it.  Returns 1 if it had to be killed, else 0. */
int tb_agent_stop(struct tb_agent *a, int timeout_ms);

/* How it ended, as text: "exit 0", "signal 9". */
void tb_agent_status(const struct tb_agent *a, char *buf, size_t len);

/* Whether fd is one of its pipes still open for reading (for poll). */
int tb_agent_fds(const struct tb_agent *a, int fds[3]);

/* Close its pipes and free the buffer (after tb_agent_stop). */
void tb_agent_free(struct tb_agent *a);

#endif
