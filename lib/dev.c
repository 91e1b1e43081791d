// SPDX-License-Identifier: LGPL-2.1-or-later
/* dax devices: attributes, resize, align, ranges, driver binding. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <libkmod.h>

#include "private.h"

void dev_free(struct daxctl_dev *dev)
{
	memory_free(dev);
	mappings_free(dev);
	if (dev->module)
		kmod_module_unref(dev->module);
	list_del(&dev->list);
	free(dev->path);
	free(dev);
}

static int read_attr_ull(struct daxctl_dev *dev, const char *attr, int base,
		unsigned long long *val)
{
	_cleanup_free_ char *path = path_join(dev->path, attr);

	if (!path)
		return -ENOMEM;
	return sysfs_read_ull(dev->region->ctx, path, base, val);
}

static unsigned long long read_resource(struct daxctl_dev *dev)
{
	unsigned long long v;

	/* resource is 0400: fall back to /proc/iomem like the reference */
	if (read_attr_ull(dev, "resource", 0, &v) == 0)
		return v;
	return ctx_iomem_resource(dev->region->ctx, dev->devname);
}

/* The device @id @region holds already (not destroyed), or NULL. */
static struct daxctl_dev *known_dev(struct daxctl_region *region, int id)
{
	struct daxctl_dev *dev;

	list_for_each(&region->devices, dev, list) {
		if (dev->deleted || dev->id != id)
			continue;
		/* found by a lookup: now listed, it takes its place in the order */
		if (dev->looked_up) {
			dev->looked_up = false;
			list_del(&dev->list);
			list_add(&region->devices, &dev->list);
		}
		return dev;
	}
	return NULL;
}

/*
 * Add the device at @path (daxR.D directory) to @region, or return the
 * known one with the same id. Devices without a /dev node or without a
 * readable size are skipped, as by the reference library.
 */
struct daxctl_dev *dev_add(struct daxctl_region *region, int id,
		const char *path)
{
	struct daxctl_ctx *ctx = region->ctx;
	struct daxctl_dev *dev;
	unsigned long long v;
	char devnode[PATH_MAX];
	struct stat st;

	dev = known_dev(region, id);
	if (dev)
		return dev;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return NULL;
	dev->region = region;
	dev->id = id;
	dev->target_node = -1;
	list_head_init(&dev->mappings);
	list_head_init(&dev->stale_mappings);
	list_node_init(&dev->list);
	dev->path = strdup(path);
	if (!dev->path)
		goto fail;
	dev->devname = path_basename(dev->path);

	snprintf(devnode, sizeof(devnode), "/dev/%s", dev->devname);
	if (stat(devnode, &st) < 0) {
		dbg(ctx, "%s: no device node: %s\n", dev->devname,
				strerror(errno));
		goto fail;
	}
	dev->major = (int)major(st.st_rdev);
	dev->minor = (int)minor(st.st_rdev);

	dev->resource = read_resource(dev);
	if (read_attr_ull(dev, "size", 0, &v) < 0) {
		dbg(ctx, "%s: size unreadable\n", dev->devname);
		goto fail;
	}
	dev->size = v;
	if (read_attr_ull(dev, "align", 0, &v) == 0)
		dev->align = (unsigned long)v;
	if (read_attr_ull(dev, "target_node", 0, &v) == 0)
		dev->target_node = (int)(long long)v;

	list_add(&region->devices, &dev->list);
	dbg(ctx, "%s: added\n", dev->devname);
	return dev;
fail:
	free(dev->path);
	free(dev);
	return NULL;
}

/*
 * dax-bus or legacy dax-class device: decided once from the device's
 * subsystem link (one readlink).
 */
enum dax_model dev_model(struct daxctl_dev *dev)
{
	_cleanup_free_ char *path = NULL;
	char target[PATH_MAX];
	size_t n;

