/* traffic.c - what each path carried (traffic.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traffic.h"

void tb_traffic_init(struct tb_traffic *tr)
{
	memset(tr, 0, sizeof(*tr));
}

void tb_traffic_free(struct tb_traffic *tr)
{
	unsigned int i, j;

	for (i = 0; i < TB_SCRIPT_MAX_PATHS; i++)
		for (j = 0; j < 2; j++)
			free(tr->s[i][j]);
	tb_traffic_init(tr);
}

int tb_traffic_add(struct tb_traffic *tr, int path, int end, double t,
		   uint64_t packets, uint64_t bytes)
{
	struct tb_traffic_sample *last, *grown;
	unsigned int *n, *cap;

	if (path < 0 || path >= TB_SCRIPT_MAX_PATHS || end < 0 || end > 1)
		return -EINVAL;
	n = &tr->n[path][end];
	cap = &tr->cap[path][end];
	last = *n > 0 ? &tr->s[path][end][*n - 1] : NULL;
	if (last != NULL && (t < last->t ||
			     (last->packets == packets && last->bytes == bytes)))
		return 0;
	if (*n == *cap) {
		unsigned int c = *cap ? 2 * *cap : 64;

		grown = realloc(tr->s[path][end], c * sizeof(*grown));
		if (grown == NULL)
			return -ENOMEM;
		tr->s[path][end] = grown;
		*cap = c;
	}
	tr->s[path][end][(*n)++] = (struct tb_traffic_sample){ t, packets, bytes };
	return 1;
}

/* The last sample at or before t, else the first, else NULL. */
static const struct tb_traffic_sample *at_or_before(const struct tb_traffic *tr,
						    int path, int end, double t)
{
	const struct tb_traffic_sample *s = tr->s[path][end];
	unsigned int lo = 0, hi = tr->n[path][end];

	if (hi == 0)
		return NULL;
	/* The first sample after t, by bisection. */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (s[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &s[lo - 1] : &s[0];
}

void tb_traffic_between(const struct tb_traffic *tr, int path, int end,
			double from, double to, uint64_t *packets,
			uint64_t *bytes)
{
	const struct tb_traffic_sample *a, *b;

	*packets = *bytes = 0;
	if (path < 0 || path >= TB_SCRIPT_MAX_PATHS || end < 0 || end > 1)
		return;
	a = at_or_before(tr, path, end, from);
	b = at_or_before(tr, path, end, to);
	if (a == NULL || b == NULL || b->t < a->t)
		return;
	*packets = b->packets - a->packets;
	*bytes = b->bytes - a->bytes;
}

int tb_traffic_check(const struct tb_script *s, const struct tb_step_expect *e,
		     const struct tb_traffic *tr, double since, double now,
		     char *observed, size_t len)
{
	const struct tb_script_path *p = tb_script_path(s, (unsigned int)e->path);
	uint64_t packets = 0, bytes = 0, pk, by;
	long long got;
	size_t used = 0;
	int end, ok;

	if (len > 0)
		observed[0] = '\0';
	if (p == NULL)
		return 0;
	for (end = 0; end < 2; end++) {
		if (e->path_from >= 0 && p->end[end].host != e->path_from)
			continue;
		tb_traffic_between(tr, e->path, end, since, now, &pk, &by);
		packets += pk;
		bytes += by;
		if (used < len)
			used += (size_t)snprintf(observed + used, len - used,
				"%s%s->%s carried %" PRIu64 " packets, %"
				PRIu64 " bytes", used ? "; " : "",
				tb_script_host(s, (unsigned int)p->end[end].host)->name,
				tb_script_host(s, (unsigned int)p->end[1 - end].host)->name,
				pk, by);
	}
	if (used < len)
		snprintf(observed + used, len - used, " in %.0f ms",
			 now > since ? now - since : 0);
	got = (long long)(e->path_bytes ? bytes : packets);
	ok = (e->min < 0 || got >= e->min) && (e->max < 0 || got <= e->max);
	return ok;
}
