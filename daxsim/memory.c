// SPDX-License-Identifier: GPL-2.0-or-later
/* Memory hotplug: /sys/devices/system/memory, NUMA nodes, and the kmem driver's hot-add. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

static const char *const zone_names[] = {
	[ZONE_NONE] = "none", [ZONE_DMA32] = "DMA32", [ZONE_NORMAL] = "Normal", [ZONE_MOVABLE] = "Movable",
};

/* zone spans (lowest..highest online block of a zone on a node), recomputed lazily */
static unsigned long gen = 1, span_gen;
static unsigned long span_lo[MAX_NODES][4], span_hi[MAX_NODES][4];
static bool span_set[MAX_NODES][4];

static void spans_refresh(void)
{
	if (span_gen == gen)
		return;
	memset(span_set, 0, sizeof(span_set));
	for (unsigned long i = 0; i < M.nblocks_cap; i++) {
		struct mblock *b = M.blocks[i];

		if (!b || !b->online || b->nid < 0)
			continue;
		if (!span_set[b->nid][b->zone]) {
			span_set[b->nid][b->zone] = true;
			span_lo[b->nid][b->zone] = i;
		}
		span_hi[b->nid][b->zone] = i;
	}
	span_gen = gen;
}

/* does zone z of node nid span block idx? */
static bool zone_spans(int nid, int z, unsigned long idx)
{
	spans_refresh();
	return span_set[nid][z] && span_lo[nid][z] <= idx && idx <= span_hi[nid][z];
}

/* zone for onlining with `t` (contig-zones policy) */
static int zone_for(struct mblock *b, enum online_type t)
{
	bool in_kernel, in_movable;

	if (t == MMOP_ONLINE_MOVABLE)
		return ZONE_MOVABLE;
	/* boot memory below 4 GiB belongs to ZONE_DMA32 (block 0 also spans ZONE_DMA) */
	if (b->boot && (b->idx + 1) * M.block_size <= (4ULL << 30))
		return b->idx == 0 ? ZONE_NONE : ZONE_DMA32;
	if (t == MMOP_ONLINE_KERNEL)
		return ZONE_NORMAL;
	in_kernel = zone_spans(b->nid, ZONE_NORMAL, b->idx);
	in_movable = zone_spans(b->nid, ZONE_MOVABLE, b->idx);
	if (in_kernel != in_movable)
		return in_kernel ? ZONE_NORMAL : ZONE_MOVABLE;
	return ZONE_NORMAL;
}

static struct mblock *blk(void *o)
{
	return o;
}

static ssize_t show_phys_index(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%08lx\n", blk(o)->idx);
}

static ssize_t show_state(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", blk(o)->online ? "online" : "offline");
}

static ssize_t show_online(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", blk(o)->online);
}

static ssize_t show_zero(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "0\n");
}

static ssize_t show_one(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "1\n");
}

static ssize_t show_valid_zones(void *o, char *b)
{
	struct mblock *m = o;
	int def, kern, k;

	if (m->online)
		return snprintf(b, SHOW_MAX, "%s\n", zone_names[m->zone]);
	def = zone_for(m, MMOP_ONLINE);
	kern = zone_for(m, MMOP_ONLINE_KERNEL);
	k = snprintf(b, SHOW_MAX, "%s", zone_names[def]);
	if (def != kern)
		k += snprintf(b + k, SHOW_MAX - k, " %s", zone_names[kern]);
	if (def != ZONE_MOVABLE)
		k += snprintf(b + k, SHOW_MAX - k, " %s", zone_names[ZONE_MOVABLE]);
	k += snprintf(b + k, SHOW_MAX - k, "\n");
	return k;
}

int block_online(struct mblock *b, enum online_type t)
{
	if (b->online)
		return -EINVAL;
	b->zone = zone_for(b, t);
	b->online = true;
	gen++;
	return 0;
}

int block_offline(struct mblock *b)
{
	if (!b->online)
		return -EINVAL;
	if (b->busy)
		return -EBUSY;
	b->online = false;
	gen++;
	return 0;
}

static ssize_t store_state(void *o, const char *buf, size_t len)
{
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	int t = online_type_parse(s);
	int rc;

	if (t < 0)
		return -EINVAL;
	rc = t == MMOP_OFFLINE ? block_offline(o) : block_online(o, t);
	return rc ? rc : (ssize_t)len;
}

static ssize_t store_online(void *o, const char *buf, size_t len)
{
	struct mblock *b = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	bool v;
	int rc = 0;

	if (parse_bool(s, &v))
		return -EINVAL;
	if (v && !b->online)
		rc = block_online(b, MMOP_ONLINE);
	else if (!v && b->online)
		rc = block_offline(b);
	return rc ? rc : (ssize_t)len;
}