	if (dev->model != DAX_MODEL_UNKNOWN)
		return dev->model;
	path = path_join(dev->path, "subsystem");
	if (!path || sysfs_readlink(path, target, sizeof(target)) < 0) {
		err(dev->region->ctx, "%s: unable to determine subsys\n",
				dev->devname);
		return DAX_MODEL_UNKNOWN;
	}
	n = strlen(target);
	if (n >= 8 && strcmp(target + n - 8, "/bus/dax") == 0)
		dev->model = DAX_MODEL_BUS;
	else
		dev->model = DAX_MODEL_CLASS;
	return dev->model;
}

/*
 * Name of the bound driver into @buf. Returns 0, -ENODEV when unbound,
 * or another -errno.
 */
int dev_driver_name(struct daxctl_dev *dev, char *buf, size_t len)
{
	_cleanup_free_ char *path = path_join(dev->path, "driver");
	char target[PATH_MAX];
	int rc;

	if (!path)
		return -ENOMEM;
	rc = sysfs_readlink(path, target, sizeof(target));
	if (rc == -ENOENT || rc == -EINVAL)
		return -ENODEV;
	if (rc < 0)
		return rc;
	snprintf(buf, len, "%s", path_basename(target));
	return 0;
}

static struct daxctl_dev *skip_deleted(struct daxctl_region *region,
		struct daxctl_dev *dev)
{
	while (dev && dev->deleted)
		dev = list_next(&region->devices, dev, list);
	return dev;
}

/**
 * daxctl_dev_get_first - first device of a region
 * @region: a region
 *
 * The first call lists the region's directory. Devices without a /dev
 * node are not listed. Order: reverse of directory order, as upstream.
 */
DAXCTL_EXPORT struct daxctl_dev *daxctl_dev_get_first(
		struct daxctl_region *region)
{
	if (!region)
		return NULL;
	if (!region->devices_init)
		region_scan_devices(region);
	return skip_deleted(region,
			list_top(&region->devices, struct daxctl_dev, list));
}

/**
 * daxctl_dev_get_next - device after @dev in its region, or NULL
 * @dev: a device
 */
DAXCTL_EXPORT struct daxctl_dev *daxctl_dev_get_next(struct daxctl_dev *dev)
{
	struct daxctl_region *region;

	if (!dev)
		return NULL;
	region = dev->region;
	return skip_deleted(region, list_next(&region->devices, dev, list));
}

/**
 * daxctl_dev_get_region - region of a device
 * @dev: a device
 */
DAXCTL_EXPORT struct daxctl_region *daxctl_dev_get_region(
		struct daxctl_dev *dev)
{
	return dev->region;
}

/**
 * daxctl_dev_get_ctx - context of a device
 * @dev: a device
 */
DAXCTL_EXPORT struct daxctl_ctx *daxctl_dev_get_ctx(struct daxctl_dev *dev)
{
	return dev->region->ctx;
}

/**
 * daxctl_dev_get_id - device id, the D of daxR.D
 * @dev: a device
 */
DAXCTL_EXPORT int daxctl_dev_get_id(struct daxctl_dev *dev)
{
	return dev->id;
}

/**
 * daxctl_dev_get_devname - device name, "daxR.D"
 * @dev: a device
 */
DAXCTL_EXPORT const char *daxctl_dev_get_devname(struct daxctl_dev *dev)
{
	return dev->devname;
}

/**
 * daxctl_dev_get_major - major number of /dev/daxR.D
 * @dev: a device
 */
DAXCTL_EXPORT int daxctl_dev_get_major(struct daxctl_dev *dev)
{
	return dev->major;
}

/**
 * daxctl_dev_get_minor - minor number of /dev/daxR.D
 * @dev: a device
 */
DAXCTL_EXPORT int daxctl_dev_get_minor(struct daxctl_dev *dev)
{
	return dev->minor;
}

/**
 * daxctl_dev_get_resource - physical start of the device's first range
 * @dev: a device
 *
 * From the 0400 resource attribute, else from /proc/iomem; 0 when
 * neither is readable. A zero-sized device reports its region's start.
 */
