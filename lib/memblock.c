// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory blocks (/sys/devices/system/memory/memoryN) of a device in
 * system-ram mode, as objects: which block, online or not, its zone, its
 * removable flag, and the errno of the change that failed on it. They
 * belong to the device's memory object and live as long as its view of
 * the device's ranges (until the device is resized or disabled).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

/* The first block from @b on that exists in sysfs, or NULL. */
static struct daxctl_memblock *present_from(struct daxctl_memory *mem,
		struct daxctl_memblock *b)
{
	for (; b < mem->blocks + mem->nr_blocks; b++)
		if (b->state != MB_MISSING)
			return b;
	return NULL;
}

/**
 * daxctl_memblock_get_first - first memory block of a device's memory
 * @mem: memory object (daxctl_dev_get_memory())
 *
 * The blocks are those wholly inside the device's ranges that exist in
 * sysfs, in index order. Their states are read once per view (a view
 * starts with each daxctl_dev_get_memory() call) and kept up to date by
 * the library's own online and offline writes. Returns NULL when there
 * are none or they cannot be read.
 */
DAXCTL_EXPORT struct daxctl_memblock *daxctl_memblock_get_first(
		struct daxctl_memory *mem)
{
	if (!mem || memory_scan(mem) < 0 || !mem->nr_blocks)
		return NULL;
	return present_from(mem, mem->blocks);
}

/**
 * daxctl_memblock_get_next - the next memory block of the same device
 * @mb: a block
 *
 * Returns NULL after the last one.
 */
DAXCTL_EXPORT struct daxctl_memblock *daxctl_memblock_get_next(
		struct daxctl_memblock *mb)
{
	if (!mb)
		return NULL;
	return present_from(mb->mem, mb + 1);
}

/**
 * daxctl_memblock_get_index - the N of memoryN
 * @mb: a block
 */
DAXCTL_EXPORT unsigned long daxctl_memblock_get_index(
		struct daxctl_memblock *mb)
{
	return mb ? mb->index : 0;
}

/**
 * daxctl_memblock_is_online - is the block online
 * @mb: a block
 *
 * As of the current view (see daxctl_memblock_get_first()). Returns 1 or 0.
 */
DAXCTL_EXPORT int daxctl_memblock_is_online(struct daxctl_memblock *mb)
{
	return mb && mb->state == MB_ONLINE;
}

/**
 * daxctl_memblock_get_zone - the zone an online block is in
 * @mb: a block
 *
 * Read from the block's valid_zones once per view: "Movable", "Normal",
 * or "other" for any other zone. NULL when the block is offline or the
 * attribute cannot be read.
 */
DAXCTL_EXPORT const char *daxctl_memblock_get_zone(struct daxctl_memblock *mb)
{
	if (!mb || mb->state != MB_ONLINE)
		return NULL;
	switch (memblock_read_zone(mb)) {
	case MB_ZONE_MOVABLE:
		return "Movable";
	case MB_ZONE_NORMAL:
		return "Normal";
	case MB_ZONE_OTHER:
		return "other";
	default:
		return NULL;
	}
}

int memblock_is_removable(struct daxctl_memblock *b)
{
	struct daxctl_ctx *ctx = b->mem->dev->region->ctx;
	char path[256], buf[SYSFS_ATTR_SIZE];
	int rc;

	snprintf(path, sizeof(path), MEMORY_DIR "/memory%lu/removable",
			b->index);
	rc = sysfs_read(ctx, path, buf, sizeof(buf));
	if (rc)
		return rc;
	return strcmp(buf, "0") != 0;
}

/**
 * daxctl_memblock_is_removable - may the kernel offline the block
 * @mb: a block
 *
 * Read from the block's removable attribute on each call (kernels since
 * 5.12 always say 1). Returns 1, 0, or -errno when it cannot be read.
 */
DAXCTL_EXPORT int daxctl_memblock_is_removable(struct daxctl_memblock *mb)
{
	if (!mb)
		return -EINVAL;
	return memblock_is_removable(mb);
}

/**
 * daxctl_memblock_get_errno - why the last change of the block failed
 * @mb: a block
 *
 * The -errno of the last online or offline write of this block that
 * failed (-EOPNOTSUPP when it was not removable), 0 when none did.
 */
DAXCTL_EXPORT int daxctl_memblock_get_errno(struct daxctl_memblock *mb)
{
	return mb ? mb->err : -EINVAL;
}

