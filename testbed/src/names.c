/* names.c - unique names per run, and the sweep of leftovers by prefix. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "names.h"
#include "netns.h"

#define WORD_CHARS \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"

int tb_prefix_check(const char *prefix)
{
	size_t n;

	if (prefix == NULL)
		return -EINVAL;
	n = strlen(prefix);
	if (n == 0 || strspn(prefix, WORD_CHARS) != n)
		return -EINVAL;
	return n > TB_PREFIX_MAX ? -ENAMETOOLONG : 0;
}

int tb_name_make(char *buf, size_t len, const char *prefix, pid_t owner,
		 unsigned int tag, const char *label)
{
	int n, err;

	err = tb_prefix_check(prefix);
	if (err < 0)
		return err;
	if (owner <= 0)
		return -EINVAL;
	if (label != NULL && strspn(label, WORD_CHARS ".") != strlen(label))
		return -EINVAL;
	if (label != NULL && label[0] != '\0')
		n = snprintf(buf, len, "%s-%ld-%04x-%s", prefix, (long)owner,
			     tag & 0xffff, label);
	else
		n = snprintf(buf, len, "%s-%ld-%04x", prefix, (long)owner,
			     tag & 0xffff);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int tb_name_owner(const char *name, const char *prefix, pid_t *owner)
{
	size_t plen, digits, hex;
	const char *p;
	long pid;

	if (tb_prefix_check(prefix) < 0 || name == NULL)
		return -EINVAL;
	plen = strlen(prefix);
	if (strncmp(name, prefix, plen) != 0 || name[plen] != '-')
		return -EINVAL;

	p = name + plen + 1;
	digits = strspn(p, "0123456789");
	if (digits == 0 || digits > 9 || p[0] == '0' || p[digits] != '-')
		return -EINVAL;
	pid = strtol(p, NULL, 10);

	p += digits + 1;
	hex = strspn(p, "0123456789abcdef");
	if (hex != 4 || (p[hex] != '\0' && p[hex] != '-'))
		return -EINVAL;

	*owner = (pid_t)pid;
	return 0;
}

unsigned int tb_name_tag(void)
{
	unsigned short tag;
	struct timespec ts;

	if (getrandom(&tag, sizeof(tag), GRND_NONBLOCK) == sizeof(tag))
		return tag;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned int)(ts.tv_nsec ^ getpid()) & 0xffff;
}

static int owner_alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

int tb_sweep(const char *prefix, int verbose)
{
	struct dirent *de;
	int removed = 0, err = 0, ret;
	pid_t owner;
	DIR *dir;

	ret = tb_prefix_check(prefix);
	if (ret < 0)
		return ret;
	dir = opendir(TB_NETNS_RUN_DIR);
	if (dir == NULL)
		return errno == ENOENT ? 0 : -errno;

	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (de == NULL)
			break;
		if (tb_name_owner(de->d_name, prefix, &owner) < 0 ||
		    owner_alive(owner))
			continue;
		ret = tb_netns_del(de->d_name);
		if (verbose)
			fprintf(stderr, "sweep: %s (owner %ld gone): %s\n",
				de->d_name, (long)owner,
				ret < 0 ? strerror(-ret) : "removed");
		if (ret < 0 && err == 0)
			err = ret;
		else if (ret == 0)
			removed++;
	}
	/* readdir's NULL is the end, or an error when errno says so. */
	if (errno != 0 && err == 0)
		err = -errno;
	closedir(dir);
	return err < 0 ? err : removed;
}
