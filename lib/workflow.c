// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whole workflows as library calls: create a devdax device, hand a device
 * to the kernel as system RAM, take it back, destroy it. Each runs in the
 * caller's transaction, or in its own one that is committed on success
 * and rolled back on failure. Errors are the kernel's exact errno.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

/*
 * Use @txn (it must be active on @region) or begin our own into @own.
 * Returns 0 or -errno.
 */
static int wf_begin(struct daxctl_region *region, struct daxctl_txn *txn,
		struct daxctl_txn **own)
{
	*own = NULL;
	if (txn)
		return txn->active && txn->region == region ? 0 : -EINVAL;
	return daxctl_txn_begin(region, own);
}

/* End our own transaction: commit when @rc is 0, else roll back. Returns @rc. */
static int wf_end(struct daxctl_txn *own, int rc)
{
	if (!own)
		return rc;
	if (rc)
		daxctl_txn_rollback(own);
	else
		daxctl_txn_commit(own);
	daxctl_txn_free(own);
	return rc;
}

/* The region's seed if it is idle (size 0, no driver), else NULL. */
static struct daxctl_dev *idle_seed(struct daxctl_region *region)
{
	struct daxctl_dev *seed = daxctl_region_get_dev_seed(region);
	unsigned long long size;
	char path[4096];

	if (!seed)
		return NULL;
	snprintf(path, sizeof(path), "%s/size", seed->path);
	if (sysfs_read_ull(region->ctx, path, 0, &size) || size ||
			daxctl_dev_is_enabled(seed))
		return NULL;
	seed->size = 0;
	return seed;
}

static int create_checks(struct daxctl_region *region,
		unsigned long long size, unsigned long align)
{
	unsigned long long avail = daxctl_region_get_available_size(region);

	if (!size || size > avail) {
		err(region->ctx, "region%d: size %#llx: %#llx available\n",
				region->id, size, avail);
		return -ENOSPC;
	}
	if (align && size % align) {
		err(region->ctx, "region%d: size %#llx is not a multiple of align %#lx\n",
				region->id, size, align);
		return -EINVAL;
	}
	return 0;
}

/*
 * After the checks, an idle device of @region with @align: the region's idle seed,
 * else a new one. Returns 0 with *@out set, or -errno.
 */
static int idle_dev(struct daxctl_region *region, unsigned long long size,
		unsigned long align, struct daxctl_dev **out)
{
	struct daxctl_dev *dev;
	int rc;

	rc = create_checks(region, size, align);
	if (rc)
		return rc;
	dev = idle_seed(region);
	if (!dev) {
		rc = daxctl_region_create_dev(region);
		if (rc)
			return rc;
		dev = idle_seed(region);
		if (!dev)
			return -ENXIO;
	}
	if (align && align != dev->align) {
		rc = dev_set_align(dev, align, true);
		if (rc)
			return rc;
	}
	*out = dev;
	return 0;
}

static int create_body(struct daxctl_region *region, unsigned long long size,
		unsigned long align, struct daxctl_dev **out)
{
	struct daxctl_dev *dev;
	int rc;

	rc = idle_dev(region, size, align, &dev);
	if (rc)
		return rc;
	rc = dev_set_size(dev, size, true);
	if (rc)
		return rc;
	rc = daxctl_dev_enable_devdax(dev);
	if (rc)
		return rc;
	*out = dev;
	return 0;
}

/* Does @dev have exactly the ranges @r (start, end pairs, page_offset order)? */
static bool has_ranges(struct daxctl_dev *dev, const unsigned long long *r, int nr)
{
	unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
	struct daxctl_mapping *m;
	int i = 0;

	daxctl_mapping_foreach(dev, m) {
		if (++i > nr)
			return false;
	}
	if (i != nr)
		return false;
	for (i = 0; i < nr; i++) {
		unsigned long long off = 0;
		int j;

		for (j = 0; j < i; j++)
			off += r[2 * j + 1] - r[2 * j] + 1;
		daxctl_mapping_foreach(dev, m)	/* page_offset is in pages */
			if (daxctl_mapping_get_offset(m) * page == off)
				break;
		if (!m || daxctl_mapping_get_start(m) != r[2 * i] ||
				daxctl_mapping_get_end(m) != r[2 * i + 1])
			return false;
	}
	return true;
}

