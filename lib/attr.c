// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel attributes of devices and regions that the reference library
 * never read: the NUMA node where the memory sits (numa_node) next to the
 * node it joins (target_node), a device's memmap_on_memory (6.8+), and the
 * uuids an nvdimm-backed region is known by. Nothing here is cached: each call reads (or writes) sysfs once, so the
 * value is the kernel's at the time of the call.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

/*
 * Read the signed number in "<dir>/<attr>". Returns the value (>= 0),
 * -ENOENT when the kernel has no such attribute, -ENODATA when it reads -1
 * (no node), or another -errno.
 */
static int read_node(struct daxctl_ctx *ctx, const char *dir, const char *attr)
{
	_cleanup_free_ char *path = path_join(dir, attr);
	char buf[SYSFS_ATTR_SIZE], *end;
	long v;
	int rc;

	if (!path)
		return -ENOMEM;
	rc = sysfs_read(ctx, path, buf, sizeof(buf));
	if (rc)
		return rc;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf || *end != '\0' || v < -1 || v > 0xffff)
		return -EINVAL;
	return v < 0 ? -ENODATA : (int)v;
}

/**
 * daxctl_dev_get_numa_node - NUMA node where the device's memory sits
 * @dev: a device
 *
 * The node nearest to the memory as it is now (numa_node), as opposed to
 * the node it joins when onlined in system-ram mode
 * (daxctl_dev_get_target_node()). On CXL and HBM machines the two differ:
 * the memory's own node has no memory until kmem onlines it.
 *
 * Returns the node (>= 0), -ENOENT when the kernel has no numa_node
 * attribute for the device, -ENODATA when it reports no node, or another
 * negative errno.
 */
DAXCTL_EXPORT int daxctl_dev_get_numa_node(struct daxctl_dev *dev)
{
	if (!dev)
		return -EINVAL;
	return read_node(dev->region->ctx, dev->path, "numa_node");
}

/**
 * daxctl_region_get_numa_node - NUMA node of the device that provides a region
 * @region: a region
 *
 * Read from the provider device that holds dax_region/ (an hmem platform
 * device, an NVDIMM dax namespace). CXL dax regions have none.
 *
 * Returns the node (>= 0), -ENOENT when the provider has no numa_node
 * attribute, -ENODATA when it reports no node, or another negative errno.
 */
DAXCTL_EXPORT int daxctl_region_get_numa_node(struct daxctl_region *region)
{
	if (!region)
		return -EINVAL;
	return read_node(region->ctx, region->path, "numa_node");
}

/**
 * daxctl_region_get_target_node - NUMA node a region's memory joins
 * @region: a region
 *
 * Only providers that report it have one (an NVDIMM dax namespace); for
 * other regions ask each device (daxctl_dev_get_target_node()).
 *
 * Returns the node (>= 0), -ENOENT when the provider has no target_node
 * attribute, -ENODATA when it reports no node, or another negative errno.
 */
DAXCTL_EXPORT int daxctl_region_get_target_node(struct daxctl_region *region)
{
	if (!region)
		return -EINVAL;
	return read_node(region->ctx, region->path, "target_node");
}

/**
 * daxctl_dev_get_memmap_on_memory - does kmem put the memmap on the memory
 * @dev: a device
 *
 * With 1, the page structures describing the device's memory are carved
 * from that memory when kmem onlines it, instead of from memory already
 * online (Linux 6.8 and later).
 *
 * Returns 0 or 1, -ENOENT when the kernel has no memmap_on_memory
 * attribute, or another negative errno.
 */
DAXCTL_EXPORT int daxctl_dev_get_memmap_on_memory(struct daxctl_dev *dev)
{
	_cleanup_free_ char *path = NULL;
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	if (!dev)
		return -EINVAL;
	path = path_join(dev->path, "memmap_on_memory");
	if (!path)
		return -ENOMEM;
	rc = sysfs_read(dev->region->ctx, path, buf, sizeof(buf));
	if (rc)
		return rc;
	if (strcmp(buf, "0") == 0)
		return 0;
	if (strcmp(buf, "1") == 0)
		return 1;
	return -EINVAL;
}

