// SPDX-License-Identifier: LGPL-2.1-or-later
/* dax regions: discovery through /sys/bus/dax and /sys/class/dax. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <uuid/uuid.h>

#include "private.h"

void region_free(struct daxctl_region *region)
{
	struct daxctl_dev *dev, *next;

	list_for_each_safe(&region->devices, dev, next, list)
		dev_free(dev);
	if (region->txn)
		region->txn->region = NULL;
	if (region->lock_count > 0)
		close(region->lock_fd);
	list_del(&region->list);
	free(region->path);
	free(region->devname);
	free(region);
}

/* "<region path>/dax_region/<attr>", malloc'ed, or NULL. */
static char *region_attr_path(struct daxctl_region *region, const char *attr)
{
	char *p;

	if (asprintf(&p, "%s/dax_region/%s", region->path, attr) < 0)
		return NULL;
	return p;
}

static int read_region_ull(struct daxctl_region *region, const char *attr,
		unsigned long long *val)
{
	_cleanup_free_ char *path = region_attr_path(region, attr);

	if (!path)
		return -ENOMEM;
	return sysfs_read_ull(region->ctx, path, 0, val);
}

/*
 * Find or add the region living at @path (the provider device that holds
 * dax_region/). size and align are read once here.
 */
struct daxctl_region *region_add(struct daxctl_ctx *ctx, int id,
		const char *path)
{
	struct daxctl_region *region;
	unsigned long long v;

	list_for_each(&ctx->regions, region, list)
		if (strcmp(region->path, path) == 0)
			return region;

	region = calloc(1, sizeof(*region));
	if (!region)
		return NULL;
	region->ctx = ctx;
	region->refcount = 1;
	region->id = id;
	region->size = ULLONG_MAX;
	region->align = ULONG_MAX;
	region->lock_fd = -1;
	list_head_init(&region->devices);
	list_node_init(&region->list);
	region->path = strdup(path);
	region->devname = strdup(path_basename(path));
	if (!region->path || !region->devname) {
		region_free(region);
		return NULL;
	}

	if (read_region_ull(region, "size", &v) == 0)
		region->size = v;
	if (read_region_ull(region, "align", &v) == 0)
		region->align = (unsigned long)v;

	/* newest first, as the reference library lists them */
	list_add(&ctx->regions, &region->list);
	dbg(ctx, "region %s id %d added\n", region->path, id);
	return region;
}

/* Parse "dax<R>.<D>" exactly; returns true and fills the ids. */
static bool parse_devname(const char *name, int *region_id, int *dev_id)
{
	int n = 0;

	if (sscanf(name, "dax%d.%d%n", region_id, dev_id, &n) != 2)
		return false;
	return name[n] == '\0';
}

/* Has this scan found region @rid's path already? If not, remember it as found. */
static bool region_seen(int **seen, size_t *nr, size_t *cap, int rid, bool add)
{
	size_t i;

	for (i = 0; i < *nr; i++)
		if ((*seen)[i] == rid)
			return true;
	if (add) {
		if (*nr == *cap) {
			size_t ncap = *cap ? *cap * 2 : 16;
			int *n = realloc(*seen, ncap * sizeof(**seen));

			if (!n)
				return false;	/* resolve the next one again */
			*seen = n;
			*cap = ncap;
		}
		(*seen)[(*nr)++] = rid;
	}
	return false;
}

/*
 * The regions of the devices under @dir_path. The kernel names a device
 * daxR.D after its region R, and all of R's devices have one parent: one
 * link per region is resolved, not one per device.
 */
