/* netns.c - named network namespaces (iproute2 ip/ipnetns.c, netns_add). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "link.h"
#include "netns.h"
#include "nl.h"
#include "sysctl.h"

#define SELF_NETNS "/proc/thread-self/ns/net"

int tb_netns_path(const char *name, char *buf, size_t len)
{
	int n;

	if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	n = snprintf(buf, len, "%s/%s", TB_NETNS_RUN_DIR, name);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* Make TB_NETNS_RUN_DIR a shared mount point, so that unmounting a
 * namespace file in one mount namespace unmounts it in all of them.  A file
 * lock keeps concurrent callers from stacking bind mounts. */
static int run_dir_make_shared(void)
{
	int lock, bound = 0, err = 0;

	if (mkdir(TB_NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;

	lock = open(TB_NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0)
		return -errno;
	if (flock(lock, LOCK_EX) < 0) {
		err = -errno;
		goto out;
	}

	while (mount("", TB_NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL)) {
		/* EINVAL: not a mount point yet; make it one, once. */
		if (errno != EINVAL || bound) {
			err = -errno;
			break;
		}
		if (mount(TB_NETNS_RUN_DIR, TB_NETNS_RUN_DIR, "none",
			  MS_BIND | MS_REC, NULL)) {
			err = -errno;
			break;
		}
		bound = 1;
	}
	flock(lock, LOCK_UN);
out:
	close(lock);
	return err;
}

static int loopback_up(const char *path)
{
	struct tb_nl *nl;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = tb_nl_open(&nl, fd);
	close(fd);
	if (err < 0)
		return err;
	err = tb_link_set(nl, "lo", 1);
	tb_nl_close(nl);
	return err;
}

/* By default the kernel drops a link's IPv6 addresses when the link goes
 * down.  A testbed link going down stands for a path failing, not for its
 * addresses being removed: keep them, as IPv4 does. */
static int keep_ipv6_on_down(const char *path)
{
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = tb_sysctl_set(fd, "net.ipv6.conf.all.keep_addr_on_down", "1");
	close(fd);
	/* A kernel without IPv6 has nothing to keep. */
	return err == -ENOENT ? 0 : err;
}

int tb_netns_add(const char *name)
{
	char path[PATH_MAX];
	int fd, saved, err;

	err = tb_netns_path(name, path, sizeof(path));
	if (err < 0)
		return err;
	err = run_dir_make_shared();
	if (err < 0)
		return err;

	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);

	saved = open(SELF_NETNS, O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		err = -errno;
		goto err_unlink;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		err = -errno;
		goto err_close;
	}
	/* Bind the new namespace last: the file is a namespace only once
	 * this succeeded. */
	err = mount(SELF_NETNS, path, "none", MS_BIND, NULL) < 0 ? -errno : 0;
	if (setns(saved, CLONE_NEWNET) < 0 && err == 0)
		err = -errno;
	close(saved);
	if (err < 0)
		goto err_unlink;

	err = loopback_up(path);
	if (err < 0)
		goto err_unlink;
	err = keep_ipv6_on_down(path);
	if (err < 0)
		goto err_unlink;
	return 0;

err_close:
	close(saved);
err_unlink:
	umount2(path, MNT_DETACH);
	unlink(path);
	return err;
}

int tb_netns_del(const char *name)
{
	char path[PATH_MAX];
	int err;

	err = tb_netns_path(name, path, sizeof(path));
	if (err < 0)
		return err;
	/* Not mounted (a half-made namespace) is fine: unlink decides. */
	umount2(path, MNT_DETACH);
	if (unlink(path) < 0)
		return -errno;
	return 0;
}

int tb_netns_open(const char *name)
{
	char path[PATH_MAX];
	int fd, err;

	err = tb_netns_path(name, path, sizeof(path));
	if (err < 0)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int tb_netns_enter(int netns_fd, int *saved)
{
	int fd;

	fd = open(SELF_NETNS, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	*saved = fd;
	return 0;
}

int tb_netns_leave(int saved)
{
	int err = 0;

	if (setns(saved, CLONE_NEWNET) < 0)
		err = -errno;
	close(saved);
	return err;
}
