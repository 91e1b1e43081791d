// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LIBDAXCTL_12 attribute calls through the public header, inside daxsim on
 * attr.topo: numa_node of devices and regions, target_node of regions,
 * memmap_on_memory read and set. Every value is checked against the sysfs
 * file itself, and "absent" against the file being absent.
 *   attr-test MODE   (MODE: on = boot option on, off = boot option off)
 */
#include <stdbool.h>

#include <daxctl/libdaxctl.h>

#include "check.h"
#include "objects.h"

/* The integer in @path: 0 and the value, or -errno (-ENOENT when absent). */
static int read_int(const char *path, int *val)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*val = atoi(buf);
	return 0;
}

/* What a node getter must return for the file @dir/@attr. */
static int want_node(const char *dir, const char *attr)
{
	char path[1024];
	int v, rc;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	rc = read_int(path, &v);
	if (rc)
		return rc;
	return v < 0 ? -ENODATA : v;
}

static const char *dev_dir(struct daxctl_dev *dev, char *buf, size_t len)
{
	snprintf(buf, len, "/sys/bus/dax/devices/%s", daxctl_dev_get_devname(dev));
	return buf;
}

static void check_nodes(struct daxctl_ctx *ctx, bool has_memmap)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	int ndevs = 0, nregions = 0, absent_region_numa = 0, region_target = 0;
	char dir[512];

	daxctl_region_foreach(ctx, region) {
		const char *rpath = daxctl_region_get_path(region);
		int w;

		nregions++;
		w = want_node(rpath, "numa_node");
		CHECK_INT(daxctl_region_get_numa_node(region), w);
		if (w == -ENOENT)
			absent_region_numa++;
		w = want_node(rpath, "target_node");
		CHECK_INT(daxctl_region_get_target_node(region), w);
		if (w >= 0)
			region_target++;
		daxctl_dev_foreach(region, dev) {
			int mm;

			ndevs++;
			dev_dir(dev, dir, sizeof(dir));
			CHECK_INT(daxctl_dev_get_numa_node(dev), want_node(dir, "numa_node"));
			CHECK(daxctl_dev_get_numa_node(dev) >= 0, "%s: no numa_node",
					daxctl_dev_get_devname(dev));
			mm = want_node(dir, "memmap_on_memory");
			CHECK_INT(daxctl_dev_get_memmap_on_memory(dev), mm);
			CHECK(has_memmap ? mm >= 0 : mm == -ENOENT,
					"%s: memmap_on_memory %d on this kernel",
					daxctl_dev_get_devname(dev), mm);
		}
	}
	/* attr.topo: three regions, four devices; the CXL provider has no
	 * numa_node, only the pmem provider has target_node */
	CHECK_INT(nregions, 3);
	CHECK_INT(ndevs, 4);
	CHECK_INT(absent_region_numa, 1);
	CHECK_INT(region_target, 1);
	/* where the memory sits vs where it joins: attr.topo makes them differ */
	dev = dev_by_name(ctx, "dax0.0");
	CHECK(dev != NULL, "dax0.0 not found");
	if (dev) {
		CHECK_INT(daxctl_dev_get_numa_node(dev), 0);
		CHECK_INT(daxctl_dev_get_target_node(dev), 1);
	}
	CHECK_INT(daxctl_dev_get_numa_node(NULL), -EINVAL);
	CHECK_INT(daxctl_region_get_numa_node(NULL), -EINVAL);
	CHECK_INT(daxctl_region_get_target_node(NULL), -EINVAL);
}