DAXCTL_EXPORT unsigned long long daxctl_dev_get_resource(
		struct daxctl_dev *dev)
{
	return dev->resource;
}

/**
 * daxctl_dev_get_size - device size in bytes (sum of its ranges)
 * @dev: a device
 *
 * Read when the device is found; updated by daxctl_dev_set_size() and
 * daxctl_dev_set_mapping().
 */
DAXCTL_EXPORT unsigned long long daxctl_dev_get_size(struct daxctl_dev *dev)
{
	return dev->size;
}

/*
 * Inside a transaction, record how to undo a write of @attr (size,
 * mapping: the ranges now; align: the align now). Returns 0 or -errno.
 */
static int record_setting(struct daxctl_dev *dev, const char *attr)
{
	struct daxctl_region *region = dev->region;
	char old[4096];
	int rc;

	if (!region->txn)
		return 0;
	if (strcmp(attr, "align") == 0) {
		snprintf(old, sizeof(old), "%#lx", dev->align);
		return txn_record(region, STEP_ALIGN, dev->devname, old);
	}
	rc = undo_read_ranges(region->ctx, dev->devname, old, sizeof(old));
	if (rc)
		return rc;
	return txn_record(region, STEP_SIZE, dev->devname, old);
}

/*
 * Write @val to the device's attribute @attr (size, align, mapping),
 * recorded by an active transaction. Returns 0, -ENOMEM, the -errno of
 * recording it, or when the kernel refused its exact -errno if @exact or
 * inside a transaction, else -ENXIO: outside a transaction the
 * LIBDAXCTL_8 setters keep upstream's answer (the exact errno also goes
 * to the write observer). Failures are logged as coming
 * from @fn (the exported caller).
 */
static int write_setting(struct daxctl_dev *dev, const char *attr,
		const char *val, const char *fn, bool exact)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);
	_cleanup_free_ char *path = path_join(dev->path, attr);
	int rc;

	if (!path)
		return -ENOMEM;
	rc = record_setting(dev, attr);
	if (rc)
		return rc;
	rc = sysfs_write(ctx, path, val, false);
	txn_done(dev->region, rc);
	if (rc < 0) {
		err_as(ctx, fn, "%s: failed to set %s\n", dev->devname, attr);
		return exact || dev->region->txn ? rc : -ENXIO;
	}
	return 0;
}


/**
 * daxctl_dev_set_size - resize an unbound device of a dynamic region
 * @dev: a device
 * @size: new size in bytes, a multiple of the device's alignment
 *
 * Growing allocates from the region's free space, shrinking releases the
 * end of the last ranges. Returns 0, or -ENXIO if the kernel refused (its
 * exact -errno inside a transaction, see daxctl_txn_begin()).
 */
DAXCTL_EXPORT int daxctl_dev_set_size(struct daxctl_dev *dev,
		unsigned long long size)
{
	return dev_set_size(dev, size, false);
}

/* daxctl_dev_set_size(), with the kernel's errno when @exact. */
int dev_set_size(struct daxctl_dev *dev, unsigned long long size, bool exact)
{
	char buf[64];
	int rc;

	snprintf(buf, sizeof(buf), "%#llx\n", size);
	rc = write_setting(dev, "size", buf, "daxctl_dev_set_size", exact);
	if (rc)
		return rc;
	dev->size = size;
	dev->resource = read_resource(dev);
	mappings_invalidate(dev);
	return 0;
}

/**
 * daxctl_dev_get_align - device alignment in bytes
 * @dev: a device
 *
 * 0 on kernels without a per-device align attribute (before 5.10).
 */
DAXCTL_EXPORT unsigned long daxctl_dev_get_align(struct daxctl_dev *dev)
{
	return dev->align;
}

/**
 * daxctl_dev_set_align - set the alignment of an unbound device
 * @dev: a device
 * @align: 4096, 2M or 1G
 *
 * Returns 0, or -ENXIO if the kernel refused (its exact -errno inside
 * a transaction, see daxctl_txn_begin()).
 */
