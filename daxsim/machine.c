// SPDX-License-Identifier: GPL-2.0-or-later
/* Build the machine from a parsed topology: modules, memory, regions, initial devices. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

struct machine M;

static ssize_t show_str(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", (const char *)o);
}

static ssize_t show_memmap_param(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "%c\n", M.memmap_opt ? 'Y' : 'N');
}

void module_add(const char *name, bool builtin)
{
	static const struct attr initstate = { "initstate", 0444, show_str, NULL };
	static const struct attr refcnt = { "refcnt", 0444, show_str, NULL };
	static const struct attr coresize = { "coresize", 0444, show_str, NULL };
	char path[128];
	struct node *m;

	snprintf(path, sizeof(path), "/module/%s", name);
	m = tree_dir_p(path);
	/* parameters/ exists only for modules that have parameters (dax_hmem, memory_hotplug) */
	if (builtin)
		return;
	tree_attr(m, &initstate, (void *)"live");
	tree_attr(m, &refcnt, (void *)"0");
	tree_attr(m, &coresize, (void *)"16384");
	tree_dir(m, "holders");
}

void sysfs_static_build(void)
{
	static const struct attr region_idle = { "region_idle", 0444, show_str, NULL };
	static const struct attr memmap = { "memmap_on_memory", 0444, show_memmap_param, NULL };
	static const struct attr policy = { "online_policy", 0644, show_str, NULL };
	static const struct attr ratio = { "auto_movable_ratio", 0644, show_str, NULL };
	static const struct attr numa_aware = { "auto_movable_numa_aware", 0644, show_str, NULL };
	static const char *const mods[] = { "dax", "device_dax", "kmem", "dax_hmem", "dax_pmem", "dax_cxl" };

	for (size_t i = 0; i < ARRAY_SIZE(mods); i++)
		module_add(mods[i], false);
	module_add("memory_hotplug", true);
	tree_attr(tree_dir_p("/module/dax_hmem/parameters"), &region_idle, (void *)"N");
	tree_attr(tree_dir_p("/module/memory_hotplug/parameters"), &memmap, NULL);
	tree_attr(tree_dir_p("/module/memory_hotplug/parameters"), &policy, (void *)"contig-zones");
	/* defaults as in the k612 kmem captures */
	tree_attr(tree_dir_p("/module/memory_hotplug/parameters"), &ratio, (void *)"301");
	tree_attr(tree_dir_p("/module/memory_hotplug/parameters"), &numa_aware, (void *)"Y");
	tree_dir_p("/dev/char");
	tree_dir_p("/dev/block");
	tree_dir_p("/class");
	tree_dir_p("/kernel");
	tree_dir_p("/fs");
	tree_dir_p("/firmware");
	tree_dir_p("/devices/platform");
	drivers_build();
	memory_build();
}

static const char *default_path(struct region *r, char *buf, size_t n)
{
	switch (r->prov) {
	case PROV_HMEM:
		snprintf(buf, n, "/devices/platform/hmem.%d", r->id);
		break;
	case PROV_CXL:
		snprintf(buf, n, "/devices/platform/ACPI0017:00/root0/decoder0.0/region%d/dax_region%d",
			 r->id, r->id);
		break;
	case PROV_PMEM:
		snprintf(buf, n, "/devices/platform/e820_pmem/ndbus0/region%d/dax%d.0", r->id, r->id);
		break;
	}
	return buf;
}

static int derr(const struct topo_dev *td, const char *file, const char *key, const char *why)
{
	int line = td->line;

	if (!strcmp(key, "size") && td->line_size)
		line = td->line_size;
	else if (!strcmp(key, "ranges") && td->line_ranges)
		line = td->line_ranges;
	else if (!strcmp(key, "driver") && td->line_driver)
		line = td->line_driver;
	else if (!strcmp(key, "region") && td->line_region)
		line = td->line_region;
	fprintf(stderr, "daxsim: %s:%d: key '%s': device %s: %s\n", file, line, key, td->name, why);
	return -EINVAL;
}

