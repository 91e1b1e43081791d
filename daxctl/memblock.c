// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory blocks of a device bound to kmem. Membership comes from the device's own ranges
 * (every range, not only the first): a block belongs to the device when it lies wholly inside
 * one range, which is what kmem hot-adds. Each block is onlined or offlined on its own, with
 * an undo step and a per-block report on failure.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "txn.h"

int memory_block_size(unsigned long long *bs)
{
	char buf[64], *end;
	int rc = sysfs_read(MEMORY_SYS "/block_size_bytes", buf, sizeof(buf));

	if (rc)
		return rc;
	*bs = strtoull(buf, &end, 16);	/* hex without 0x */
	if (*end || !*bs)
		return -EINVAL;
	return 0;
}

static void block_range(const struct dax_range *r, unsigned long long bs,
		unsigned long *first, unsigned long *last_plus_one)
{
	unsigned long long s = (r->start + bs - 1) / bs;
	unsigned long long e = (r->end + 1) / bs;

	*first = s;
	*last_plus_one = e > s ? e : s;
}

unsigned long memblocks_whole(const struct dax_state *st, unsigned long long bs)
{
	unsigned long n = 0, a, b;
	int i;

	for (i = 0; i < st->nr_ranges; i++) {
		block_range(&st->range[i], bs, &a, &b);
		n += b - a;
	}
	return n;
}

static int block_read(struct memblock *m)
{
	char p[PATH_MAX + 128], buf[128];
	int rc;

	snprintf(p, sizeof(p), MEMORY_SYS "/memory%lu/state", m->idx);
	rc = sysfs_read(p, buf, sizeof(buf));
	if (rc)
		return rc;
	m->online = strncmp(buf, "online", 6) == 0;
	snprintf(p, sizeof(p), MEMORY_SYS "/memory%lu/valid_zones", m->idx);
	if (sysfs_read(p, m->zone, sizeof(m->zone)))
		m->zone[0] = '\0';
	snprintf(p, sizeof(p), MEMORY_SYS "/memory%lu/removable", m->idx);
	m->removable = sysfs_read(p, buf, sizeof(buf)) ? -1 : atoi(buf);
	return 0;
}

int memblocks_read(const struct dax_state *st, struct memblocks *mb)
{
	unsigned long a, b, idx;
	int i, rc;

	memset(mb, 0, sizeof(*mb));
	rc = memory_block_size(&mb->block_size);
	if (rc)
		return rc;
	mb->b = calloc(memblocks_whole(st, mb->block_size) + 1, sizeof(*mb->b));
	if (!mb->b)
		return -ENOMEM;
	for (i = 0; i < st->nr_ranges; i++) {
		block_range(&st->range[i], mb->block_size, &a, &b);
		for (idx = a; idx < b; idx++) {
			struct memblock *m = &mb->b[mb->nr];

			m->idx = idx;
			rc = block_read(m);
			if (rc == -ENOENT)
				continue;	/* not hot-added */
			if (rc) {
				memblocks_free(mb);
				return rc;
			}
			mb->nr++;
		}
	}
	return 0;
}

void memblocks_free(struct memblocks *mb)
{
	free(mb->b);
	mb->b = NULL;
	mb->nr = 0;
}

size_t memblocks_online(const struct memblocks *mb)
{
	size_t i, n = 0;

	for (i = 0; i < mb->nr; i++)
		n += mb->b[i].online;
	return n;
}

static int set_state(unsigned long idx, const char *how)
{
	char p[PATH_MAX + 128];

	snprintf(p, sizeof(p), MEMORY_SYS "/memory%lu/state", idx);
	return sysfs_write(p, how);
}

static int undo_online(struct txn *t, const char *dev, const char *arg, unsigned long long idx)
{
	struct memblock m = { .idx = idx };
	int rc;

	(void)t;
	(void)dev;
	(void)arg;
	rc = set_state(idx, "offline");
	if (rc && block_read(&m) == 0 && !m.online)
		rc = 0;
	return rc;
}