DAXCTL_EXPORT int daxctl_dev_set_align(struct daxctl_dev *dev,
		unsigned long align)
{
	return dev_set_align(dev, align, false);
}

/* daxctl_dev_set_align(), with the kernel's errno when @exact. */
int dev_set_align(struct daxctl_dev *dev, unsigned long align, bool exact)
{
	char buf[64];
	int rc;

	snprintf(buf, sizeof(buf), "%#lx\n", align);
	rc = write_setting(dev, "align", buf, "daxctl_dev_set_align", exact);
	if (rc)
		return rc;
	dev->align = align;
	return 0;
}

/**
 * daxctl_dev_set_mapping - append the physical range @start..@end
 * @dev: a device of a dynamic region
 * @start: first byte
 * @end: last byte (inclusive)
 *
 * The range must be free in the region; it becomes the device's last
 * range. Returns 0, or -ENXIO if the kernel refused (its exact -errno
 * inside a transaction, see daxctl_txn_begin()).
 */
DAXCTL_EXPORT int daxctl_dev_set_mapping(struct daxctl_dev *dev,
		unsigned long long start, unsigned long long end)
{
	return dev_set_mapping(dev, start, end, false);
}

/* daxctl_dev_set_mapping(), with the kernel's errno when @exact. */
int dev_set_mapping(struct daxctl_dev *dev, unsigned long long start,
		unsigned long long end, bool exact)
{
	char buf[128];
	int rc;

	snprintf(buf, sizeof(buf), "%#llx-%#llx\n", start, end);
	rc = write_setting(dev, "mapping", buf, "daxctl_dev_set_mapping",
			exact);
	if (rc)
		return rc;
	dev->size += end - start + 1;
	if (!dev->resource)
		dev->resource = read_resource(dev);
	mappings_invalidate(dev);
	return 0;
}

/**
 * daxctl_dev_get_target_node - NUMA node the device's memory would join
 * @dev: a device
 *
 * -1 when the kernel hides target_node.
 */
DAXCTL_EXPORT int daxctl_dev_get_target_node(struct daxctl_dev *dev)
{
	return dev->target_node;
}

/**
 * daxctl_dev_is_enabled - is a driver bound to the device
 * @dev: a device
 *
 * Always 1 for legacy /sys/class/dax devices.
 */
DAXCTL_EXPORT int daxctl_dev_is_enabled(struct daxctl_dev *dev)
{
	char drv[64];

	if (dev_model(dev) != DAX_MODEL_BUS)
		return 1;
	return dev_driver_name(dev, drv, sizeof(drv)) == 0;
}

/**
 * daxctl_dev_is_system_ram_capable - is the device bound to kmem
 * @dev: a device
 *
 * True for a dax-bus device whose driver is kmem (system-ram mode).
 */
DAXCTL_EXPORT int daxctl_dev_is_system_ram_capable(struct daxctl_dev *dev)
{
	char drv[64];

	if (dev_model(dev) != DAX_MODEL_BUS)
		return 0;
	if (dev_driver_name(dev, drv, sizeof(drv)) < 0)
		return 0;
	return strcmp(drv, "kmem") == 0;
}

static int load_module(struct daxctl_dev *dev, const char *mod_name)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);
	struct kmod_module *mod;
	struct kmod_ctx *kctx;
	int rc;

	rc = ctx_kmod(ctx, &kctx);
	if (rc)
		return rc;
	rc = kmod_module_new_from_name(kctx, mod_name, &mod);
	if (rc < 0) {
		err(ctx, "%s: failed getting module for: %s: %s\n",
				dev->devname, mod_name, strerror(-rc));
		return rc;
	}
	/* live or built-in modules are fine: probe_insert returns 0 */
	dbg(ctx, "%s: inserting module %s\n", dev->devname, mod_name);
	rc = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST,
			NULL, NULL, NULL, NULL);
	if (rc < 0) {
		err(ctx, "%s: insert failure: %d\n", dev->devname, rc);
		kmod_module_unref(mod);
		return rc;
	}
	if (rc > 0)	/* blacklisted and not loaded: binding will tell */
		dbg(ctx, "%s: module %s is blacklisted\n", dev->devname,
				mod_name);
	if (dev->module)
		kmod_module_unref(dev->module);
	dev->module = mod;
	return 0;
}

