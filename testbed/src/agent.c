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
	a->text[0].fd = a->text[1].fd = -1;
}

/* In a child, between fork and exec (only async-signal-safe calls): the
 * runner's signal mask undone, death with the runner, its own process
 * group, the host's namespace.  Returns -1 (errno set) if it could not
 * enter the namespace. */
static int child_setup(int netns_fd, pid_t parent)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	return netns_fd >= 0 ? setns(netns_fd, CLONE_NEWNET) : 0;
}

static void child(int netns_fd, int in, int out, pid_t parent,
		  char *const argv[])
{
	if (child_setup(netns_fd, parent) < 0)
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

/* The program's child: stdin, stdout, stderr and fd 3 from the pipes; the
 * errno of a failed exec goes back on status (close-on-exec: it closes
 * unwritten when the exec works). */
static void exec_child(int netns_fd, const char *dir, int fds[4],
		       int status, pid_t parent, char *const argv[])
{
	int err, i;

	if (child_setup(netns_fd, parent) < 0)
		goto fail;
	/* Above 3 first, so that no dup2 overwrites a pipe still needed. */
	for (i = 0; i < 4; i++)
		if (fds[i] < 4) {
			int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 10);

			if (moved < 0)
				goto fail;
			fds[i] = moved;
		}
	for (i = 0; i < 4; i++)
		if (dup2(fds[i], i) < 0)
			goto fail;
	if (dir != NULL && chdir(dir) < 0)
		goto fail;
	execvp(argv[0], argv);
fail:
	/* The parent reads the errno; if it cannot, it sees an exit 127. */
	err = errno;
	if (write(status, &err, sizeof(err)) != (ssize_t)sizeof(err))
		_exit(127);
	_exit(127);
}