static const struct attr block_attrs[] = {
	{ "online", 0644, show_online, store_online },
	{ "phys_device", 0444, show_zero, NULL },
	{ "phys_index", 0444, show_phys_index, NULL },
	{ "removable", 0444, show_one, NULL },
	{ "state", 0644, show_state, store_state },
	{ "uevent", 0644, show_empty, store_uevent },
	{ "valid_zones", 0444, show_valid_zones, NULL },
};

static void blocks_reserve(unsigned long idx)
{
	if (idx < M.nblocks_cap)
		return;
	unsigned long n = M.nblocks_cap ? M.nblocks_cap : 1024;

	while (n <= idx)
		n *= 2;
	M.blocks = xrealloc(M.blocks, n * sizeof(*M.blocks));
	if (!M.blocks)
		die("out of memory");
	memset(M.blocks + M.nblocks_cap, 0, (n - M.nblocks_cap) * sizeof(*M.blocks));
	M.nblocks_cap = n;
}

static void node_link_block(struct mblock *b, bool add)
{
	char nn[32], bn[32], path[64];
	struct node *nd;

	snprintf(nn, sizeof(nn), "node%d", b->nid);
	snprintf(bn, sizeof(bn), "memory%lu", b->idx);
	nd = tree_lookup(M.nodedir, nn);
	if (!nd)
		return;
	if (add) {
		snprintf(path, sizeof(path), "/devices/system/memory/%s", bn);
		tree_link(nd, bn, path);
	} else {
		tree_remove_name(nd, bn);
	}
}

struct mblock *block_add(unsigned long idx, int nid, bool boot)
{
	struct mblock *b = xcalloc(1, sizeof(*b));
	char name[32], path[64];

	blocks_reserve(idx);
	b->idx = idx;
	b->nid = nid;
	b->boot = boot;
	for (size_t i = 0; i < M.nbusy; i++)
		if (M.busy_idx[i] == idx)
			b->busy = true;
	M.blocks[idx] = b;
	gen++;
	snprintf(name, sizeof(name), "memory%lu", idx);
	b->dir = tree_dir(M.memdir, name);
	tree_attrs(b->dir, block_attrs, ARRAY_SIZE(block_attrs), b);
	tree_dir(b->dir, "power");
	tree_link(b->dir, "subsystem", "/bus/memory");
	snprintf(path, sizeof(path), "/devices/system/node/node%d", nid);
	snprintf(name, sizeof(name), "node%d", nid);
	tree_link(b->dir, name, path);
	node_set_online(nid);
	node_link_block(b, true);
	return b;
}

void block_remove(struct mblock *b)
{
	node_link_block(b, false);
	tree_remove(b->dir);
	M.blocks[b->idx] = NULL;
	free(b);
	gen++;
}

/* kmem probe: trim ranges to whole blocks, hot-add, online per auto_online_blocks */
int kmem_probe(struct dev *d)
{
	u64 bs = M.block_size;
	int nid = d->region->target_node, added = 0;

	if (nid < 0)
		return -EINVAL;
	free(d->spans);
	d->spans = NULL;
	d->nspans = 0;
	for (int i = 0; i < d->nr; i++) {
		u64 s = (d->ranges[i].start + bs - 1) / bs * bs;
		u64 e = (d->ranges[i].end + 1) / bs * bs;
		bool clash = false;

		if (e <= s)
			continue;
		for (u64 x = s / bs; x < e / bs; x++)
			if (x < M.nblocks_cap && M.blocks[x])
				clash = true;
		if (clash) {
			if (!added)
				return -EBUSY;
			continue;
		}
		d->spans = xrealloc(d->spans, (d->nspans + 1) * sizeof(*d->spans));
		d->spans[d->nspans].first = s / bs;
		d->spans[d->nspans].last = e / bs - 1;
		d->nspans++;
		added++;
	}
	if (!added)
		return -EINVAL;
	for (int i = 0; i < d->nspans; i++)
		for (unsigned long x = d->spans[i].first; x <= d->spans[i].last; x++) {
			struct mblock *b = block_add(x, nid, false);

			b->owner = d;
			if (M.auto_online != MMOP_OFFLINE)
				block_online(b, M.auto_online);
		}
	return 0;
}

bool range_leaked(u64 start, u64 end)
{
	for (size_t i = 0; i < M.nleaked; i++)
		if (start <= (M.leaked[i].last + 1) * M.block_size - 1 &&
		    M.leaked[i].first * M.block_size <= end)
			return true;
	return false;
}