static int write_driver_attr(struct daxctl_dev *dev, const char *drv,
		const char *attr)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), DAX_DRIVERS_DIR "/%s/%s", drv, attr);
	return sysfs_write(daxctl_dev_get_ctx(dev), path, dev->devname, true);
}

/* 1 when @dev is bound to @drv, 0 when unbound, -EBUSY when bound elsewhere */
static int bound_to(struct daxctl_dev *dev, const char *drv)
{
	char cur[64];

	if (dev_driver_name(dev, cur, sizeof(cur)) < 0)
		return 0;
	return strcmp(cur, drv) == 0 ? 1 : -EBUSY;
}

/*
 * Bind @dev to @drv. The bind write comes first: new_id makes the driver
 * take every unbound device it matches (all of them for 6.1's device_dax),
 * so it is written only when the kernel answers that the driver does not
 * match this device (ENODEV: kmem before 6.3, device_dax on a kmem-type
 * region since 6.3). An id that did not lead to a bind is removed again.
 * Returns 0 or the exact -errno (-ENXIO when the kernel gave none).
 */
static int bind_driver(struct daxctl_dev *dev, const char *drv)
{
	int rc, bound;

	rc = write_driver_attr(dev, drv, "bind");
	bound = bound_to(dev, drv);
	if (bound)
		return bound < 0 ? bound : 0;
	if (rc == -ENOENT)
		return -ENXIO;	/* no such driver directory */
	if (rc != -ENODEV)
		return rc ? rc : -ENXIO;
	rc = write_driver_attr(dev, drv, "new_id");
	if (rc == 0 && bound_to(dev, drv) == 0)
		rc = write_driver_attr(dev, drv, "bind");
	if (bound_to(dev, drv) == 1)
		return 0;
	write_driver_attr(dev, drv, "remove_id");
	return rc ? rc : -ENXIO;
}

/*
 * Enable and disable need a dax-bus device: for a dax-class one, log the
 * hint (as from @fn) and return -EOPNOTSUPP.
 */
static int require_bus_model(struct daxctl_dev *dev, const char *fn)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);

	if (dev_model(dev) == DAX_MODEL_BUS)
		return 0;
	err_as(ctx, fn, "%s: error: device model is dax-class\n",
			dev->devname);
	err_as(ctx, fn, "%s: see man daxctl-migrate-device-model\n",
			dev->devname);
	return -EOPNOTSUPP;
}

static int daxctl_dev_enable(struct daxctl_dev *dev, const char *drv)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);
	int rc;

	rc = require_bus_model(dev, __func__);
	if (rc)
		return rc;
	if (daxctl_dev_is_enabled(dev))
		return 0;
	rc = load_module(dev, drv);
	if (rc)
		return rc;
	rc = txn_record(dev->region, STEP_BIND, dev->devname, drv);
	if (rc)
		return rc;
	rc = bind_driver(dev, drv);
	txn_done(dev->region, daxctl_dev_is_enabled(dev) ? 0 : -ENXIO);
	if (!daxctl_dev_is_enabled(dev)) {
		err(ctx, "%s: failed to enable\n", dev->devname);
		return rc ? rc : -ENXIO;
	}
	/* binding can change the region (seed): pick up new devices, if listed */
	if (dev->region->devices_init)
		region_scan_devices(dev->region);
	dbg(ctx, "%s: enabled with %s\n", dev->devname, drv);
	return 0;
}