static int setup_device(struct region *r, struct topo_dev *td, const char *file, int id, bool alone)
{
	struct dev *d = dev_new(r, id);
	u64 rsize = r->end - r->start + 1;

	/* CXL RAM regions create their initial device with memmap_on_memory set (6.8+) */
	if (r->prov == PROV_CXL && id == 0 && M.kv->memmap_attr)
		d->memmap = true;
	if (!td) {
		if (!r->idle)
			dev_append_range(d, r->start, r->end);
		if (dev_size(d) && M.autoprobe)
			device_autoprobe(d);
		return 0;
	}
	if (td->align)
		d->align = td->align;
	if (td->has_size) {
		if (td->size % (d->align > COMPAT_ALIGN ? d->align : COMPAT_ALIGN))
			return derr(td, file, "size", "not a multiple of the device align (and of 2M)");
		if (td->size > region_available(r))
			return derr(td, file, "size", "larger than the free space of the region");
		if (r->is_static && td->size)
			dev_append_range(d, r->start, r->start + td->size - 1);
		else if (td->size)
			dev_grow(d, td->size);
	} else if (td->has_ranges) {
		for (int i = 0; i < td->nr; i++) {
			u64 a = td->ranges[i][0], e = td->ranges[i][1];

			if (a < r->start || e > r->end)
				return derr(td, file, "ranges", "range outside its region");
			if ((e - a + 1) % (d->align > COMPAT_ALIGN ? d->align : COMPAT_ALIGN))
				return derr(td, file, "ranges", "range length not a multiple of the device align (and of 2M)");
			for (int j = 0; j < r->ndevs; j++)
				for (int k = 0; k < r->devs[j]->nr; k++)
					if (a <= r->devs[j]->ranges[k].end && r->devs[j]->ranges[k].start <= e)
						return derr(td, file, "ranges", "range overlaps another range");
			dev_append_range(d, a, e);
		}
	} else if (!r->idle && id == 0 && alone) {
		dev_append_range(d, r->start, r->start + rsize - 1);
	}
	if (td->driver == 2)
		return 0;
	if (td->driver < 0) {
		if (dev_size(d) && M.autoprobe)
			device_autoprobe(d);
		return 0;
	}
	struct driver *drv = &M.drivers[td->driver];
	enum online_type saved = M.auto_online;
	int rc;

	if (!driver_match(drv, d)) {
		drv->ids = xrealloc(drv->ids, (drv->nids + 1) * sizeof(*drv->ids));
		drv->ids[drv->nids++] = xstrdup(d->name);
	}
	if (td->memory >= 0)
		M.auto_online = td->memory;
	rc = driver_probe(drv, d);
	M.auto_online = saved;
	if (rc) {
		char why[128];

		snprintf(why, sizeof(why), "binding %s fails with %s", drv->name, errno_name(-rc));
		return derr(td, file, "driver", why);
	}
	return 0;
}