/**
 * daxctl_dev_set_memmap_on_memory - choose where kmem puts the memmap
 * @dev: a device
 * @enable: non-zero for 1, zero for 0
 *
 * Writes memmap_on_memory; the kernel takes it only while the device is
 * not bound to kmem. Nothing is checked beforehand: the result is the
 * kernel's. Writing the current value succeeds in any state. Inside a
 * transaction the value before is recorded and put back on rollback.
 *
 * Returns 0, or the kernel's negative errno: -EBUSY to change the value
 * while kmem is bound, -EOPNOTSUPP to enable it when the
 * memory_hotplug.memmap_on_memory boot option is off, -ENOENT on kernels
 * without the attribute (before 6.8), -EACCES without privileges.
 */
DAXCTL_EXPORT int daxctl_dev_set_memmap_on_memory(struct daxctl_dev *dev,
		int enable)
{
	_cleanup_free_ char *path = NULL;
	struct daxctl_ctx *ctx;
	int rc;

	if (!dev)
		return -EINVAL;
	ctx = dev->region->ctx;
	path = path_join(dev->path, "memmap_on_memory");
	if (!path)
		return -ENOMEM;
	if (dev->region->txn) {	/* recorded with the value before */
		int old = daxctl_dev_get_memmap_on_memory(dev);

		if (old < 0)
			return old;
		rc = txn_record(dev->region, STEP_MEMMAP, dev->devname, old ? "1" : "0");
		if (rc)
			return rc;
	}
	rc = sysfs_write(ctx, path, enable ? "1" : "0", false);
	txn_done(dev->region, rc);
	if (rc)
		err(ctx, "%s: failed to set memmap_on_memory to %d: %s\n",
				dev->devname, enable ? 1 : 0, strerror(-rc));
	else
		dbg(ctx, "%s: memmap_on_memory set to %d\n", dev->devname,
				enable ? 1 : 0);
	return rc;
}

/**
 * daxctl_region_get_nvdimm_uuid - a uuid an nvdimm-backed region is known by
 * @region: a region
 * @which: 0: the uuid of the region's provider, the nvdimm dax device
 *         (<nd region>/daxX.Y/uuid, what `ndctl list` prints as the
 *         namespace's uuid); 1: the uuid of the namespace it claims
 *         (<nd region>/<namespace>/uuid)
 * @buf: receives the uuid as text
 * @len: size of @buf
 *
 * What daxctl(1)'s config files match as nvdimm.uuid. Returns 0, -ENOENT
 * when the region has none (hmem, CXL and dax_memmap regions have no
 * nvdimm provider) or the provider claims no namespace, -EINVAL for
 * another @which, or -errno.
 */
DAXCTL_EXPORT int daxctl_region_get_nvdimm_uuid(struct daxctl_region *region,
		int which, char *buf, size_t len)
{
	char path[PATH_MAX], ns[64], *slash;
	int rc;

	if (!region || !buf || !len || which < 0 || which > 1)
		return -EINVAL;
	buf[0] = '\0';
	if (which == 0) {
		snprintf(path, sizeof(path), "%s/uuid", region->path);
		rc = sysfs_read(region->ctx, path, buf, len);
		return rc ? rc : buf[0] ? 0 : -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/namespace", region->path);
	rc = sysfs_read(region->ctx, path, ns, sizeof(ns));
	if (rc || !ns[0] || strchr(ns, '/') || strcmp(ns, "..") == 0)
		return rc ? rc : -ENOENT;
	/* the namespace is the provider's sibling, in the same nd region */
	snprintf(path, sizeof(path), "%s", region->path);
	slash = strrchr(path, '/');
	if (!slash || slash == path)
		return -ENOENT;
	snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path), "%s/uuid", ns);
	rc = sysfs_read(region->ctx, path, buf, len);
	return rc ? rc : buf[0] ? 0 : -ENOENT;
}