static int layout_body(struct daxctl_region *region, const unsigned long long *r,
		int nr, unsigned long align, struct daxctl_dev **out)
{
	unsigned long long size = 0;
	struct daxctl_dev *dev;
	int i, rc;

	for (i = 0; i < nr; i++) {
		if (r[2 * i + 1] < r[2 * i])
			return -EINVAL;
		size += r[2 * i + 1] - r[2 * i] + 1;
	}
	rc = idle_dev(region, size, align, &dev);
	if (rc)
		return rc;
	for (i = 0; i < nr; i++) {
		rc = dev_set_mapping(dev, r[2 * i], r[2 * i + 1], true);
		if (rc)
			return rc;
	}
	if (!has_ranges(dev, r, nr)) {
		err(region->ctx, "%s: the kernel made other ranges than asked for\n",
				dev->devname);
		return -EIO;
	}
	rc = daxctl_dev_enable_devdax(dev);
	if (rc)
		return rc;
	*out = dev;
	return 0;
}

/**
 * daxctl_region_create_devdax_mappings - recreate a device from its ranges
 * @region: a dynamic region
 * @ranges: @nr pairs of first and last byte, in the device's page_offset
 *          order (as `daxctl list -M` saves them)
 * @nr: number of ranges
 * @align: the device's alignment, 0 for the kernel's default
 * @txn: an active transaction on @region, or NULL for one of its own
 * @out: the new device
 *
 * Like daxctl_region_create_devdax(), but allocates exactly @ranges (each
 * must be free in the region), checks by reading the mappings back that
 * the kernel made them, then binds device_dax. Returns 0, -ENOSPC,
 * -EINVAL, -EIO when the kernel made other ranges, or the kernel's -errno.
 */
DAXCTL_EXPORT int daxctl_region_create_devdax_mappings(
		struct daxctl_region *region, const unsigned long long *ranges,
		int nr, unsigned long align, struct daxctl_txn *txn,
		struct daxctl_dev **out)
{
	struct daxctl_txn *own;
	int rc;

	if (!region || !ranges || nr <= 0 || !out)
		return -EINVAL;
	rc = wf_begin(region, txn, &own);
	if (rc)
		return rc;
	return wf_end(own, layout_body(region, ranges, nr, align, out));
}

/**
 * daxctl_region_create_devdax - create a device and enable it in devdax mode
 * @region: a dynamic region
 * @size: bytes, at most the region's available size
 * @align: the device's alignment, 0 for the kernel's default
 * @txn: an active transaction on @region, or NULL for one of its own
 * @out: the new device
 *
 * Checks the size against available_size and the alignment before any
 * write, reuses an idle seed or creates a device, sets align and size,
 * binds device_dax. With @txn NULL, a failure rolls everything back.
 * Returns 0, -ENOSPC, -EINVAL, or the kernel's -errno.
 */
DAXCTL_EXPORT int daxctl_region_create_devdax(struct daxctl_region *region,
		unsigned long long size, unsigned long align,
		struct daxctl_txn *txn, struct daxctl_dev **out)
{
	struct daxctl_txn *own;
	int rc;

	if (!region || !out)
		return -EINVAL;
	rc = wf_begin(region, txn, &own);
	if (rc)
		return rc;
	return wf_end(own, create_body(region, size, align, out));
}

/*
 * Online through the kmem state attribute, where the kernel has it: one
 * write from "unplugged", two from "offline" (kmem added the blocks
 * offline; only "unplugged" can be left for an online state). "offline"
 * cannot be written back, so it is left that way only when kmem was bound
 * in this transaction, whose undo unbinds it anyway. Returns 0 or -errno
 * when done this way, 1 when the blocks are to be onlined one by one.
 */
static int online_by_state(struct daxctl_dev *dev, int movable)
{
	const char *want = movable ? "online_movable" : "online";
	char cur[32];
	int rc;

	if (daxctl_dev_get_hotplug_state(dev, cur, sizeof(cur)) < 0)
		return 1;
	if (strcmp(cur, "offline") == 0 &&
	    !txn_has_step(dev->region, STEP_BIND, dev->devname, "kmem"))
		return 1;
	if (strcmp(cur, want) == 0)
		return 0;
	/* online in the other zone: as a block-by-block online finds it */
	if (strncmp(cur, "online", 6) == 0) {
		err(dev->region->ctx, "%s: memory is online as %s, not %s\n",
				dev->devname, cur, want);
		return -EBUSY;
	}
	if (strcmp(cur, "unplugged")) {
		rc = daxctl_dev_set_hotplug_state(dev, "unplugged");
		if (rc)
			return rc;
	}
	return daxctl_dev_set_hotplug_state(dev, want);
}

static int online_all(struct daxctl_dev *dev, int movable)
{
	struct daxctl_memory *mem;
	int rc = online_by_state(dev, movable);

	if (rc <= 0)
		return rc;
	mem = daxctl_dev_get_memory(dev);
	if (!mem)
		return -ENXIO;
	rc = movable ? daxctl_memory_online(mem) :
		daxctl_memory_online_no_movable(mem);
	return rc < 0 ? rc : 0;
}