int tb_agent_spawn_exec(struct tb_agent *a, int netns_fd, const char *dir,
			char *const argv[])
{
	int p[5][2], fds[4], i, n = 0, err = 0, child_err;
	pid_t parent = getpid(), pid;
	ssize_t got;

	/* stdin, stdout, stderr, reports (fd 3), exec status */
	for (n = 0; n < 5; n++)
		if (pipe2(p[n], O_CLOEXEC) < 0) {
			err = -errno;
			goto out;
		}
	fds[0] = p[0][0];
	fds[1] = p[1][1];
	fds[2] = p[2][1];
	fds[3] = p[3][1];
	if (setenv("LKSCTP_TESTBED_FD", "3", 1) < 0) {
		err = -errno;
		goto out;
	}
	pid = fork();
	if (pid == 0)
		exec_child(netns_fd, dir, fds, p[4][1], parent, argv);
	err = pid < 0 ? -errno : 0;
	unsetenv("LKSCTP_TESTBED_FD");
	if (err < 0)
		goto out;
	a->pid = pid;
	close(p[4][1]);
	p[4][1] = -1;
	/* The exec worked (end of file) or says why not. */
	while ((got = read(p[4][0], &child_err, sizeof(child_err))) < 0 &&
	       errno == EINTR)
		;
	if (got == (ssize_t)sizeof(child_err)) {
		a->exec_errno = child_err;
		tb_agent_stop(a, 1000);
		goto out;
	}
	a->in = p[0][1];
	a->out = p[3][0];
	a->text[0].fd = p[1][0];
	a->text[1].fd = p[2][0];
	p[0][1] = p[3][0] = p[1][0] = p[2][0] = -1;
	fcntl(a->out, F_SETFL, fcntl(a->out, F_GETFL) | O_NONBLOCK);
	for (i = 0; i < 2; i++)
		fcntl(a->text[i].fd, F_SETFL,
		      fcntl(a->text[i].fd, F_GETFL) | O_NONBLOCK);
out:
	for (i = 0; i < n; i++) {
		if (p[i][0] >= 0)
			close(p[i][0]);
		if (p[i][1] >= 0)
			close(p[i][1]);
	}
	return err;
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

static const char *const streams[] = { "stdout", "stderr" };

/* One line of text (len bytes, cut when cut) as an output report. */
static void text_line(struct tb_agent *a, int stream, const char *line,
		      size_t len, int cut, void (*cb)(void *ctx, json_t *report),
		      void *ctx)
{
	struct tb_text *t = &a->text[stream];
	json_t *o, *s;
	char *esc;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (++t->lines > TB_AGENT_LINES_MAX) {
		char msg[96];

		if (t->lines > TB_AGENT_LINES_MAX + 1)
			return;
		snprintf(msg, sizeof(msg), "%s: more than %d lines: the rest "
			 "is not recorded", streams[stream], TB_AGENT_LINES_MAX);
		cb(ctx, json_pack("{s:s, s:s}", "ev", "agent-error", "message",
				  msg));
		return;
	}
	s = json_stringn(line, len);
	if (s == NULL) {
		/* Not UTF-8: escaped (text.h) */
		esc = malloc(TB_ESCAPED_MAX(len));
		if (esc == NULL)
			return;
		tb_escapen(esc, TB_ESCAPED_MAX(len), line, len);
		s = json_string(esc);
		free(esc);
	}
	o = json_pack("{s:s, s:s, s:o}", "ev", "output", "stream",
		      streams[stream], "line", s);
	if (o != NULL && cut)
		json_object_set_new(o, "cut", json_true());
	if (o != NULL)
		cb(ctx, o);
}

int tb_agent_feed_text(struct tb_agent *a, int stream, const char *data,
		       size_t n, void (*cb)(void *ctx, json_t *report),
		       void *ctx)
{
	struct tb_text *t = &a->text[stream];
	const char *nl;
	size_t take;

	if (n == 0) {
		if (t->len > 0 && !t->skipping)
			text_line(a, stream, t->buf, t->len, 0, cb, ctx);
		t->len = 0;
		t->skipping = 0;
		return 0;
	}
	if (t->buf == NULL) {
		t->buf = malloc(TB_AGENT_LINE_MAX);
		if (t->buf == NULL)
			return -ENOMEM;
		t->cap = TB_AGENT_LINE_MAX;
	}
	while (n > 0) {
		nl = memchr(data, '\n', n);
		take = nl != NULL ? (size_t)(nl - data) : n;
		if (t->skipping) {
			/* the rest of a line already cut and reported */
		} else if (t->len + take >= t->cap) {
			memcpy(t->buf + t->len, data, t->cap - t->len);
			text_line(a, stream, t->buf, t->cap, 1, cb, ctx);
			t->len = 0;
			t->skipping = 1;
		} else {
			memcpy(t->buf + t->len, data, take);
			t->len += take;
			if (nl != NULL)
				text_line(a, stream, t->buf, t->len, 0, cb, ctx);
		}
		if (nl == NULL)
			break;
		t->len = 0;
		t->skipping = 0;
		n -= take + 1;
		data = nl + 1;
	}
	return 0;
}

/* Read one pipe until it would block, to its end, or TB_AGENT_READ_MAX
 * bytes (a bound like libuv's reads per stream per loop: a writer as fast
 * as the runner need never let its pipe run dry, and the runner would
 * read it while its other agents and its clock wait).  1 at its end. */
static int drain(int *fd, struct tb_agent *a, int stream,
		 void (*cb)(void *ctx, json_t *report), void *ctx)
{
	char chunk[16384];
	size_t total = 0;
	ssize_t n;
	int err;

	if (*fd < 0)
		return 1;
	while (total < TB_AGENT_READ_MAX) {
		n = read(*fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return -errno;
		total += (size_t)n;
		err = stream < 0 ? tb_agent_feed(a, chunk, (size_t)n, cb, ctx)
				 : tb_agent_feed_text(a, stream, chunk,
						      (size_t)n, cb, ctx);
		if (err < 0)
			return err;
		if (n == 0) {
			close(*fd);
			*fd = -1;
			return 1;
		}
	}
	return 0;
}

int tb_agent_read(struct tb_agent *a, void (*cb)(void *ctx, json_t *report),
		  void *ctx)
{
	int ended = 1, r, i;

	r = drain(&a->out, a, -1, cb, ctx);
	if (r < 0)
		return r;
	ended &= r;
	for (i = 0; i < 2; i++) {
		r = drain(&a->text[i].fd, a, i, cb, ctx);
		if (r < 0)
			return r;
		ended &= r;
	}
	return ended;
}

int tb_agent_fds(const struct tb_agent *a, int fds[3])
{
	int n = 0;

	if (a->out >= 0)
		fds[n++] = a->out;
	if (a->text[0].fd >= 0)
		fds[n++] = a->text[0].fd;
	if (a->text[1].fd >= 0)
		fds[n++] = a->text[1].fd;
	return n;
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
	/* Its process group: what a program started goes with it. */
	kill(-a->pid, SIGKILL);
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
	int i;

	tb_agent_close_input(a);
	if (a->out >= 0)
		close(a->out);
	for (i = 0; i < 2; i++) {
		if (a->text[i].fd >= 0)
			close(a->text[i].fd);
		free(a->text[i].buf);
	}
	free(a->buf);
	tb_agent_init(a);
}