/**
 * daxctl_memory_get_failed_block - where the last online or offline stopped
 * @mem: memory object
 *
 * After daxctl_memory_online(), daxctl_memory_online_no_movable() or
 * daxctl_memory_offline() returned an error for a block: that block (its
 * state re-read after the failure), else NULL.
 */
DAXCTL_EXPORT struct daxctl_memblock *daxctl_memory_get_failed_block(
		struct daxctl_memory *mem)
{
	return mem ? mem->failed : NULL;
}

/**
 * daxctl_set_progress_fn - follow and interrupt memory block changes
 * @ctx: library context
 * @fn: called before each block is onlined or offlined, with the device,
 *      "onlining" or "offlining", the index of the block in the device's
 *      list and the list's length, and once more at the end with both
 *      equal; a non-zero return stops the change there with -EINTR (a
 *      safe point: every block before it is done and recorded). NULL to
 *      stop being called.
 * @data: passed to @fn
 *
 * A program that catches SIGINT can answer non-zero once it arrived and
 * then roll its transaction back. @fn must not call back into the
 * library with @ctx.
 */
DAXCTL_EXPORT void daxctl_set_progress_fn(struct daxctl_ctx *ctx,
		daxctl_progress_fn fn, void *data)
{
	if (!ctx)
		return;
	ctx->progress = fn;
	ctx->progress_data = data;
}

/**
 * daxctl_dev_get_hotplug_state - the kmem whole-device hotplug state
 * @dev: a device in system-ram mode
 * @buf: where to store it: "unplugged", "online", "online_kernel",
 *       "online_movable", "offline" (added by kmem and left offline) or
 *       "unknown"
 * @len: size of @buf
 *
 * Newer kernels (2026) give a device bound to kmem a state attribute that
 * onlines or removes all its memory in one write. Returns 0, -ENOENT when
 * the kernel has no such attribute or the device is not bound to kmem,
 * or -errno.
 */
DAXCTL_EXPORT int daxctl_dev_get_hotplug_state(struct daxctl_dev *dev,
		char *buf, size_t len)
{
	_cleanup_free_ char *path = NULL;

	if (!dev || !buf || !len)
		return -EINVAL;
	path = path_join(dev->path, "state");
	if (!path)
		return -ENOMEM;
	return sysfs_read(dev->region->ctx, path, buf, len);
}

/**
 * daxctl_dev_set_hotplug_state - online or remove all of a device's memory at once
 * @dev: a device in system-ram mode on a kernel with the kmem state attribute
 * @state: "unplugged" (offline and remove every block, all or nothing),
 *         or "online", "online_kernel", "online_movable" (add and online
 *         every block; only from "unplugged")
 *
 * One write instead of one per memory block, and no race with another
 * agent onlining blocks. Inside a transaction the state before is
 * recorded and put back on rollback (unless the device was bound to kmem
 * in the same transaction: the undo of that bind removes the memory). The memory object's view of the
 * blocks is dropped. Returns 0 (also when already in @state), or the
 * kernel's -errno: -EBUSY to online from anything but "unplugged" or when
 * a block cannot be offlined, -EINVAL for other words, -ENOENT without
 * the attribute.
 */
DAXCTL_EXPORT int daxctl_dev_set_hotplug_state(struct daxctl_dev *dev,
		const char *state)
{
	struct daxctl_ctx *ctx;
	_cleanup_free_ char *path = NULL;
	char old[32];
	int rc;

	if (!dev || !state)
		return -EINVAL;
	ctx = dev->region->ctx;
	rc = daxctl_dev_get_hotplug_state(dev, old, sizeof(old));
	if (rc)
		return rc;
	if (strcmp(old, state) == 0)
		return 0;
	path = path_join(dev->path, "state");
	if (!path)
		return -ENOMEM;
	/* bound to kmem in this transaction: unbinding it again undoes this too */
	if (!txn_has_step(dev->region, STEP_BIND, dev->devname, "kmem")) {
		rc = txn_record(dev->region, STEP_HOTPLUG, dev->devname, old);
		if (rc)
			return rc;
	}
	rc = sysfs_write(ctx, path, state, false);
	txn_done(dev->region, rc);
	if (dev->mem)
		memory_forget_blocks(dev->mem);
	if (rc)
		err(ctx, "%s: failed to set the kmem state to %s: %s\n",
				dev->devname, state, strerror(-rc));
	return rc;
}