static int ram_body(struct daxctl_dev *dev, int movable)
{
	int rc;

	if (!daxctl_dev_is_system_ram_capable(dev)) {
		rc = daxctl_dev_disable(dev);
		if (rc)
			return rc;
		rc = daxctl_dev_enable_ram(dev);
		if (rc)
			return rc;
	}
	return online_all(dev, movable);
}

/**
 * daxctl_dev_reconfigure_ram - hand a device to the kernel as system RAM
 * @dev: a device in devdax mode, disabled, or already bound to kmem
 * @movable: online the blocks in ZONE_MOVABLE (else the kernel's zone)
 * @txn: an active transaction on the device's region, or NULL
 *
 * Unbinds device_dax, binds kmem, onlines every offline block: in one
 * write of the kmem state attribute where the kernel has it (two when kmem
 * added the blocks offline), else block by block. With @txn NULL, a
 * failure rolls everything back (blocks offline again, device back in
 * devdax mode). Returns 0 or -errno (-EBUSY when the memory is online in
 * the other zone).
 */
DAXCTL_EXPORT int daxctl_dev_reconfigure_ram(struct daxctl_dev *dev,
		int movable, struct daxctl_txn *txn)
{
	struct daxctl_txn *own;
	int rc;

	if (!dev)
		return -EINVAL;
	rc = wf_begin(dev->region, txn, &own);
	if (rc)
		return rc;
	return wf_end(own, ram_body(dev, movable));
}

static int devdax_body(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem;
	int rc;

	if (daxctl_dev_is_system_ram_capable(dev)) {
		char cur[32] = "";

		/* with the kmem state attribute: all blocks removed in one write */
		daxctl_dev_get_hotplug_state(dev, cur, sizeof(cur));
		if (strcmp(cur, "offline") == 0 || strcmp(cur, "unplugged") == 0) {
			rc = 0;
		} else if (strncmp(cur, "online", 6) == 0) {
			rc = daxctl_dev_set_hotplug_state(dev, "unplugged");
		} else {
			mem = daxctl_dev_get_memory(dev);
			rc = mem ? daxctl_memory_offline(mem) : -ENXIO;
		}
		if (rc < 0)
			return rc;
		rc = daxctl_dev_disable(dev);
		if (rc)
			return rc;
	}
	return daxctl_dev_enable_devdax(dev);
}

/**
 * daxctl_dev_reconfigure_devdax - take a device back into devdax mode
 * @dev: a device in system-ram mode, disabled, or already in devdax mode
 * @txn: an active transaction on the device's region, or NULL
 *
 * Offlines the device's blocks (removes them in one write of the kmem state
 * attribute where the kernel has it), unbinds kmem, binds device_dax. With
 * @txn NULL, a failure rolls everything back. Returns 0 or -errno (-EBUSY
 * when the kernel will not offline a block).
 */
DAXCTL_EXPORT int daxctl_dev_reconfigure_devdax(struct daxctl_dev *dev,
		struct daxctl_txn *txn)
{
	struct daxctl_txn *own;
	int rc;

	if (!dev)
		return -EINVAL;
	rc = wf_begin(dev->region, txn, &own);
	if (rc)
		return rc;
	return wf_end(own, devdax_body(dev));
}

static int destroy_body(struct daxctl_dev *dev)
{
	int rc;

	if (daxctl_dev_has_online_memory(dev) > 0) {
		err(dev->region->ctx, "%s: memory is online: offline it first\n",
				dev->devname);
		return -EBUSY;
	}
	rc = daxctl_dev_disable(dev);
	if (rc)
		return rc;
	if (dev->size) {
		rc = dev_set_size(dev, 0, true);
		if (rc)
			return rc;
	}
	/* the kernel never deletes daxX.0: at size 0 it counts as destroyed */
	if (dev->id == 0)
		return 0;
	return daxctl_region_destroy_dev(dev->region, dev);
}

/**
 * daxctl_dev_destroy - disable a device, free its memory, delete it
 * @dev: a device of a dynamic region with no online memory
 * @txn: an active transaction on the device's region, or NULL
 *
 * The delete is the last write and the only one that is not undone; a
 * failure before it rolls back (with @txn NULL). daxX.0 is left at size 0.
 * Returns 0, -EBUSY when memory is online, or -errno.
 */
DAXCTL_EXPORT int daxctl_dev_destroy(struct daxctl_dev *dev,
		struct daxctl_txn *txn)
{
	struct daxctl_txn *own;
	int rc;

	if (!dev)
		return -EINVAL;
	rc = wf_begin(dev->region, txn, &own);
	if (rc)
		return rc;
	return wf_end(own, destroy_body(dev));
}
