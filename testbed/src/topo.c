/* topo.c - the namespaces of one run, and their teardown. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "netns.h"
#include "topo.h"

int tb_topo_init(struct tb_topo *t, const char *prefix)
{
	int err;

	memset(t, 0, sizeof(*t));
	err = tb_prefix_check(prefix);
	if (err < 0)
		return err;
	snprintf(t->prefix, sizeof(t->prefix), "%s", prefix);
	t->owner = getpid();
	t->tag = tb_name_tag();
	return 0;
}

int tb_topo_netns_add(struct tb_topo *t, const char *label, char *name,
		      size_t len)
{
	char *slot;
	int err;

	if (t->count == TB_TOPO_MAX_NETNS)
		return -ENOSPC;
	if (label == NULL || label[0] == '\0')
		return -EINVAL;
	if (tb_topo_netns(t, label) != NULL)
		return -EEXIST;
	slot = t->netns[t->count];
	err = tb_name_make(slot, sizeof(t->netns[0]), t->prefix, t->owner,
			   t->tag, label);
	if (err < 0)
		return err;
	err = tb_netns_add(slot);
	if (err < 0)
		return err;
	t->count++;
	if (name != NULL && snprintf(name, len, "%s", slot) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

const char *tb_topo_netns(const struct tb_topo *t, const char *label)
{
	char name[NAME_MAX + 1];
	unsigned int i;

	if (tb_name_make(name, sizeof(name), t->prefix, t->owner, t->tag,
			 label) < 0)
		return NULL;
	for (i = 0; i < t->count; i++)
		if (strcmp(t->netns[i], name) == 0)
			return t->netns[i];
	return NULL;
}

int tb_topo_teardown(struct tb_topo *t)
{
	int err = 0, ret;

	while (t->count > 0) {
		ret = tb_netns_del(t->netns[t->count - 1]);
		if (ret < 0 && ret != -ENOENT && err == 0)
			err = ret;
		t->count--;
	}
	return err;
}
