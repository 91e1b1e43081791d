// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The inverse of each write a transaction records. An undo works from
 * names and sysfs alone (it also runs in the process that finds a
 * crashed transaction's journal) and first checks whether its work is
 * already done, so undoing a step whose write never happened is harmless.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

static int dev_attr_path(char *buf, size_t len, const char *dev,
		const char *attr)
{
	if (snprintf(buf, len, DAX_BUS_DEVICES "/%s/%s", dev, attr) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

static int read_dev_ull(struct daxctl_ctx *ctx, const char *dev,
		const char *attr, unsigned long long *val)
{
	char path[PATH_MAX];
	int rc = dev_attr_path(path, sizeof(path), dev, attr);

	return rc ? rc : sysfs_read_ull(ctx, path, 0, val);
}

/* "r0s-r0e,r1s-r1e" (hex, page_offset order) or "-" for no range. */
int undo_read_ranges(struct daxctl_ctx *ctx, const char *dev, char *buf,
		size_t len)
{
	size_t used = 0;
	int n, rc;

	buf[0] = '\0';
	for (n = 0;; n++) {
		unsigned long long s, e, off;
		char attr[64];

		snprintf(attr, sizeof(attr), "mapping%d/start", n);
		rc = read_dev_ull(ctx, dev, attr, &s);
		if (rc == -ENOENT)
			break;
		snprintf(attr, sizeof(attr), "mapping%d/end", n);
		if (!rc)
			rc = read_dev_ull(ctx, dev, attr, &e);
		snprintf(attr, sizeof(attr), "mapping%d/page_offset", n);
		if (!rc)
			rc = read_dev_ull(ctx, dev, attr, &off);
		if (rc)
			return rc;
		(void)off;	/* the kernel numbers mappings in page_offset order */
		rc = snprintf(buf + used, len - used, "%s%#llx-%#llx",
				n ? "," : "", s, e);
		if (rc < 0 || (size_t)rc >= len - used)
			return -E2BIG;
		used += (size_t)rc;
	}
	if (!n)
		snprintf(buf, len, "-");
	return 0;
}

static int write_dev_attr(struct daxctl_ctx *ctx, const char *dev,
		const char *attr, const char *val)
{
	char path[PATH_MAX];
	int rc = dev_attr_path(path, sizeof(path), dev, attr);

	return rc ? rc : sysfs_write(ctx, path, val, false);
}

/* Put the ranges @old (undo_read_ranges() format) back on @dev. */
static int undo_size(struct daxctl_ctx *ctx, const char *dev,
		const char *old)
{
	char cur[4096], copy[4096], *tok, *save = NULL;
	unsigned long long size;
	int rc;

	rc = undo_read_ranges(ctx, dev, cur, sizeof(cur));
	if (rc == -ENOENT && strcmp(old, "-") == 0)
		return 0;	/* the device is gone: no memory to give back */
	if (rc)
		return rc;
	if (strcmp(cur, old) == 0)
		return 0;
	rc = read_dev_ull(ctx, dev, "size", &size);
	if (rc)
		return rc;
	if (size) {
		rc = write_dev_attr(ctx, dev, "size", "0\n");
		if (rc)
			return rc;
	}
	if (strcmp(old, "-") == 0)
		return 0;
	snprintf(copy, sizeof(copy), "%s", old);
	for (tok = strtok_r(copy, ",", &save); tok;
			tok = strtok_r(NULL, ",", &save)) {
		char val[128];

		snprintf(val, sizeof(val), "%s\n", tok);
		rc = write_dev_attr(ctx, dev, "mapping", val);
		if (rc)
			return rc;
	}
	return 0;
}

static int undo_align(struct daxctl_ctx *ctx, const char *dev,
		const char *old)
{
	unsigned long long cur, want = strtoull(old, NULL, 0);
	char val[64];
	int rc;

	rc = read_dev_ull(ctx, dev, "align", &cur);
	if (rc)
		return rc;
	if (cur == want)
		return 0;
	snprintf(val, sizeof(val), "%#llx\n", want);
	return write_dev_attr(ctx, dev, "align", val);
}

/* Name of @dev's driver into @buf ("" when unbound). */
static int dev_driver(const char *dev, char *buf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	int rc;

	dev_attr_path(path, sizeof(path), dev, "driver");
	rc = sysfs_readlink(path, target, sizeof(target));
	buf[0] = '\0';
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	snprintf(buf, len, "%s", path_basename(target));
	return 0;
}

static int drv_write(struct daxctl_ctx *ctx, const char *drv,
		const char *attr, const char *dev)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), DAX_DRIVERS_DIR "/%s/%s", drv, attr);
	return sysfs_write(ctx, path, dev, true);
}

static int undo_block(struct daxctl_ctx *ctx, unsigned long idx,
		bool want_online, const char *how);