static void scan_subsystem(struct daxctl_ctx *ctx, const char *dir_path,
		bool class_model)
{
	_cleanup_free_ int *seen = NULL;
	size_t nr_seen = 0, cap = 0;
	struct dirent *de;
	DIR *dir = opendir(dir_path);

	if (!dir) {
		dbg(ctx, "no dax devices under %s\n", dir_path);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		_cleanup_free_ char *real = NULL;
		int rid, did;
		char *slash;

		if (de->d_ino == 0 || !parse_devname(de->d_name, &rid, &did))
			continue;
		if (region_seen(&seen, &nr_seen, &cap, rid, false))
			continue;
		real = path_resolve_link(dir_path, de->d_name);
		if (!real) {
			/* a device deleted by another process during the scan */
			if (errno == ENOENT)
				dbg(ctx, "%s: gone during the scan\n", de->d_name);
			else
				err(ctx, "%s: unable to resolve the device path\n",
						de->d_name);
			continue;
		}
		/* bus: <region>/daxR.D, class: <region>/dax/daxR.D */
		slash = strrchr(real, '/');
		if (slash && slash != real)
			*slash = '\0';
		if (class_model) {
			slash = strrchr(real, '/');
			if (slash && slash != real)
				*slash = '\0';
		}
		if (!region_add(ctx, rid, real))
			err(ctx, "failed to add the region of %s\n", de->d_name);
		else
			region_seen(&seen, &nr_seen, &cap, rid, true);
	}
	closedir(dir);
}

static void regions_init(struct daxctl_ctx *ctx)
{
	if (ctx->regions_init)
		return;
	ctx->regions_init = true;
	scan_subsystem(ctx, DAX_CLASS_DIR, true);
	scan_subsystem(ctx, DAX_BUS_DEVICES, false);
}

static void scan_region_dir(struct daxctl_region *region, const char *dir_path)
{
	struct daxctl_ctx *ctx = region->ctx;
	struct dirent *de;
	DIR *dir = opendir(dir_path);

	if (!dir)
		return;
	while ((de = readdir(dir)) != NULL) {
		_cleanup_free_ char *path = NULL;
		int rid, did;

		if (de->d_ino == 0 || !parse_devname(de->d_name, &rid, &did))
			continue;
		if (rid != region->id)
			continue;
		path = path_join(dir_path, de->d_name);
		if (!path || !dev_add(region, did, path))
			dbg(ctx, "%s: not added\n", de->d_name);
	}
	closedir(dir);
}

/* (Re)scan the region's directory; already known devices are kept. */
void region_scan_devices(struct daxctl_region *region)
{
	_cleanup_free_ char *class_dir = NULL;

	region->devices_init = true;
	scan_region_dir(region, region->path);
	class_dir = path_join(region->path, "dax");
	if (class_dir)
		scan_region_dir(region, class_dir);
}

/**
 * daxctl_new_region - register a region known to another library
 * @ctx: library context
 * @id: region id (the R in daxR.D)
 * @uuid: region uuid, reported by daxctl_region_get_uuid()
 * @path: sysfs directory that holds dax_region/ and the daxR.D devices
 *
 * Used by libndctl and libcxl. A region with the same @path is returned
 * instead of a duplicate. Returns the region or NULL.
 */
DAXCTL_EXPORT struct daxctl_region *daxctl_new_region(struct daxctl_ctx *ctx,
		int id, uuid_t uuid, const char *path)
{
	struct daxctl_region *region;

	if (!ctx || !path)
		return NULL;
	region = region_add(ctx, id, path);
	if (region && uuid)
		uuid_copy(region->uuid, uuid);
	return region;
}

/**
 * daxctl_region_get_first - first region of the system
 * @ctx: library context
 *
 * The first call lists /sys/class/dax and /sys/bus/dax/devices. Regions
 * come in the reference library's order (reverse of discovery).
 */
DAXCTL_EXPORT struct daxctl_region *daxctl_region_get_first(
		struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	regions_init(ctx);
	return list_top(&ctx->regions, struct daxctl_region, list);
}

/**
 * daxctl_region_get_next - region after @region, or NULL
 * @region: a region
 */
DAXCTL_EXPORT struct daxctl_region *daxctl_region_get_next(
		struct daxctl_region *region)
{
	if (!region)
		return NULL;
	return list_next(&region->ctx->regions, region, list);
}

/**
 * daxctl_region_ref - take a reference on a region
 * @region: a region
 */
DAXCTL_EXPORT void daxctl_region_ref(struct daxctl_region *region)
{
	if (region)
		region->refcount++;
}

/**
 * daxctl_region_unref - drop a region reference
 * @region: a region
 *
 * At zero the region and its devices are freed and leave the context's
 * list. Regions start with one reference held by the context.
 */
