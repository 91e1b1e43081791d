// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory blocks of a device in system-ram mode (bound to kmem).
 *
 * The blocks are computed from the device's own ranges the way kmem
 * trims them: for a range [start, end] and block size B, blocks
 * ceil(start / B) .. floor((end + 1) / B) - 1. Only those memoryN
 * entries are read; node directories are never walked. Every range
 * counts, not only the first one.
 *
 * Block states are read once per "view": a view starts with each
 * daxctl_dev_get_memory() call and is refreshed by online/offline, which
 * also update it with what they wrote.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

void memory_free(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = dev->mem;

	if (!mem)
		return;
	free(mem->node_path);
	free(mem->blocks);
	free(mem);
	dev->mem = NULL;
}

/* The device's ranges changed: recompute the block list when next needed. */
void memory_forget_blocks(struct daxctl_memory *mem)
{
	free(mem->blocks);
	mem->blocks = NULL;
	mem->failed = NULL;
	mem->run_last = NULL;
	mem->nr_blocks = 0;
	mem->blocks_init = false;
	mem->states_valid = false;
}

static struct daxctl_ctx *mem_ctx(struct daxctl_memory *mem)
{
	return mem->dev->region->ctx;
}

static int cmp_block(const void *a, const void *b)
{
	const struct daxctl_memblock *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/*
 * The memory blocks wholly inside [@start, @end] for block size @bs, as kmem
 * adds them: indexes *@first up to *@last_excl (exclusive; equal when none).
 */
void memblock_span(unsigned long long start, unsigned long long end,
		unsigned long long bs, unsigned long long *first,
		unsigned long long *last_excl)
{
	*first = start / bs + (start % bs ? 1 : 0);
	*last_excl = end / bs + ((end % bs) == bs - 1 ? 1 : 0);
	if (end < start || *last_excl < *first)
		*last_excl = *first;
}

/**
 * daxctl_dev_get_nr_memblocks - memory blocks wholly inside the device's ranges
 * @dev: a device, in any mode
 *
 * What kmem adds when it is bound: the blocks of the memory block size that
 * lie wholly inside one of the device's ranges (its resource and size on
 * kernels without mappingN/), whether or not they exist in sysfs now.
 * Returns the count, or -errno: -EACCES when the ranges are readable by
 * root only, -ENXIO when the memory block size cannot be read.
 */
DAXCTL_EXPORT int daxctl_dev_get_nr_memblocks(struct daxctl_dev *dev)
{
	unsigned long long bs, first, last_excl, n = 0;
	struct daxctl_mapping *m;
	int rc;

	if (!dev)
		return -EINVAL;
	bs = ctx_block_size(dev->region->ctx);
	if (!bs)
		return -ENXIO;
	rc = daxctl_dev_get_nr_mappings(dev);
	if (rc < 0)
		return rc;
	list_for_each(&dev->mappings, m, list) {
		memblock_span(m->start, m->end, bs, &first, &last_excl);
		n += last_excl - first;
	}
	if (rc == 0 && dev->resource && dev->size) {
		memblock_span(dev->resource, dev->resource + dev->size - 1, bs,
				&first, &last_excl);
		n = last_excl - first;
	}
	return n > INT_MAX ? -EOVERFLOW : (int)n;
}

static int add_range(struct daxctl_memory *mem, size_t *cap,
		unsigned long long start, unsigned long long end)
{
	unsigned long long first, last_excl, i;

	memblock_span(start, end, mem->block_size, &first, &last_excl);
	for (i = first; i < last_excl; i++) {
		if (mem->nr_blocks == *cap) {
			size_t ncap = *cap ? *cap * 2 : 64;
			struct daxctl_memblock *nb = realloc(mem->blocks,
					ncap * sizeof(*nb));

			if (!nb)
				return -ENOMEM;
			mem->blocks = nb;
			*cap = ncap;
		}
		mem->blocks[mem->nr_blocks++] = (struct daxctl_memblock){
			.mem = mem,
			.index = (unsigned long)i,
		};
	}
	return 0;
}

/* The candidate block list, from mappingN or else resource + size. */
static int blocks_init(struct daxctl_memory *mem)
{
	struct daxctl_dev *dev = mem->dev;
	struct daxctl_ctx *ctx = mem_ctx(mem);
	struct daxctl_mapping *m;
	size_t cap = 0;
	int rc = 0;

	if (mem->blocks_init)
		return 0;
	if (!mem->node_path) {
		err(ctx, "%s: Failed to get node_path\n", dev->devname);
		return -ENXIO;
	}
	if (!mem->block_size) {
		err(ctx, "%s: Unable to determine memory block size\n",
				dev->devname);
		return -ENXIO;
	}
	mappings_init(dev);
	if (!list_empty(&dev->mappings)) {
		list_for_each(&dev->mappings, m, list) {
			rc = add_range(mem, &cap, m->start, m->end);
			if (rc)
				break;
		}
	} else if (dev->resource && dev->size) {
		rc = add_range(mem, &cap, dev->resource,
				dev->resource + dev->size - 1);
	} else {
		err(ctx, "%s: Unable to determine resource\n", dev->devname);
		return -EACCES;
	}
	if (rc) {
		free(mem->blocks);
		mem->blocks = NULL;
		mem->nr_blocks = 0;
		return rc;
	}
	if (mem->nr_blocks > 1)
		qsort(mem->blocks, mem->nr_blocks, sizeof(*mem->blocks),
				cmp_block);
	mem->blocks_init = true;
	return 0;
}

static void block_path(char *buf, size_t len, unsigned long index,
		const char *attr)
{
	snprintf(buf, len, MEMORY_DIR "/memory%lu/%s", index, attr);
}

static int read_block_state(struct daxctl_memory *mem, struct daxctl_memblock *b)
{
	char path[256], buf[SYSFS_ATTR_SIZE];
	unsigned char state;
	int rc;

	block_path(path, sizeof(path), b->index, "state");
	rc = sysfs_read(mem_ctx(mem), path, buf, sizeof(buf));
	if (rc == -ENOENT) {
		b->state = MB_MISSING;
		return 0;
	}
	if (rc) {
		err(mem_ctx(mem), "%s: Failed to read %s: %s\n",
				mem->dev->devname, path, strerror(-rc));
		return rc;
	}
	state = strncmp(buf, "online", 6) == 0 ? MB_ONLINE : MB_OFFLINE;
	/* a block only changes zone by going offline: an online one keeps it */
	if (state != MB_ONLINE || b->state != MB_ONLINE)
		b->zone = MB_ZONE_UNREAD;
	b->state = state;
	return 0;
}

int memblock_read_state(struct daxctl_memblock *b)
{
	return read_block_state(b->mem, b);
}

/* Make sure every candidate block has a known state. */
static int scan_states(struct daxctl_memory *mem, bool fresh)
{
	size_t i;
	int rc;

	rc = blocks_init(mem);
	if (rc)
		return rc;
	if (mem->states_valid && !fresh)
		return 0;
	for (i = 0; i < mem->nr_blocks; i++) {
		rc = read_block_state(mem, &mem->blocks[i]);
		if (rc)
			return rc;
	}
	mem->states_valid = true;
	return 0;
}

static int block_zone(struct daxctl_memory *mem, struct daxctl_memblock *b)
{
	char path[256], buf[SYSFS_ATTR_SIZE];
	int rc;

	if (b->zone != MB_ZONE_UNREAD)
		return b->zone;
	block_path(path, sizeof(path), b->index, "valid_zones");
	rc = sysfs_read(mem_ctx(mem), path, buf, sizeof(buf));
	if (rc) {
		err(mem_ctx(mem), "%s: Failed to read %s: %s\n",
				mem->dev->devname, path, strerror(-rc));
		return rc;
	}
	if (strcmp(buf, "Movable") == 0)
		b->zone = MB_ZONE_MOVABLE;
	else if (strcmp(buf, "Normal") == 0)
		b->zone = MB_ZONE_NORMAL;
	else
		b->zone = MB_ZONE_OTHER;
	return b->zone;
}

int memblock_read_zone(struct daxctl_memblock *b)
{
	return block_zone(b->mem, b);
}

/* The blocks and their states in the current view: 0 or -errno. */
int memory_scan(struct daxctl_memory *mem)
{
	return scan_states(mem, false);
}

/*
 * The zone shared by all present blocks: MB_ZONE_MOVABLE/NORMAL, or
 * MB_ZONE_OTHER when mixed or unknown, MB_ZONE_UNREAD when there are no
 * blocks; -ENXIO if a block is offline.
 */
static int common_zone(struct daxctl_memory *mem)
{
	int zone = MB_ZONE_UNREAD;
	size_t i;

	for (i = 0; i < mem->nr_blocks; i++) {
		struct daxctl_memblock *b = &mem->blocks[i];
		int z;

		if (b->state == MB_MISSING)
			continue;
		if (b->state != MB_ONLINE)
			return -ENXIO;
		z = block_zone(mem, b);
		if (z < 0)
			return z;
		if (zone == MB_ZONE_UNREAD)
			zone = z;
		else if (zone != z)
			zone = MB_ZONE_OTHER;
	}
	return zone;
}

/**
 * daxctl_dev_get_memory - memory object of a device in system-ram mode
 * @dev: a device
 *
 * NULL unless the device is bound to kmem on the dax bus. The object is
 * cached on @dev until daxctl_dev_disable(); each call starts a fresh
 * view of the block states.
 */
DAXCTL_EXPORT struct daxctl_memory *daxctl_dev_get_memory(
		struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx;
	struct daxctl_memory *mem;

	if (!dev)
		return NULL;
	if (dev->mem) {
		dev->mem->states_valid = false;
		return dev->mem;
	}
	if (!daxctl_dev_is_system_ram_capable(dev))
		return NULL;
	ctx = daxctl_dev_get_ctx(dev);
	mem = calloc(1, sizeof(*mem));
	if (!mem)
		return NULL;
	mem->dev = dev;
	mem->block_size = ctx_block_size(ctx);
	if (!mem->block_size)
		err(ctx, "%s: Unable to determine memblock size\n",
				dev->devname);
	if (dev->target_node >= 0 &&
	    asprintf(&mem->node_path, NODE_DIR "/node%d",
		    dev->target_node) < 0) {
		err(ctx, "%s: Unable to set node_path\n", dev->devname);
		free(mem);
		return NULL;
	}
	dev->mem = mem;
	return mem;
}

/**
 * daxctl_memory_get_dev - device of a memory object
 * @mem: memory object
 */
DAXCTL_EXPORT struct daxctl_dev *daxctl_memory_get_dev(
		struct daxctl_memory *mem)
{
	return mem->dev;
}

/**
 * daxctl_memory_get_node_path - sysfs directory of the target NUMA node
 * @mem: memory object
 *
 * "/sys/devices/system/node/nodeN", or NULL without a target node.
 */
DAXCTL_EXPORT const char *daxctl_memory_get_node_path(
		struct daxctl_memory *mem)
{
	return mem->node_path;
}

/**
 * daxctl_memory_get_block_size - memory block size in bytes
 * @mem: memory object
 *
 * From /sys/devices/system/memory/block_size_bytes; 0 if unreadable.
 */
DAXCTL_EXPORT unsigned long daxctl_memory_get_block_size(
		struct daxctl_memory *mem)
{
	return mem->block_size;
}

/* Blocks present in sysfs (or only the online ones), or -errno. */
static int count_blocks(struct daxctl_memory *mem, bool online_only)
{
	size_t i;
	int rc, n = 0;

	rc = scan_states(mem, false);
	if (rc)
		return rc;
	for (i = 0; i < mem->nr_blocks; i++) {
		unsigned char state = mem->blocks[i].state;

		if (online_only ? state == MB_ONLINE : state != MB_MISSING)
			n++;
	}
	return n;
}

/**
 * daxctl_memory_num_sections - number of memory blocks of the device
 * @mem: memory object
 *
 * Blocks wholly inside one of the device's ranges that exist in sysfs.
 * Returns the count or -errno.
 */
DAXCTL_EXPORT int daxctl_memory_num_sections(struct daxctl_memory *mem)
{
	return count_blocks(mem, false);
}

/**
 * daxctl_memory_is_online - number of the device's blocks that are online
 * @mem: memory object
 *
 * Returns the count or -errno.
 */
DAXCTL_EXPORT int daxctl_memory_is_online(struct daxctl_memory *mem)
{
	return count_blocks(mem, true);
}

/**
 * daxctl_memory_is_movable - are all the device's blocks in ZONE_MOVABLE
 * @mem: memory object
 *
 * Returns 1 if every block is online in zone Movable, 0 if they are in
 * Normal or in mixed zones (or there are none), -ENXIO if a block is
 * offline, or another -errno.
 */
DAXCTL_EXPORT int daxctl_memory_is_movable(struct daxctl_memory *mem)
{
	int rc;

	rc = scan_states(mem, false);
	if (rc)
		return rc;
	rc = common_zone(mem);
	if (rc < 0)
		return rc;
	return rc == MB_ZONE_MOVABLE;
}

/*
 * Journal the run of offline blocks with consecutive indices that starts
 * at @b (see txn_journal_run()): one journal write for the whole run.
 */
static int journal_run(struct daxctl_memory *mem, struct daxctl_memblock *b)
{
	struct daxctl_memblock *last = b, *end = mem->blocks + mem->nr_blocks;
	int rc;

	while (last + 1 < end && last[1].state == MB_OFFLINE &&
			last[1].index == last->index + 1)
		last++;
	rc = txn_journal_run(mem->dev->region, mem->dev->devname, b->index,
			last->index);
	if (rc == 0)
		mem->run_last = last;
	return rc;
}

/* Inside a transaction, record the state change of block @b. */
static int record_block(struct daxctl_memory *mem, struct daxctl_memblock *b,
		enum txn_step_kind kind)
{
	struct daxctl_region *region = mem->dev->region;
	char arg[64];
	int zone;

	if (!region->txn)
		return 0;
	if (kind == STEP_ONLINE) {
		snprintf(arg, sizeof(arg), "%lu", b->index);
		if (!mem->run_last || b > mem->run_last) {
			int rc = journal_run(mem, b);

			if (rc)
				return rc;
		}
		return txn_record_in_run(region, mem->dev->devname, arg);
	}
	zone = block_zone(mem, b);
	if (zone < 0)
		return zone;
	snprintf(arg, sizeof(arg), "%lu %s", b->index,
			zone == MB_ZONE_MOVABLE ? "Movable" :
			zone == MB_ZONE_NORMAL ? "Normal" : "Other");
	return txn_record(region, kind, mem->dev->devname, arg);
}

static int online_one_memblock(struct daxctl_memory *mem,
		struct daxctl_memblock *b, const char *how)
{
	char path[256];
	int rc;

	rc = record_block(mem, b, STEP_ONLINE);
	if (rc)
		return rc;
	block_path(path, sizeof(path), b->index, "state");
	rc = sysfs_write(mem_ctx(mem), path, how, true);
	txn_done(mem->dev->region, rc);
	if (rc == 0) {
		b->state = MB_ONLINE;
		/* the kernel onlines in ZONE_MOVABLE or refuses: no need to read it back */
		b->zone = strcmp(how, "online_movable") == 0 ? MB_ZONE_MOVABLE :
			MB_ZONE_UNREAD;
		return 0;
	}
	/* someone else may have onlined it meanwhile: not ours to undo */
	if (read_block_state(mem, b) == 0 && b->state == MB_ONLINE)
		return 1;
	err(mem_ctx(mem), "%s: Failed to online %s: %s\n", mem->dev->devname,
			path, strerror(-rc));
	return rc;
}

static int offline_one_memblock(struct daxctl_memory *mem,
		struct daxctl_memblock *b, const char *how)
{
	struct daxctl_ctx *ctx = mem_ctx(mem);
	char path[256];
	int rc;

	if (memblock_is_removable(b) == 0) {
		err(ctx, "%s: memory%lu is unremovable\n", mem->dev->devname,
				b->index);
		return -EOPNOTSUPP;
	}
	rc = record_block(mem, b, STEP_OFFLINE);
	if (rc)
		return rc;
	block_path(path, sizeof(path), b->index, "state");
	rc = sysfs_write(ctx, path, how, true);
	txn_done(mem->dev->region, rc);
	if (rc == 0) {
		b->state = MB_OFFLINE;
		b->zone = MB_ZONE_UNREAD;
		return 0;
	}
	if (read_block_state(mem, b) == 0 && b->state == MB_OFFLINE)
		return 1;	/* raced, not ours */
	err(ctx, "%s: Failed to offline %s: %s\n", mem->dev->devname, path,
			strerror(-rc));
	return rc;
}

/* The progress function's answer for @done of @total: 0 or -EINTR. */
static int progress(struct daxctl_memory *mem, const char *op, size_t done,
		size_t total)
{
	struct daxctl_ctx *ctx = mem_ctx(mem);

	if (!ctx->progress)
		return 0;
	return ctx->progress(mem->dev, op, done, total, ctx->progress_data) ?
		-EINTR : 0;
}

/*
 * @change(mem, block, @how) on every block in state @from of the current
 * view (read once when the view started), stopping at the first error,
 * which is kept on the block (daxctl_memory_get_failed_block()). @change
 * returns 0 when it changed the block, 1 when someone else did
 * meanwhile, or -errno. The progress function is asked before each
 * change and once at the end; a non-zero answer stops with -EINTR.
 * Returns the number of blocks changed or -errno.
 */
static int change_blocks(struct daxctl_memory *mem, int from,
		int (*change)(struct daxctl_memory *, struct daxctl_memblock *,
			const char *), const char *how, const char *op)
{
	int rc, count = 0;
	size_t i;

	rc = scan_states(mem, false);
	if (rc)
		return rc;
	mem->failed = NULL;
	mem->run_last = NULL;
	for (i = 0; i < mem->nr_blocks; i++) {
		struct daxctl_memblock *b = &mem->blocks[i];

		if (b->state != from)
			continue;
		rc = progress(mem, op, i, mem->nr_blocks);
		if (rc)
			return rc;
		b->err = 0;
		rc = change(mem, b, how);
		if (rc < 0) {
			b->err = rc;
			mem->failed = b;
			return rc;
		}
		if (rc == 0)
			count++;
	}
	rc = progress(mem, op, mem->nr_blocks, mem->nr_blocks);
	return rc ? rc : count;
}

static int memory_online(struct daxctl_memory *mem, int want_zone)
{
	const char *how = want_zone == MB_ZONE_MOVABLE ?
		"online_movable" : "online";
	struct daxctl_ctx *ctx = mem_ctx(mem);
	int rc, count;

	count = change_blocks(mem, MB_OFFLINE, online_one_memblock, how,
			"onlining");
	if (count)
		return count;

	/* nothing to do: were they all onlined, in the wanted zone? */
	rc = common_zone(mem);
	if (rc < 0)
		return rc;
	if (rc != MB_ZONE_UNREAD && rc != want_zone) {
		err(ctx, "%s:\n  WARNING: detected a race while onlining memory\n"
			"  See 'man daxctl-reconfigure-device' for more details\n",
			mem->dev->devname);
		return -EBUSY;
	}
	return 0;
}

/**
 * daxctl_memory_online - online the device's offline blocks, zone Movable
 * @mem: memory object
 *
 * Writes "online_movable" to each offline block's state. A block onlined
 * meanwhile by another agent counts as done. Returns the number of blocks
 * onlined; when none needed it, 0 if all are in zone Movable, else -EBUSY
 * with a race warning; or -errno.
 */
DAXCTL_EXPORT int daxctl_memory_online(struct daxctl_memory *mem)
{
	return memory_online(mem, MB_ZONE_MOVABLE);
}

/**
 * daxctl_memory_online_no_movable - online the offline blocks, kernel's zone
 * @mem: memory object
 *
 * As daxctl_memory_online() but writes "online", letting the kernel pick
 * the zone (normally Normal, usable for kernel allocations).
 */
DAXCTL_EXPORT int daxctl_memory_online_no_movable(struct daxctl_memory *mem)
{
	return memory_online(mem, MB_ZONE_NORMAL);
}

/**
 * daxctl_memory_offline - offline all online blocks of the device
 * @mem: memory object
 *
 * Checks each online block's removable flag (-EOPNOTSUPP when 0), then
 * writes "offline" to its state; stops at the first failure (typically
 * -EBUSY). Returns the number of blocks offlined or -errno.
 */
DAXCTL_EXPORT int daxctl_memory_offline(struct daxctl_memory *mem)
{
	return change_blocks(mem, MB_ONLINE, offline_one_memblock, "offline",
			"offlining");
}