int machine_build(struct topo *t, const char *kernel_override)
{
	const char *kname = kernel_override ? kernel_override : t->kernel ? t->kernel : "6.1";
	char path[512];

	M.kv = kver_find(kname);
	if (!M.kv) {
		fprintf(stderr, "daxsim: unknown kernel '%s' (known: %s)\n", kname, kver_names);
		return -EINVAL;
	}
	M.block_size = t->block_size;
	M.auto_online = t->auto_online >= 0 ? (enum online_type)t->auto_online : M.kv->auto_online;
	M.memmap_opt = t->memmap_opt;
	M.dax_major = t->dax_major;
	M.autoprobe = true;
	M.busy_idx = t->busy;
	M.nbusy = t->nbusy;
	{
		size_t blocks = 0, devs = t->ndevs + t->nregions;

		for (int i = 0; i < t->nmem; i++)
			for (int j = 0; j < t->mem[i].nr; j++)
				blocks += (t->mem[i].r[j][1] - t->mem[i].r[j][0] + 1) / M.block_size;
		tree_reserve(1024 + 13 * blocks + 40 * devs);
	}
	tree_init();
	sysfs_static_build();
	{
		int cpu_nid = 0;	/* the CPUs live on the lowest node with boot memory */

		while (cpu_nid < MAX_NODES - 1 && !t->node_seen[cpu_nid])
			cpu_nid++;
		cpus_build(t->node_seen[cpu_nid] ? cpu_nid : 0);
	}
	for (int n = 0; n < MAX_NODES; n++)
		if (t->node_seen[n])
			node_set_online(n);
	for (int i = 0; i < t->nmem; i++)
		for (int j = 0; j < t->mem[i].nr; j++)
			for (u64 a = t->mem[i].r[j][0]; a < t->mem[i].r[j][1]; a += M.block_size) {
				struct mblock *b = block_add(a / M.block_size, t->mem[i].nid, true);

				b->online = true;
				if (t->mem[i].movable)
					b->zone = ZONE_MOVABLE;
				else if (b->idx == 0)
					b->zone = ZONE_NONE;
				else if (a + M.block_size <= (4ULL << 30))
					b->zone = ZONE_DMA32;
				else
					b->zone = ZONE_NORMAL;
			}
	for (int i = 0; i < t->nregions; i++) {
		struct region *r = t->regions[i];

		r->is_static = r->prov == PROV_PMEM;
		r->kmem_type = !r->is_static && !r->idle && M.kv->hmem_kmem_type;
		if (r->is_static)
			r->idle = false;
		if (!r->path)
			r->path = xstrdup(default_path(r, path, sizeof(path)));
		for (int j = 0; j < i; j++)
			if (!strcmp(t->regions[j]->path, r->path)) {
				fprintf(stderr, "daxsim: %s: region %s: path %s is already used by region %s\n",
					"topology", r->label, r->path, t->regions[j]->label);
				return -EINVAL;
			}
		if (r->target_node >= 0)
			M.node_possible[r->target_node] = true;
	}
	M.regions = t->regions;
	M.nregions = t->nregions;
	return 0;
}

static int tdev_id(const struct topo_dev *td)
{
	int a, b;

	sscanf(td->name, "dax%d.%d", &a, &b);
	return b;
}

static int tdev_cmp(const void *x, const void *y)
{
	return tdev_id(*(struct topo_dev *const *)x) - tdev_id(*(struct topo_dev *const *)y);
}

/* second phase: devices (needs the file name for messages) */
int machine_devices(struct topo *t, const char *file)
{
	_cleanup_free_ struct topo_dev **l = xcalloc(t->ndevs + 1, sizeof(*l));

	for (int i = 0; i < M.nregions; i++) {
		struct region *r = M.regions[i];
		int n = 0;

		region_render(r);
		for (int k = 0; k < t->ndevs; k++)
			if (t->devs[k].region_idx == i)
				l[n++] = &t->devs[k];
		qsort(l, n, sizeof(*l), tdev_cmp);
		if (!n || tdev_id(l[0]) != 0) {
			if (!n) {
				if (setup_device(r, NULL, file, 0, true))
					return -EINVAL;
			} else {
				dev_new(r, 0);
			}
		}
		for (int k = 0; k < n; k++) {
			if (r->is_static && tdev_id(l[k]) != 0)
				return derr(l[k], file, "region", "a static (pmem) region has only device 0");
			if (setup_device(r, l[k], file, tdev_id(l[k]), n == 1))
				return -EINVAL;
		}
		if (r->seed_name) {
			r->seed = region_find_dev(r, r->seed_name);
			if (!r->seed || r->seed->drv || r->is_static) {
				fprintf(stderr, "daxsim: %s:%d: key 'seed': %s is not an unbound device of dynamic region %s\n",
					file, r->seed_line, r->seed_name, r->label);
				return -EINVAL;
			}
		}
		if (r->create_name) {
			r->youngest = region_find_dev(r, r->create_name);
			if (!r->youngest || r->is_static) {
				fprintf(stderr, "daxsim: %s:%d: key 'create': %s is not a device of dynamic region %s\n",
					file, r->create_line, r->create_name, r->label);
				return -EINVAL;
			}
		}
	}
	return nd_build(file);
}