/*
 * kmem remove: per range, remove the blocks if all are offline; otherwise the
 * range stays added and claimed until "reboot" (later binds over it get EBUSY).
 */
void kmem_remove(struct dev *d)
{
	for (int i = 0; i < d->nspans; i++) {
		bool online = false;

		for (unsigned long x = d->spans[i].first; x <= d->spans[i].last; x++)
			online |= M.blocks[x] && M.blocks[x]->online;
		if (online) {
			M.leaked = xrealloc(M.leaked, (M.nleaked + 1) * sizeof(*M.leaked));
			M.leaked[M.nleaked++] = d->spans[i];
			for (unsigned long x = d->spans[i].first; x <= d->spans[i].last; x++)
				if (M.blocks[x])
					M.blocks[x]->owner = NULL;
			continue;
		}
		for (unsigned long x = d->spans[i].first; x <= d->spans[i].last; x++)
			if (M.blocks[x])
				block_remove(M.blocks[x]);
	}
	d->nspans = 0;
}

/* ---- nodes ---- */
static void node_list(char *b, bool (*pred)(int))
{
	int k = 0, start = -1;

	b[0] = 0;
	for (int n = 0; n <= MAX_NODES; n++) {
		bool in = n < MAX_NODES && pred(n);

		if (in && start < 0)
			start = n;
		if (!in && start >= 0) {
			if (n - 1 == start)
				k += snprintf(b + k, SHOW_MAX - k, "%s%d", k ? "," : "", start);
			else
				k += snprintf(b + k, SHOW_MAX - k, "%s%d-%d", k ? "," : "", start, n - 1);
			start = -1;
		}
	}
	snprintf(b + k, SHOW_MAX - k, "\n");
}

static bool p_possible(int n) { return M.node_possible[n]; }
static bool p_online(int n) { return M.node_online[n]; }

static bool p_memory(int n)
{
	for (unsigned long i = 0; i < M.nblocks_cap; i++)
		if (M.blocks[i] && M.blocks[i]->nid == n && M.blocks[i]->online)
			return true;
	return false;
}

static bool p_normal(int n)
{
	for (unsigned long i = 0; i < M.nblocks_cap; i++)
		if (M.blocks[i] && M.blocks[i]->nid == n && M.blocks[i]->online &&
		    M.blocks[i]->zone != ZONE_MOVABLE)
			return true;
	return false;
}

static bool p_cpu(int n) { return M.node_online[n] && node_has_cpu(n); }

static ssize_t show_nodelist(void *o, char *b)
{
	node_list(b, (bool (*)(int))o);
	return strlen(b);
}

void node_set_online(int nid)
{
	char name[32];
	struct node *n;

	M.node_possible[nid] = true;
	M.node_online[nid] = true;
	snprintf(name, sizeof(name), "node%d", nid);
	if (tree_lookup(M.nodedir, name))
		return;
	n = tree_dir(M.nodedir, name);
	numa_node_attrs(n, nid);
	tree_dir(n, "power");
	tree_link(n, "subsystem", "/bus/node");
}

static ssize_t show_bs(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "%llx\n", M.block_size);
}

static ssize_t show_auto(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "%s\n", online_type_name(M.auto_online));
}

static ssize_t store_auto(void *o, const char *buf, size_t len)
{
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	int t = online_type_parse(s);

	(void)o;
	if (t < 0)
		return -EINVAL;
	M.auto_online = t;
	return len;
}

void memory_build(void)
{
	static const struct attr mattrs[] = {
		{ "block_size_bytes", 0444, show_bs, NULL },
		{ "auto_online_blocks", 0644, show_auto, store_auto },
		{ "uevent", 0644, show_empty, store_uevent },
	};
	static const struct attr nattrs[] = {
		{ "possible", 0444, show_nodelist, NULL },
		{ "online", 0444, show_nodelist, NULL },
		{ "has_memory", 0444, show_nodelist, NULL },
		{ "has_normal_memory", 0444, show_nodelist, NULL },
		{ "has_cpu", 0444, show_nodelist, NULL },
	};
	bool (*preds[])(int) = { p_possible, p_online, p_memory, p_normal, p_cpu };

	M.memdir = tree_dir_p("/devices/system/memory");
	tree_attrs(M.memdir, mattrs, ARRAY_SIZE(mattrs), NULL);
	tree_dir(M.memdir, "power");
	M.nodedir = tree_dir_p("/devices/system/node");
	for (size_t i = 0; i < ARRAY_SIZE(nattrs); i++)
		tree_attr(M.nodedir, &nattrs[i], (void *)preds[i]);
	tree_dir(M.nodedir, "power");
	tree_dir_p("/bus/memory/devices");
	tree_dir_p("/bus/node/devices");
}
