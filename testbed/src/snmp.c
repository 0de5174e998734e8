/* snmp.c - the kernel's SCTP counters, as /proc/net/sctp/snmp shows them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "snmp.h"

static int is_word(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* One line (len bytes, without its newline) into counters, if it is one:
 * NAME BLANKS DIGITS, and whatever follows the digits is not looked at. */
static int parse_line(const char *line, size_t len, json_t *counters)
{
	char name[64];
	size_t i = 4, start;
	long long v = 0;
	json_t *num;

	if (len < 5 || memcmp(line, "Sctp", 4) != 0 || !is_word(line[4]))
		return 0;
	while (i < len && is_word(line[i]))
		i++;
	if (i >= sizeof(name))
		return 0;
	memcpy(name, line, i);
	name[i] = '\0';
	start = i;
	while (i < len && is_blank(line[i]))
		i++;
	if (i == start || i == len || line[i] < '0' || line[i] > '9')
		return 0;
	for (; i < len && line[i] >= '0' && line[i] <= '9'; i++) {
		if (v > (LLONG_MAX - (line[i] - '0')) / 10)
			return 0;	/* too large */
		v = v * 10 + (line[i] - '0');
	}
	num = json_integer(v);
	if (num == NULL || json_object_set_new(counters, name, num) < 0)
		return -ENOMEM;
	return 0;
}

json_t *tb_snmp_parse(const char *text, size_t n)
{
	json_t *counters = json_object();
	const char *end = text + n, *nl;

	while (counters != NULL && text < end) {
		nl = memchr(text, '\n', (size_t)(end - text));
		if (nl == NULL)
			nl = end;
		if (parse_line(text, (size_t)(nl - text), counters) < 0) {
			json_decref(counters);
			return NULL;
		}
		if (nl == end)
			break;
		text = nl + 1;
	}
	return counters;
}

json_t *tb_snmp_read(pid_t pid)
{
	char path[64], buf[16384];
	size_t len = 0;
	ssize_t got;
	json_t *counters;
	int fd, err;

	snprintf(path, sizeof(path), "/proc/%d/net/sctp/snmp", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* A few hundred bytes; what would not fit is left out. */
	while (len < sizeof(buf)) {
		got = read(fd, buf + len, sizeof(buf) - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = errno;
			close(fd);
			errno = err;
			return NULL;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	/* A full buffer may end inside a line: leave that line out rather
	 * than take a counter cut short. */
	if (len == sizeof(buf)) {
		char *nl = memrchr(buf, '\n', len);
		len = nl != NULL ? (size_t)(nl - buf) + 1 : 0;
	}
	counters = tb_snmp_parse(buf, len);
	if (counters == NULL)
		errno = ENOMEM;
	return counters;
}