DAXCTL_EXPORT void daxctl_region_unref(struct daxctl_region *region)
{
	if (!region)
		return;
	if (--region->refcount > 0)
		return;
	dbg(region->ctx, "%s: released\n", region->devname);
	region_free(region);
}

/**
 * daxctl_region_get_uuid - copy the uuid given to daxctl_new_region()
 * @region: a region
 * @uu: receives the uuid (all zero for regions found in sysfs)
 */
DAXCTL_EXPORT void daxctl_region_get_uuid(struct daxctl_region *region,
		uuid_t uu)
{
	uuid_copy(uu, region->uuid);
}

/**
 * daxctl_region_get_id - region id, the R of its daxR.D devices
 * @region: a region
 */
DAXCTL_EXPORT int daxctl_region_get_id(struct daxctl_region *region)
{
	return region->id;
}

/**
 * daxctl_region_get_ctx - context of a region
 * @region: a region
 */
DAXCTL_EXPORT struct daxctl_ctx *daxctl_region_get_ctx(
		struct daxctl_region *region)
{
	return region->ctx;
}

/**
 * daxctl_region_get_available_size - unallocated bytes of the region
 * @region: a region
 *
 * Read from dax_region/available_size on every call. Returns 0 when the
 * attribute is absent (static regions) or unreadable.
 */
DAXCTL_EXPORT unsigned long long daxctl_region_get_available_size(
		struct daxctl_region *region)
{
	_cleanup_free_ char *path = NULL;
	char buf[SYSFS_ATTR_SIZE], *end;
	unsigned long long v;

	path = region_attr_path(region, "available_size");
	if (!path)
		return 0;
	if (sysfs_read(region->ctx, path, buf, sizeof(buf)) < 0)
		return 0;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (!buf[0] || *end || errno)
		return 0;
	return v;
}

/**
 * daxctl_region_get_size - region size in bytes
 * @region: a region
 *
 * Read once, when the region is found. ULLONG_MAX if unreadable.
 */
DAXCTL_EXPORT unsigned long long daxctl_region_get_size(
		struct daxctl_region *region)
{
	return region->size;
}

/**
 * daxctl_region_get_align - region alignment in bytes
 * @region: a region
 *
 * Read once, when the region is found. dax_region/align is 0400, so this
 * is ULONG_MAX for unprivileged callers.
 */
DAXCTL_EXPORT unsigned long daxctl_region_get_align(
		struct daxctl_region *region)
{
	return region->align;
}

/**
 * daxctl_region_get_devname - last component of the region's path
 * @region: a region
 */
DAXCTL_EXPORT const char *daxctl_region_get_devname(
		struct daxctl_region *region)
{
	return region->devname;
}

/**
 * daxctl_region_get_path - sysfs directory holding dax_region/
 * @region: a region
 */
DAXCTL_EXPORT const char *daxctl_region_get_path(struct daxctl_region *region)
{
	return region->path;
}

/**
 * daxctl_region_create_dev - ask the kernel for a new zero-sized device
 * @region: a dynamic region
 *
 * Writes dax_region/create. The new device becomes the region's seed if
 * it had none; find it with daxctl_region_get_dev_seed().
 * Returns 0 or -errno (-ENOSPC when the region is full, -ENOENT for
 * static regions).
 */
DAXCTL_EXPORT int daxctl_region_create_dev(struct daxctl_region *region)
{
	_cleanup_free_ char *path = NULL;
	char made[64];
	int rc;

	path = region_attr_path(region, "create");
	if (!path)
		return -ENOMEM;
	/*
	 * The youngest device before the write (`create` reads back the device
	 * the last create made): if we die before naming ours, the undo still
	 * tells it from the ones that were there.
	 */
	if (region->txn && (sysfs_read(region->ctx, path, made, sizeof(made)) ||
				!made[0]))
		snprintf(made, sizeof(made), "-");
	rc = txn_record(region, STEP_CREATE, "-", region->txn ? made : NULL);
	if (rc)
		return rc;
	rc = sysfs_write(region->ctx, path, "1", false);
	txn_done(region, rc);
	/* reading create back names the device this write made */
	if (rc == 0 && region->txn &&
	    sysfs_read(region->ctx, path, made, sizeof(made)) == 0 && made[0])
		txn_name_created(region, made);
	return rc;
}