/**
 * daxctl_dev_enable_devdax - bind the device to device_dax
 * @dev: a dax-bus device
 *
 * Loads device_dax through libkmod (blacklists honoured, built-in is
 * fine), then writes the name to the driver's bind; only when the kernel
 * answers that the driver does not match (ENODEV) is the name written to
 * new_id (which would otherwise also bind every other unbound device the
 * driver matches) and bind tried again. Returns 0 (also when already
 * enabled), -EOPNOTSUPP for dax-class devices, -EBUSY when another driver
 * took the device, or the exact bind errno (-ENXIO when there was none).
 */
DAXCTL_EXPORT int daxctl_dev_enable_devdax(struct daxctl_dev *dev)
{
	return daxctl_dev_enable(dev, "device_dax");
}

/**
 * daxctl_dev_enable_ram - bind the device to kmem (system-ram mode)
 * @dev: a dax-bus device
 *
 * As daxctl_dev_enable_devdax() with the kmem driver. Whether the new
 * memory blocks come up online depends on auto_online_blocks.
 */
DAXCTL_EXPORT int daxctl_dev_enable_ram(struct daxctl_dev *dev)
{
	return daxctl_dev_enable(dev, "kmem");
}

/**
 * daxctl_dev_disable - unbind the device from its driver
 * @dev: a dax-bus device
 *
 * Writes the name to driver/remove_id, then driver/unbind. Offline a
 * kmem device's memory first, or the kernel keeps it until reboot.
 * Returns 0 (also when already disabled), -EOPNOTSUPP for dax-class
 * devices, or -EBUSY if the device is still bound afterwards (inside a
 * transaction: the exact -errno of the write the kernel refused, if any).
 */
DAXCTL_EXPORT int daxctl_dev_disable(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);
	_cleanup_free_ char *path = NULL;
	char drv[64];
	int rc;

	rc = require_bus_model(dev, __func__);
	if (rc)
		return rc;
	if (!daxctl_dev_is_enabled(dev))
		return 0;

	memory_free(dev);
	path = path_join(dev->path, "driver/remove_id");
	if (!path)
		return -ENOMEM;
	if (dev->region->txn && dev_driver_name(dev, drv, sizeof(drv)) == 0) {
		rc = txn_record(dev->region, STEP_UNBIND, dev->devname, drv);
		if (rc)
			return rc;
	}
	rc = sysfs_write(ctx, path, dev->devname, false);
	if (rc == 0) {
		free(path);
		path = path_join(dev->path, "driver/unbind");
		if (!path)
			return -ENOMEM;
		rc = sysfs_write(ctx, path, dev->devname, false);
	}
	if (daxctl_dev_is_enabled(dev)) {
		txn_done(dev->region, -EBUSY);
		err(ctx, "%s: failed to disable\n", dev->devname);
		return dev->region->txn && rc ? rc : -EBUSY;
	}
	txn_done(dev->region, 0);
	if (dev->module) {
		kmod_module_unref(dev->module);
		dev->module = NULL;
	}
	dbg(ctx, "%s: disabled\n", dev->devname);
	return 0;
}

/**
 * daxctl_dev_will_auto_online_memory - does the kernel online hot-added memory
 * @dev: a device (for messages)
 *
 * True when /sys/devices/system/memory/auto_online_blocks starts with
 * "online" (online, online_kernel, online_movable). False if unreadable.
 */
DAXCTL_EXPORT int daxctl_dev_will_auto_online_memory(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = daxctl_dev_get_ctx(dev);
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	rc = sysfs_read(ctx, MEMORY_DIR "/auto_online_blocks", buf,
			sizeof(buf));
	if (rc) {
		err(ctx, "%s: Unable to determine auto-online policy: %s\n",
				dev->devname, strerror(-rc));
		return 0;
	}
	return strncmp(buf, "online", 6) == 0;
}

/**
 * daxctl_dev_has_online_memory - number of online memory blocks
 * @dev: a device
 *
 * 0 unless the device is in system-ram mode. Used to refuse tearing down
 * a namespace whose memory is in use.
 */
DAXCTL_EXPORT int daxctl_dev_has_online_memory(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);

	if (!mem)
		return 0;
	return daxctl_memory_is_online(mem);
}
