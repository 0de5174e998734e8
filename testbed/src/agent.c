/* agent.c - a process in a namespace, spoken to in JSON lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "text.h"

void tb_agent_init(struct tb_agent *a)
{
	memset(a, 0, sizeof(*a));
	a->in = -1;
	a->out = -1;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(int netns_fd, int in, int out, pid_t parent,
		  char *const argv[])
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	if (netns_fd >= 0 && setns(netns_fd, CLONE_NEWNET) < 0)
		_exit(126);
	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

int tb_agent_spawn(struct tb_agent *a, int netns_fd, char *const argv[])
{
	int to[2], from[2];
	pid_t parent = getpid(), pid;
	int err;

	if (pipe2(to, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(from, O_CLOEXEC) < 0) {
		err = -errno;
		close(to[0]);
		close(to[1]);
		return err;
	}
	pid = fork();
	if (pid == 0)
		child(netns_fd, to[0], from[1], parent, argv);
	err = pid < 0 ? -errno : 0;
	close(to[0]);
	close(from[1]);
	if (err < 0) {
		close(to[1]);
		close(from[0]);
		return err;
	}
	a->pid = pid;
	a->in = to[1];
	a->out = from[0];
	fcntl(a->out, F_SETFL, fcntl(a->out, F_GETFL) | O_NONBLOCK);
	return 0;
}

int tb_agent_send(struct tb_agent *a, const json_t *cmd)
{
	char *line;
	size_t len, off = 0;
	ssize_t n;
	int err = 0;

	if (a->in < 0)
		return -EPIPE;
	line = json_dumps(cmd, JSON_COMPACT);
	if (line == NULL)
		return -ENOMEM;
	len = strlen(line);
	line[len++] = '\n';	/* replaces the terminating NUL */
	while (off < len) {
		n = write(a->in, line + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		off += (size_t)n;
	}
	free(line);
	return err;
}

void tb_agent_close_input(struct tb_agent *a)
{
	if (a->in >= 0) {
		close(a->in);
		a->in = -1;
	}
}

json_t *tb_agent_parse_line(const char *line, size_t len)
{
	json_error_t jerr;
	json_t *o;
	char *text;

	/* A NUL ends the line's text, as it always has. */
	len = strnlen(line, len);
	if (len == 0)
		return NULL;
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (json_is_object(o))
		return o;
	json_decref(o);
	/* Not an object: the line itself, as a string if it is UTF-8
	 * (json_stringn refuses it otherwise), else escaped. */
	o = json_stringn(line, len);
	if (o == NULL) {
		text = malloc(TB_ESCAPED_MAX(len));
		if (text == NULL)
			return NULL;
		tb_escapen(text, TB_ESCAPED_MAX(len), line, len);
		o = json_string(text);
		free(text);
	}
	return json_pack("{s:s, s:o}", "ev", "agent-error", "message", o);
}

int tb_agent_feed(struct tb_agent *a, const char *data, size_t n,
		  void (*cb)(void *ctx, json_t *report), void *ctx)
{
	char *nl, *start;
	json_t *o;

	if (n == 0) {
		if (a->len > 0) {
			o = tb_agent_parse_line(a->buf, a->len);
			a->len = 0;
			if (o != NULL)
				cb(ctx, o);
		}
		return 0;
	}
	if (a->len + n + 1 > a->cap) {
		size_t cap = a->cap ? a->cap : 4096;
		char *b;

		while (cap < a->len + n + 1)
			cap *= 2;
		b = realloc(a->buf, cap);
		if (b == NULL)
			return -ENOMEM;
		a->buf = b;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, data, n);
	a->len += n;
	start = a->buf;
	while ((nl = memchr(start, '\n', a->len - (size_t)(start - a->buf)))) {
		o = tb_agent_parse_line(start, (size_t)(nl - start));
		start = nl + 1;
		if (o != NULL)
			cb(ctx, o);
	}
	a->len -= (size_t)(start - a->buf);
	memmove(a->buf, start, a->len);
	return 0;
}

int tb_agent_read(struct tb_agent *a, void (*cb)(void *ctx, json_t *report),
		  void *ctx)
{
	char chunk[16384];
	ssize_t n;
	int err;

	if (a->out < 0)
		return 1;
	for (;;) {
		n = read(a->out, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return -errno;
		err = tb_agent_feed(a, chunk, (size_t)n, cb, ctx);
		if (err < 0)
			return err;
		if (n == 0) {
			close(a->out);
			a->out = -1;
			return 1;
		}
	}
}

int tb_agent_stop(struct tb_agent *a, int timeout_ms)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int waited = 0, status;
	pid_t r;

	if (a->pid <= 0)
		return 0;
	for (;;) {
		r = waitpid(a->pid, &status, WNOHANG);
		if (r == a->pid || (r < 0 && errno == ECHILD)) {
			a->status = r == a->pid ? status : 0;
			a->pid = 0;
			return 0;
		}
		if (waited >= timeout_ms)
			break;
		nanosleep(&tick, NULL);
		waited += 10;
	}
	kill(a->pid, SIGKILL);
	while ((r = waitpid(a->pid, &status, 0)) < 0 && errno == EINTR)
		;
	a->status = r == a->pid ? status : 0;
	a->pid = 0;
	return 1;
}

void tb_agent_status(const struct tb_agent *a, char *buf, size_t len)
{
	if (a->pid > 0)
		snprintf(buf, len, "running");
	else if (WIFEXITED(a->status))
		snprintf(buf, len, "exit %d", WEXITSTATUS(a->status));
	else if (WIFSIGNALED(a->status))
		snprintf(buf, len, "signal %d", WTERMSIG(a->status));
	else
		snprintf(buf, len, "unknown");
}

void tb_agent_free(struct tb_agent *a)
{
	tb_agent_close_input(a);
	if (a->out >= 0)
		close(a->out);
	free(a->buf);
	tb_agent_init(a);
}