/*
 * Offline every online block wholly inside @dev's ranges (the kernel's
 * auto-online policy may have onlined blocks that no step recorded):
 * unbinding kmem with a block online would leave that memory in use with
 * no device. Returns 0 or the -errno of the block that stayed online.
 */
static int offline_dev_blocks(struct daxctl_ctx *ctx, const char *dev)
{
	unsigned long bs = ctx_block_size(ctx);
	char ranges[4096], *r, *save = NULL;
	unsigned long long s, e, b, first, last_excl;
	int rc;

	if (!bs)
		return -ENXIO;
	rc = undo_read_ranges(ctx, dev, ranges, sizeof(ranges));
	if (rc || strcmp(ranges, "-") == 0)
		return rc;
	for (r = strtok_r(ranges, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		if (sscanf(r, "%llx-%llx", &s, &e) != 2)
			return -EINVAL;
		memblock_span(s, e, bs, &first, &last_excl);
		for (b = first; b < last_excl; b++) {
			rc = undo_block(ctx, (unsigned long)b, false, "offline");
			if (rc && rc != -ENOENT)
				return rc;
		}
	}
	return 0;
}

/* Undo of a bind: unbind @dev from @drv (remove_id, then unbind). */
static int undo_bind(struct daxctl_ctx *ctx, const char *dev, const char *drv)
{
	char cur[64];
	int rc = dev_driver(dev, cur, sizeof(cur));

	if (rc || strcmp(cur, drv) != 0)
		return rc;
	if (strcmp(drv, "kmem") == 0) {
		rc = offline_dev_blocks(ctx, dev);
		if (rc)
			return rc;
	}
	drv_write(ctx, drv, "remove_id", dev);
	rc = drv_write(ctx, drv, "unbind", dev);
	if (dev_driver(dev, cur, sizeof(cur)) == 0 && !cur[0])
		return 0;
	return rc ? rc : -EBUSY;
}

/* Undo of an unbind: bind @dev to @drv again, bind first. */
int undo_unbind(struct daxctl_ctx *ctx, const char *dev, const char *drv)
{
	char cur[64];
	int rc = dev_driver(dev, cur, sizeof(cur));

	if (rc)
		return rc;
	if (cur[0])
		return strcmp(cur, drv) == 0 ? 0 : -EBUSY;
	rc = drv_write(ctx, drv, "bind", dev);
	if (dev_driver(dev, cur, sizeof(cur)) == 0 && strcmp(cur, drv) == 0)
		return 0;
	if (rc != -ENODEV)
		return rc ? rc : -ENXIO;
	rc = drv_write(ctx, drv, "new_id", dev);
	if (rc == 0 && dev_driver(dev, cur, sizeof(cur)) == 0 && !cur[0])
		rc = drv_write(ctx, drv, "bind", dev);
	if (dev_driver(dev, cur, sizeof(cur)) == 0 && strcmp(cur, drv) == 0)
		return 0;
	drv_write(ctx, drv, "remove_id", dev);
	return rc ? rc : -ENXIO;
}

/*
 * The device a create step made: @dev once it was named; else the region's
 * youngest device if it is not @before, the youngest before the write (the
 * process died between the write and naming it). NULL: none was made.
 */
static const char *created_dev(struct daxctl_ctx *ctx, const char *region_path,
		const char *dev, const char *before, char *buf, size_t len)
{
	char path[PATH_MAX];

	if (strcmp(dev, "-") != 0)
		return dev;
	if (!before[0])
		return NULL;	/* a journal of an older version: not knowable */
	snprintf(path, sizeof(path), "%s/dax_region/create", region_path);
	if (sysfs_read(ctx, path, buf, len) || !buf[0] || strcmp(buf, before) == 0)
		return NULL;
	return buf;
}

/* Undo of a create: delete the device it made if it is still idle. */
static int undo_create(struct daxctl_ctx *ctx, const char *region_path,
		const char *dev, const char *before)
{
	char path[PATH_MAX], drv[64], made[64];
	unsigned long long size;
	int rc;

	dev = created_dev(ctx, region_path, dev, before, made, sizeof(made));
	if (!dev)
		return 0;
	rc = read_dev_ull(ctx, dev, "size", &size);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	rc = dev_driver(dev, drv, sizeof(drv));
	if (rc)
		return rc;
	if (size || drv[0])
		return -EBUSY;
	snprintf(path, sizeof(path), "%s/dax_region/delete", region_path);
	return sysfs_write(ctx, path, dev, false);
}

static int block_state(struct daxctl_ctx *ctx, unsigned long idx,
		bool *online)
{
	char path[128], buf[64];
	int rc;

	snprintf(path, sizeof(path), MEMORY_DIR "/memory%lu/state", idx);
	rc = sysfs_read(ctx, path, buf, sizeof(buf));
	if (rc)
		return rc;
	*online = strncmp(buf, "online", 6) == 0;
	return 0;
}

/* Set block @idx to @how unless it already is online (@want_online) or offline. */
static int undo_block(struct daxctl_ctx *ctx, unsigned long idx,
		bool want_online, const char *how)
{
	char path[128];
	bool online;
	int rc;

	rc = block_state(ctx, idx, &online);
	if (rc)
		return rc;
	if (online == want_online)
		return 0;
	snprintf(path, sizeof(path), MEMORY_DIR "/memory%lu/state", idx);
	rc = sysfs_write(ctx, path, how, false);
	if (rc && block_state(ctx, idx, &online) == 0 && online == want_online)
		return 0;
	return rc;
}

/* Undo of a memmap_on_memory write: put the value before back. */
static int undo_memmap(struct daxctl_ctx *ctx, const char *dev, const char *old)
{
	char path[PATH_MAX], cur[16];
	int rc = dev_attr_path(path, sizeof(path), dev, "memmap_on_memory");

	if (rc)
		return rc;
	rc = sysfs_read(ctx, path, cur, sizeof(cur));
	if (rc == -ENOENT)
		return 0;	/* the device is gone */
	if (rc == 0 && strcmp(cur, old) == 0)
		return 0;
	return sysfs_write(ctx, path, old, false);
}

/*
 * Undo of a kmem state write: back to @old. From "unplugged" anything can be
 * reached but "offline" (blocks present and offline, as kmem left them
 * under auto_online_blocks=offline): that one cannot be written, so it is
 * left unplugged, which holds no memory either, and reported.
 */
static int undo_hotplug(struct daxctl_ctx *ctx, const char *dev, const char *old)
{
	char path[PATH_MAX], cur[32];
	int rc = dev_attr_path(path, sizeof(path), dev, "state");

	if (rc)
		return rc;
	rc = sysfs_read(ctx, path, cur, sizeof(cur));
	if (rc == -ENOENT)
		return 0;	/* no longer bound to kmem: nothing to put back */
	if (rc || strcmp(cur, old) == 0)
		return rc;
	if (strcmp(cur, "unplugged") != 0) {
		rc = sysfs_write(ctx, path, "unplugged", false);
		if (rc || strcmp(old, "unplugged") == 0)
			return rc;
	}
	if (strcmp(old, "offline") == 0 || strcmp(old, "unknown") == 0)
		return -EOPNOTSUPP;
	return sysfs_write(ctx, path, old, false);
}

/* Undo @step. Returns 0 or the -errno that left it in place. */
int undo_step(struct daxctl_ctx *ctx, const char *region_path,
		struct daxctl_txn_step *step)
{
	switch (step->kind) {
	case STEP_CREATE:
		return undo_create(ctx, region_path, step->dev, step->arg);
	case STEP_SIZE:
		return undo_size(ctx, step->dev, step->arg);
	case STEP_ALIGN:
		return undo_align(ctx, step->dev, step->arg);
	case STEP_BIND:
		return undo_bind(ctx, step->dev, step->arg);
	case STEP_UNBIND:
		return undo_unbind(ctx, step->dev, step->arg);
	case STEP_ONLINE:
		return undo_block(ctx, strtoul(step->arg, NULL, 10), false,
				"offline");
	case STEP_MEMMAP:
		return undo_memmap(ctx, step->dev, step->arg);
	case STEP_HOTPLUG:
		return undo_hotplug(ctx, step->dev, step->arg);
	case STEP_OFFLINE:
		return undo_block(ctx, strtoul(step->arg, NULL, 10), true,
				strstr(step->arg, " Movable") ?
				"online_movable" : "online_kernel");
	}
	return -EINVAL;
}

/* The attribute an undo of @step writes, for the report of what is left. */
void undo_target(const char *region_path, const struct daxctl_txn_step *step,
		char *buf, size_t len)
{
	switch (step->kind) {
	case STEP_CREATE:
		snprintf(buf, len, "%s/dax_region/delete", region_path);
		break;
	case STEP_SIZE:
		snprintf(buf, len, DAX_BUS_DEVICES "/%s/size", step->dev);
		break;
	case STEP_ALIGN:
		snprintf(buf, len, DAX_BUS_DEVICES "/%s/align", step->dev);
		break;
	case STEP_BIND:
		snprintf(buf, len, DAX_DRIVERS_DIR "/%s/unbind", step->arg);
		break;
	case STEP_UNBIND:
		snprintf(buf, len, DAX_DRIVERS_DIR "/%s/bind", step->arg);
		break;
	case STEP_MEMMAP:
		snprintf(buf, len, DAX_BUS_DEVICES "/%s/memmap_on_memory", step->dev);
		break;
	case STEP_HOTPLUG:
		snprintf(buf, len, DAX_BUS_DEVICES "/%s/state", step->dev);
		break;
	case STEP_ONLINE:
	case STEP_OFFLINE:
		snprintf(buf, len, MEMORY_DIR "/memory%lu/state",
				strtoul(step->arg, NULL, 10));
		break;
	}
}