/**
 * daxctl_region_destroy_dev - delete an idle device of a region
 * @region: the device's region
 * @dev: a device with size 0 and no driver
 *
 * Writes the device name to dax_region/delete. On success @dev stays
 * valid until the context is freed but is no longer listed.
 * Returns 0 or -errno (-EBUSY: still sized, bound, or id 0).
 */
DAXCTL_EXPORT int daxctl_region_destroy_dev(struct daxctl_region *region,
		struct daxctl_dev *dev)
{
	_cleanup_free_ char *path = NULL;
	int rc;

	if (!region || !dev)
		return -EINVAL;
	path = region_attr_path(region, "delete");
	if (!path)
		return -ENOMEM;
	rc = sysfs_write(region->ctx, path, dev->devname, false);
	if (rc == 0)
		dev->deleted = true;
	return rc;
}

static struct daxctl_dev *find_dev(struct daxctl_region *region,
		const char *name)
{
	struct daxctl_dev *dev;

	daxctl_dev_foreach(region, dev)
		if (strcmp(dev->devname, name) == 0)
			return dev;
	return NULL;
}

/**
 * daxctl_region_get_dev_by_id - one device of a region, by its id
 * @region: a region
 * @id: the D of daxR.D
 *
 * Before the region's devices are listed, only that device's directory is
 * read: a lookup on a region of thousands of devices costs what it costs
 * on a region of one. The device takes its place in the listing order
 * when the region is listed. Returns the device, or NULL if there is none
 * or it is one the listing skips (no /dev node, no readable size,
 * destroyed).
 */
DAXCTL_EXPORT struct daxctl_dev *daxctl_region_get_dev_by_id(
		struct daxctl_region *region, int id)
{
	_cleanup_free_ char *path = NULL;
	struct daxctl_dev *dev;
	char name[32];

	if (!region || id < 0)
		return NULL;
	if (region->devices_init) {
		daxctl_dev_foreach(region, dev)
			if (dev->id == id)
				return dev;
		return NULL;
	}
	list_for_each(&region->devices, dev, list)
		if (dev->id == id)
			return dev->deleted ? NULL : dev;
	snprintf(name, sizeof(name), "dax%d.%d", region->id, id);
	/* bus: <region>/daxR.D, class: <region>/dax/daxR.D */
	if (asprintf(&path, "%s/%s", region->path, name) < 0)
		return NULL;
	if (access(path, F_OK) < 0) {
		free(path);
		if (asprintf(&path, "%s/dax/%s", region->path, name) < 0) {
			path = NULL;
			return NULL;
		}
	}
	dev = dev_add(region, id, path);
	if (dev)
		dev->looked_up = true;
	return dev;
}

/**
 * daxctl_region_get_dev_seed - the region's seed device
 * @region: a dynamic region
 *
 * Reads dax_region/seed on every call. A seed created since the devices
 * were listed is picked up by a rescan. Returns NULL if there is none.
 */
DAXCTL_EXPORT struct daxctl_dev *daxctl_region_get_dev_seed(
		struct daxctl_region *region)
{
	_cleanup_free_ char *path = NULL;
	char buf[SYSFS_ATTR_SIZE];
	struct daxctl_dev *dev;

	path = region_attr_path(region, "seed");
	if (!path)
		return NULL;
	if (sysfs_read(region->ctx, path, buf, sizeof(buf)) < 0 || !buf[0])
		return NULL;
	dev = find_dev(region, buf);
	if (!dev) {
		region_scan_devices(region);
		dev = find_dev(region, buf);
	}
	return dev;
}

/**
 * daxctl_region_is_dynamic - can devices be created in the region
 * @region: a region
 *
 * True when the kernel offers dax_region/create (dynamic regions: hmem,
 * CXL, dax_memmap); false for static ones (a pmem namespace's region,
 * whose one device has the region's fixed size), or if unknown.
 */
DAXCTL_EXPORT int daxctl_region_is_dynamic(struct daxctl_region *region)
{
	_cleanup_free_ char *path = NULL;

	if (!region)
		return 0;
	path = region_attr_path(region, "create");
	return path && access(path, F_OK) == 0;
}
