/* test_agent.c - the runner's reader of an agent's JSON lines (pure part):
 * tb_agent_parse_line() and the line buffer of tb_agent_feed(); and how
 * much tb_agent_read() takes from a pipe at once. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>

#include "agent.h"
#include "unit.h"

static const char *str(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "(none)";
}

/* The reports fed so far, as one array. */
static void collect(void *ctx, json_t *report)
{
	json_array_append_new(ctx, report);
}

static void test_parse_line(void)
{
	json_t *o;

	tap_diag("agent: one line");
	o = tb_agent_parse_line("{\"ev\":\"connect\",\"t\":1.5}", 25);
	tap_ok(json_is_object(o) && strcmp(str(o, "ev"), "connect") == 0,
	       "an object is the report");
	json_decref(o);
	tap_ok(tb_agent_parse_line("", 0) == NULL, "an empty line is no report");
	tap_ok(tb_agent_parse_line("\0{}", 3) == NULL,
	       "nor is one that starts with a NUL");

	o = tb_agent_parse_line("[1,2]", 5);
	tap_is_str(str(o, "ev"), "agent-error", "an array is an agent-error");
	tap_is_str(str(o, "message"), "[1,2]", "with the line as its message");
	json_decref(o);
	o = tb_agent_parse_line("{\"a\":1,\"a\":2}", 13);
	tap_is_str(str(o, "ev"), "agent-error", "duplicate keys are refused");
	json_decref(o);
	o = tb_agent_parse_line("{\"ev\":\"x\"} trailing", 19);
	tap_is_str(str(o, "ev"), "agent-error", "so is text after the object");
	json_decref(o);
	o = tb_agent_parse_line("{\"ev\":\"x\"}\0junk", 15);
	tap_is_str(str(o, "ev"), "x", "a NUL ends the line's text");
	json_decref(o);
	o = tb_agent_parse_line("oops \033[2J\xff\xfe", 11);
	tap_is_str(str(o, "message"), "oops \\x1b[2J\\xff\\xfe",
		   "a line that is not UTF-8 is kept escaped");
	json_decref(o);
	o = tb_agent_parse_line("caf\xc3\xa9 \033", 7);
	tap_is_str(str(o, "message"), "caf\xc3\xa9 \033",
		   "a UTF-8 line is kept as it is (printing escapes it)");
	json_decref(o);
}

static void test_feed(void)
{
	static const char out[] = "{\"ev\":\"a\"}\n\n{\"ev\":\"b\"}\r\nnot json\n"
				  "{\"ev\":\"c\"}";
	struct tb_agent a;
	json_t *got = json_array();
	size_t i;

	tap_diag("agent: lines across reads");
	tb_agent_init(&a);
	/* One byte at a time: every line is cut somewhere. */
	for (i = 0; i < sizeof(out) - 1; i++)
		tb_agent_feed(&a, out + i, 1, collect, got);
	tap_is_int((int)json_array_size(got), 3, "three complete lines so far");
	tap_is_str(str(json_array_get(got, 1), "ev"), "b",
		   "a CR before the newline is JSON whitespace");
	tap_is_str(str(json_array_get(got, 2), "message"), "not json",
		   "a line that is not JSON is an agent-error");
	tap_is_int(tb_agent_feed(&a, NULL, 0, collect, got), 0,
		   "end of file");
	tap_is_str(str(json_array_get(got, 3), "ev"), "c",
		   "gives the last line without its newline");
	tap_is_int((int)a.len, 0, "and leaves nothing behind");
	tb_agent_feed(&a, NULL, 0, collect, got);
	tap_is_int((int)json_array_size(got), 4, "a second end of file adds none");
	json_decref(got);
	tb_agent_free(&a);
}

