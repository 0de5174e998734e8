/* sysctl.c - per-namespace sysctls through /proc/sys. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "sysctl.h"

#define PROC_SYS "/proc/sys/"

int tb_sysctl_path(const char *key, char *buf, size_t len)
{
	const char *p, *start;
	char sep;
	size_t n, plen = strlen(PROC_SYS);

	if (key == NULL || key[0] == '\0')
		return -EINVAL;
	/* A key with a slash is a path; else dots separate components. */
	sep = strchr(key, '/') != NULL ? '/' : '.';

	n = strlen(key);
	if (plen + n + 1 > len)
		return -ENAMETOOLONG;
	memcpy(buf, PROC_SYS, plen);

	for (start = p = key;; p++) {
		if (*p != sep && *p != '\0')
			continue;
		if (p == start || (p - start == 1 && start[0] == '.') ||
		    (p - start == 2 && start[0] == '.' && start[1] == '.'))
			return -EINVAL;
		memcpy(buf + plen, start, (size_t)(p - start));
		plen += (size_t)(p - start);
		if (*p == '\0')
			break;
		buf[plen++] = '/';
		start = p + 1;
	}
	buf[plen] = '\0';
	return 0;
}

/* Open key's file from inside the namespace; the fd stays bound to it. */
static int sysctl_open(int netns_fd, const char *key, int flags)
{
	char path[256];
	int fd, saved = -1, err;

	err = tb_sysctl_path(key, path, sizeof(path));
	if (err < 0)
		return err;
	if (netns_fd >= 0) {
		err = tb_netns_enter(netns_fd, &saved);
		if (err < 0)
			return err;
	}
	fd = open(path, flags | O_CLOEXEC);
	err = fd < 0 ? -errno : 0;
	if (saved >= 0) {
		int back = tb_netns_leave(saved);

		if (back < 0 && err == 0) {
			close(fd);
			err = back;
		}
	}
	return err < 0 ? err : fd;
}

int tb_sysctl_set(int netns_fd, const char *key, const char *value)
{
	char text[256];
	ssize_t n;
	int fd, len, err = 0;

	len = snprintf(text, sizeof(text), "%s\n", value);
	if (len < 0 || (size_t)len >= sizeof(text))
		return -E2BIG;

	fd = sysctl_open(netns_fd, key, O_WRONLY);
	if (fd < 0)
		return fd;
	n = write(fd, text, (size_t)len);
	if (n < 0)
		err = -errno;
	else if (n != len)
		err = -EIO;
	if (close(fd) < 0 && err == 0)
		err = -errno;
	return err;
}

int tb_sysctl_get(int netns_fd, const char *key, char *buf, size_t len)
{
	ssize_t n;
	int fd, err = 0;

	if (len == 0)
		return -ENOSPC;
	fd = sysctl_open(netns_fd, key, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		err = -errno;
		n = 0;
	}
	close(fd);
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return err;
}