static int undo_offline(struct txn *t, const char *dev, const char *zone, unsigned long long idx)
{
	struct memblock m = { .idx = idx };
	int rc;

	(void)t;
	(void)dev;
	rc = set_state(idx, strcmp(zone, "Movable") == 0 ? "online_movable" : "online_kernel");
	if (rc && block_read(&m) == 0 && m.online)
		rc = 0;
	return rc;
}

static void report_block(const char *dev, const char *op, struct memblock *m, int err)
{
	block_read(m);
	fprintf(stderr, "%s: memory%lu: %s failed: %s (state %s, zone %s, removable %s)\n",
			dev, m->idx, op, strerror(-err), m->online ? "online" : "offline",
			m->zone[0] ? m->zone : "unknown",
			m->removable < 0 ? "unknown" : m->removable ? "yes" : "no");
}

static void progress(const char *dev, const char *op, size_t i, size_t n)
{
	static int tty = -1;

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (!tty || n < 64)
		return;
	if (i == n)
		fprintf(stderr, "\r\033[K");
	else if (i % 16 == 0)
		fprintf(stderr, "\r%s: %s memory block %zu of %zu", dev, op, i + 1, n);
}

int memblocks_online_all(struct txn *t, const char *dev, struct memblocks *mb, const char *how)
{
	size_t i;
	int done = 0, rc;

	for (i = 0; i < mb->nr; i++) {
		struct memblock *m = &mb->b[i];

		progress(dev, "onlining", i, mb->nr);
		if (m->online)
			continue;
		rc = txn_interrupted(dev);
		if (rc) {
			progress(dev, "onlining", mb->nr, mb->nr);
			return rc;
		}
		rc = set_state(m->idx, how);
		if (rc) {
			/* another agent may have onlined it meanwhile: that is not ours to undo */
			block_read(m);
			if (m->online)
				continue;
			progress(dev, "onlining", mb->nr, mb->nr);
			report_block(dev, "online", m, rc);
			return rc;
		}
		m->online = true;
		rc = txn_push(t, undo_online, dev, NULL, m->idx, "memory%lu onlined", m->idx);
		if (rc)
			return rc;
		done++;
	}
	progress(dev, "onlining", mb->nr, mb->nr);
	rc = txn_interrupted(dev);
	if (rc)
		return rc;
	for (i = 0; i < mb->nr; i++)
		block_read(&mb->b[i]);
	return done;
}

int memblocks_offline_all(struct txn *t, const char *dev, struct memblocks *mb)
{
	size_t i;
	int done = 0, rc;

	for (i = 0; i < mb->nr; i++) {
		struct memblock *m = &mb->b[i];
		char zone[32];

		progress(dev, "offlining", i, mb->nr);
		if (!m->online)
			continue;
		rc = txn_interrupted(dev);
		if (rc) {
			progress(dev, "offlining", mb->nr, mb->nr);
			return rc;
		}
		snprintf(zone, sizeof(zone), "%s", m->zone);
		if (m->removable == 0) {
			progress(dev, "offlining", mb->nr, mb->nr);
			report_block(dev, "offline", m, -EOPNOTSUPP);
			return -EOPNOTSUPP;
		}
		rc = set_state(m->idx, "offline");
		if (rc) {
			block_read(m);
			if (!m->online)
				continue;
			progress(dev, "offlining", mb->nr, mb->nr);
			report_block(dev, "offline", m, rc);
			return rc;
		}
		m->online = false;
		rc = txn_push(t, undo_offline, dev, zone, m->idx, "memory%lu offlined (was %s)",
				m->idx, zone);
		if (rc)
			return rc;
		done++;
	}
	progress(dev, "offlining", mb->nr, mb->nr);
	rc = txn_interrupted(dev);
	if (rc)
		return rc;
	for (i = 0; i < mb->nr; i++)
		block_read(&mb->b[i]);
	return done;
}