static void test_text(void)
{
	struct tb_agent a;
	json_t *got = json_array();
	char big[TB_AGENT_LINE_MAX + 100];
	unsigned int i;

	tap_diag("agent: a program's stdout and stderr as lines");
	tb_agent_init(&a);
	tb_agent_feed_text(&a, 0, "listening on 3868\r\nhalf", 23, collect, got);
	tb_agent_feed_text(&a, 1, "warn: x\n", 8, collect, got);
	tb_agent_feed_text(&a, 0, " a line\n\xff\xfe\n", 11, collect, got);
	tb_agent_feed_text(&a, 0, "no newline at the end", 21, collect, got);
	tb_agent_feed_text(&a, 0, NULL, 0, collect, got);
	tap_is_int((long long)json_array_size(got), 5, "five lines");
	tap_is_str(str(json_array_get(got, 0), "line"), "listening on 3868",
		   "a line, without its CR");
	tap_is_str(str(json_array_get(got, 0), "stream"), "stdout", "from stdout");
	tap_is_str(str(json_array_get(got, 1), "stream"), "stderr",
		   "stderr's lines are its own");
	tap_is_str(str(json_array_get(got, 2), "line"), "half a line",
		   "a line across reads");
	tap_is_str(str(json_array_get(got, 3), "line"), "\\xff\\xfe",
		   "bytes that are not UTF-8 are escaped");
	tap_is_str(str(json_array_get(got, 4), "line"), "no newline at the end",
		   "the last line without its newline, at the end");
	json_array_clear(got);
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	tb_agent_feed_text(&a, 0, big, sizeof(big), collect, got);
	tb_agent_feed_text(&a, 0, "next\n", 5, collect, got);
	tap_is_int((long long)json_array_size(got), 2, "a long line is cut, once");
	tap_is_int((long long)strlen(str(json_array_get(got, 0), "line")),
		   TB_AGENT_LINE_MAX, "at TB_AGENT_LINE_MAX bytes");
	tap_ok(json_is_true(json_object_get(json_array_get(got, 0), "cut")),
	       "and says so");
	tap_is_str(str(json_array_get(got, 1), "line"), "next",
		   "the line after it is whole");
	json_array_clear(got);
	for (i = 0; i < TB_AGENT_LINES_MAX + 50; i++)
		tb_agent_feed_text(&a, 1, "flood\n", 6, collect, got);
	tap_ok(json_array_size(got) <= TB_AGENT_LINES_MAX + 1,
	       "a flood is not all recorded (%zu reports)", json_array_size(got));
	tap_is_str(str(json_array_get(got, json_array_size(got) - 1), "ev"),
		   "agent-error", "past the limit: one agent-error");
	tap_is_str(str(json_array_get(got, json_array_size(got) - 1), "message"),
		   "stderr: more than 10000 lines: the rest is not recorded",
		   "which says so");
	json_decref(got);
	tb_agent_free(&a);
}

/* A program's stdout with more waiting than one read takes: each
 * tb_agent_read() takes TB_AGENT_READ_MAX bytes and says more may come;
 * the last one sees the end. */
static void test_read_budget(void)
{
	enum { WAITING = 3 * TB_AGENT_READ_MAX + 1000 };
	struct tb_agent a;
	json_t *got = json_array();
	/* 64 bytes: a read's lines are whole, and fewer than LINES_MAX */
	char line[] = "flood flood flood flood flood flood flood flood flood flood fl\n";
	int p[2], left = -1, first, ret, calls = 0;
	size_t off;

	tap_diag("agent: one read takes at most TB_AGENT_READ_MAX bytes a pipe");
	if (pipe2(p, O_NONBLOCK) < 0) {
		tap_skip("a pipe of 4 x TB_AGENT_READ_MAX", "pipe2 failed");
		json_decref(got);
		return;
	}
	if (fcntl(p[1], F_SETPIPE_SZ, 4 * TB_AGENT_READ_MAX) < 0) {
		tap_skip("a pipe of 4 x TB_AGENT_READ_MAX", "F_SETPIPE_SZ failed");
		close(p[0]);
		close(p[1]);
		json_decref(got);
		return;
	}
	for (off = 0; off + sizeof(line) - 1 <= WAITING; off += sizeof(line) - 1)
		if (write(p[1], line, sizeof(line) - 1) != (ssize_t)sizeof(line) - 1)
			break;
	tb_agent_init(&a);
	a.text[0].fd = p[0];
	first = tb_agent_read(&a, collect, got);
	ioctl(p[0], FIONREAD, &left);
	tap_is_int(first, 0, "a pipe with more waiting: more may come");
	tap_is_int(left, (long long)(off - TB_AGENT_READ_MAX),
		   "what is past TB_AGENT_READ_MAX stays in the pipe");
	tap_is_int((long long)json_array_size(got),
		   (long long)(TB_AGENT_READ_MAX / (sizeof(line) - 1)),
		   "the whole lines read so far are reported");
	close(p[1]);
	do {
		ret = tb_agent_read(&a, collect, got);
		calls++;
	} while (ret == 0 && calls < 10);
	tap_is_int(ret, 1, "then the rest, and its end");
	tap_is_int(calls, 3, "in 3 more calls (%zu bytes)", off);
	json_decref(got);
	tb_agent_free(&a);
}

void test_agent(void)
{
	test_parse_line();
	test_feed();
	test_text();
	test_read_budget();
}