static int file_value(struct daxctl_dev *dev)
{
	char dir[512], path[1024];
	int v = -1;

	dev_dir(dev, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/memmap_on_memory", dir);
	if (read_int(path, &v))
		return -1;
	return v;
}

/* memmap_on_memory set and read back; refusals with the kernel's errno */
static void check_memmap(struct daxctl_ctx *ctx, bool option_on)
{
	struct daxctl_dev *devdax = dev_by_name(ctx, "dax0.0");
	struct daxctl_dev *kmem = dev_by_name(ctx, "dax0.1");

	if (!devdax || !kmem) {
		CHECK(0, "dax0.0 or dax0.1 not found");
		return;
	}
	CHECK_INT(daxctl_dev_get_memmap_on_memory(devdax), 0);
	if (option_on) {
		/* not bound to kmem: the value follows each write */
		CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 1), 0);
		CHECK_INT(file_value(devdax), 1);
		CHECK_INT(daxctl_dev_get_memmap_on_memory(devdax), 1);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 0), 0);
		CHECK_INT(file_value(devdax), 0);
		CHECK_INT(daxctl_dev_get_memmap_on_memory(devdax), 0);
		/* disabled (no driver) too */
		CHECK_INT(daxctl_dev_disable(devdax), 0);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 1), 0);
		CHECK_INT(file_value(devdax), 1);
		/* bound to kmem: a change is refused, the same value is fine */
		CHECK_INT(daxctl_dev_set_memmap_on_memory(kmem, 1), -EBUSY);
		CHECK_INT(file_value(kmem), 0);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(kmem, 0), 0);
		CHECK_INT(daxctl_dev_get_memmap_on_memory(kmem), 0);
		/* unbound from kmem, it can change; bound again, it stays */
		CHECK_INT(daxctl_dev_disable(kmem), 0);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(kmem, 1), 0);
		CHECK_INT(daxctl_dev_enable_ram(kmem), 0);
		CHECK_INT(daxctl_dev_get_memmap_on_memory(kmem), 1);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(kmem, 0), -EBUSY);
		CHECK_INT(file_value(kmem), 1);
	} else {
		/* boot option off: enabling is refused in any state */
		CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 1), -EOPNOTSUPP);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(kmem, 1), -EOPNOTSUPP);
		CHECK_INT(daxctl_dev_disable(devdax), 0);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 1), -EOPNOTSUPP);
		CHECK_INT(file_value(devdax), 0);
		CHECK_INT(file_value(kmem), 0);
		CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 0), 0);
		CHECK_INT(daxctl_dev_get_memmap_on_memory(devdax), 0);
	}
	CHECK_INT(daxctl_dev_set_memmap_on_memory(NULL, 1), -EINVAL);
	CHECK_INT(daxctl_dev_get_memmap_on_memory(NULL), -EINVAL);
}

/* Before 6.8: no attribute; the setter gives the kernel's ENOENT. */
static void check_no_memmap(struct daxctl_ctx *ctx)
{
	struct daxctl_dev *devdax = dev_by_name(ctx, "dax0.0");

	if (!devdax) {
		CHECK(0, "dax0.0 not found");
		return;
	}
	CHECK_INT(daxctl_dev_get_memmap_on_memory(devdax), -ENOENT);
	CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 1), -ENOENT);
	CHECK_INT(daxctl_dev_set_memmap_on_memory(devdax, 0), -ENOENT);
}

int main(int argc, char **argv)
{
	struct daxctl_ctx *ctx;
	const char *mode = argc > 1 ? argv[1] : "";
	bool has_memmap = access("/sys/bus/dax/devices/dax0.0/memmap_on_memory", F_OK) == 0;

	if (daxctl_new(&ctx) < 0) {
		fprintf(stderr, "daxctl_new failed\n");
		return 1;
	}
	daxctl_set_log_fn(ctx, NULL);
	if (strcmp(mode, "6.1") == 0) {
		CHECK(!has_memmap, "memmap_on_memory on 6.1");
		check_nodes(ctx, false);
		check_no_memmap(ctx);
	} else if (strcmp(mode, "on") == 0 || strcmp(mode, "off") == 0) {
		CHECK(has_memmap, "no memmap_on_memory on this kernel");
		check_nodes(ctx, true);
		check_memmap(ctx, strcmp(mode, "on") == 0);
	} else {
		fprintf(stderr, "usage: attr-test 6.1|on|off\n");
		daxctl_unref(ctx);
		return 2;
	}
	daxctl_unref(ctx);
	printf("%d checks, %d failed\n", check_count, check_failures);
	return check_failures ? 1 : 0;
}
