// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The nvdimm (nd) bus above static pmem regions, as the legacy e820 provider (memmap=SIZE!START)
 * shows it once its namespace is in devdax mode: the bus ndbusN with its control device
 * ndctlN (/sys/class/nd), the region regionR (nstype 4: one namespace_io, no DIMMs), the
 * namespace namespaceR.0 (mode "dax", claimed by the nd_dax device daxR.0, so not bound), and
 * the links under /sys/bus/nd. The nd_dax device itself is the region home (region.c), the
 * region's idle btt/pfn/dax seeds are in ndseed.c.
 * No bind/unbind files (nothing is enabled or disabled); of the other writable attributes, those
 * the kernel takes from an enabled device keep the value (read_only, force_raw, the region's
 * align) and the others refuse it (holder_class: EBUSY), as on the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

#define ND_DEVICE_REGION_PMEM 2
#define ND_DEVICE_NAMESPACE_IO 4
#define ND_REGION_ALIGN (16ULL << 20)	/* default region align: memremap_compat_align max */
#define SZ_8K (8ULL << 10)
#define MAX_STRUCT_PAGE_SIZE 64ULL	/* the memmap reservation of a devdax (map=dev) namespace */

struct ndbus {
	char path[512];		/* e.g. /devices/platform/e820_pmem/ndbus0 */
	int id;
	struct node *dir;
};

struct ndregion {
	struct region *r;
	struct ndbus *bus;
	struct node *dir, *ns;
	bool ro, force_raw;
	u64 align;
	char nsname[32], holder[32];
};

static struct ndbus **buses;
static int nbuses;
static struct ndregion **regs;
static int nregs;

static u64 align_up(u64 v, u64 a)
{
	return (v + a - 1) / a * a;
}

/* where a devdax namespace of [start, start+size) puts its data: the info block and memmap first */
static u64 devdax_offset(u64 start, u64 size, u64 a)
{
	u64 npfns = (size - SZ_8K) / PAGE_SIZE;

	return align_up(start + SZ_8K + MAX_STRUCT_PAGE_SIZE * npfns, a) - start;
}

static u64 ns_size(const struct region *r)
{
	return r->ns_end - r->ns_start + 1;
}

/* ---- attributes ---- */
static ssize_t show_text(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", (const char *)o);
}

static ssize_t show_provider(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "e820\n");
}

static ssize_t show_one(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "1\n");
}

static ssize_t show_zero(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "0\n");
}

static ssize_t show_nl(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "\n");
}

static ssize_t show_bus_uevent(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "DRIVER=nd_bus\nMODALIAS=nd:t0\n");
}

static const struct attr bus_attrs[] = {
	{ "commands", 0444, show_nl, NULL },	/* e820 takes no bus commands */
	{ "provider", 0444, show_provider, NULL },
	{ "uevent", 0644, show_bus_uevent, store_uevent },
	{ "wait_probe", 0444, show_one, NULL },
};

static int ctl_major;

static int nd_major(void)
{
	return ctl_major;
}

/*
 * The major of the ndctlN control devices (dynamic on the kernel): like the dax major, the
 * first of 120-127, 60-63, 240-254 the host has not registered, and not the dax major. It
 * only names /sys/dev/char entries: no /dev/ndctlN node is made.
 */
static int pick_ctl_major(void)
{
	static const int pick[][2] = { { 120, 127 }, { 60, 63 }, { 240, 254 } };
	char name[200];

	for (size_t i = 0; i < ARRAY_SIZE(pick); i++)
		for (int m = pick[i][0]; m <= pick[i][1]; m++)
			if (m != M.dax_major && !host_chrdev(m, name, sizeof(name)))
				return m;
	return -1;
}

static ssize_t show_ctl_dev(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d:%d\n", nd_major(), ((struct ndbus *)o)->id);
}

static ssize_t show_ctl_uevent(void *o, char *b)
{
	struct ndbus *bus = o;

	return snprintf(b, SHOW_MAX, "MAJOR=%d\nMINOR=%d\nDEVNAME=ndctl%d\n", nd_major(), bus->id,
			bus->id);
}

static const struct attr ctl_attrs[] = {
	{ "dev", 0444, show_ctl_dev, NULL },
	{ "uevent", 0644, show_ctl_uevent, store_uevent },
};

static ssize_t show_platform_uevent(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "DRIVER=e820_pmem\nMODALIAS=platform:e820_pmem\n");
}

static ssize_t show_null(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "(null)\n");
}

static ssize_t store_accept(void *o, const char *b, size_t len)
{
	(void)o;
	(void)b;
	return len;
}

static const struct attr platform_attrs[] = {
	{ "driver_override", 0644, show_null, store_accept },
	{ "modalias", 0444, show_text, NULL },
	{ "uevent", 0644, show_platform_uevent, store_uevent },
};

static ssize_t show_rsize(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", ns_size(((struct ndregion *)o)->r));
}

static ssize_t show_ralign(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%#llx\n", ((struct ndregion *)o)->align);
}

/* the align of later namespace allocations: a power of two from 4K to the region size */
static ssize_t store_ralign(void *o, const char *buf, size_t len)
{
	struct ndregion *nr = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	u64 v;

	if (parse_u64(s, &v) || v < PAGE_SIZE || (v & (v - 1)) || v > ns_size(nr->r))
		return -EINVAL;
	nr->align = v;
	return len;
}

/* a claimed namespace keeps its holder class */
static ssize_t store_busy(void *o, const char *b, size_t len)
{
	(void)o;
	(void)b;
	(void)len;
	return -EBUSY;
}

static ssize_t show_nstype(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "%d\n", ND_DEVICE_NAMESPACE_IO);
}

static ssize_t show_ro(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct ndregion *)o)->ro);
}

static ssize_t store_bool_field(bool *field, const char *buf, size_t len)
{
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	bool v;
	int rc = parse_bool(s, &v);

	if (rc)
		return rc;
	*field = v;
	return len;
}

static ssize_t store_ro(void *o, const char *buf, size_t len)
{
	return store_bool_field(&((struct ndregion *)o)->ro, buf, len);
}

static ssize_t show_ns_seed(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", ((struct ndregion *)o)->nsname);
}

static ssize_t show_init_ns(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "1/1\n");
}

static ssize_t show_rresource(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%#llx\n", ((struct ndregion *)o)->r->ns_start);
}

static ssize_t show_numa(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct ndregion *)o)->r->numa_node);
}

static ssize_t show_target(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct ndregion *)o)->r->target_node);
}

static ssize_t show_region_devtype(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "nd_pmem\n");
}

static ssize_t show_region_modalias(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "nd:t%d\n", ND_DEVICE_REGION_PMEM);
}

static ssize_t show_region_uevent(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "DEVTYPE=nd_pmem\nDRIVER=nd_region\nMODALIAS=nd:t%d\n",
			ND_DEVICE_REGION_PMEM);
}

/*
 * e820 regions: no DIMM mappings, so no deep_flush, set_cookie or mappingN; no persistence
 * flags, so no persistence_domain; available_size only for label-backed (nstype 5) regions.
 */
static const struct attr region_attrs[] = {
	{ "align", 0644, show_ralign, store_ralign },
	{ "badblocks", 0444, show_empty, NULL },
	{ "devtype", 0444, show_region_devtype, NULL },
	{ "init_namespaces", 0444, show_init_ns, NULL },
	{ "mappings", 0444, show_zero, NULL },
	{ "max_available_extent", 0444, show_zero, NULL },
	{ "modalias", 0444, show_region_modalias, NULL },
	{ "namespace_seed", 0444, show_ns_seed, NULL },
	{ "nstype", 0444, show_nstype, NULL },
	{ "numa_node", 0444, show_numa, NULL },
	{ "read_only", 0644, show_ro, store_ro },
	{ "resource", 0400, show_rresource, NULL },
	{ "size", 0444, show_rsize, NULL },
	{ "target_node", 0444, show_target, NULL },
	{ "uevent", 0644, show_region_uevent, store_uevent },
};

static ssize_t show_ns_mode(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "dax\n");	/* claimed by an nd_dax device */
}

static ssize_t show_holder(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", ((struct ndregion *)o)->holder);
}

static ssize_t show_force_raw(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct ndregion *)o)->force_raw);
}

static ssize_t store_force_raw(void *o, const char *buf, size_t len)
{
	return store_bool_field(&((struct ndregion *)o)->force_raw, buf, len);
}

static ssize_t show_ns_devtype(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "nd_namespace_io\n");
}

static ssize_t show_ns_modalias(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "nd:t%d\n", ND_DEVICE_NAMESPACE_IO);
}

static ssize_t show_ns_uevent(void *o, char *b)
{
	(void)o;
	/* no DRIVER: a claimed namespace fails its own probe */
	return snprintf(b, SHOW_MAX, "DEVTYPE=nd_namespace_io\nMODALIAS=nd:t%d\n",
			ND_DEVICE_NAMESPACE_IO);
}

/* namespace_io: the base attributes only (no uuid, alt_name, sector_size: there are no labels) */
static const struct attr ns_attrs[] = {
	{ "devtype", 0444, show_ns_devtype, NULL },
	{ "force_raw", 0644, show_force_raw, store_force_raw },
	{ "holder", 0444, show_holder, NULL },
	{ "holder_class", 0644, show_nl, store_busy },	/* claimed: EBUSY */
	{ "mode", 0444, show_ns_mode, NULL },
	{ "modalias", 0444, show_ns_modalias, NULL },
	{ "nstype", 0444, show_nstype, NULL },
	{ "numa_node", 0444, show_numa, NULL },
	{ "resource", 0400, show_rresource, NULL },
	{ "size", 0444, show_rsize, NULL },
	{ "target_node", 0444, show_target, NULL },
	{ "uevent", 0644, show_ns_uevent, store_uevent },
};

static const struct attr nd_bus_autoprobe = { "drivers_autoprobe", 0644, show_one, NULL };
static const struct attr nd_bus_uevent = { "uevent", 0200, NULL, store_uevent };

/* ---- building ---- */

/* split "<bus>/ndbusB/regionR/daxR.N": the bus path and B; false when @path has another shape */
static bool parse_home(const struct region *r, char *bus, size_t len, int *bus_id)
{
	const char *p = r->path, *dax = strrchr(p, '/'), *reg, *nb;
	int a, n, rid, k = 0;

	if (!dax || dax == p)
		return false;
	for (reg = dax - 1; reg > p && *reg != '/'; reg--)
		;
	for (nb = reg - 1; nb > p && *nb != '/'; nb--)
		;
	if (reg <= p || nb <= p)
		return false;
	if (sscanf(dax + 1, "dax%d.%d%n", &a, &n, &k) != 2 || dax[1 + k] || a != r->id)
		return false;
	k = 0;
	if (sscanf(reg + 1, "region%d%n", &rid, &k) != 1 || reg + 1 + k != dax || rid != r->id)
		return false;
	k = 0;
	if (sscanf(nb + 1, "ndbus%d%n", bus_id, &k) != 1 || nb + 1 + k != reg)
		return false;
	if ((size_t)(nb - p) != strlen("/devices/platform/e820_pmem") ||
	    strncmp(p, "/devices/platform/e820_pmem", nb - p))
		return false;
	snprintf(bus, len, "%.*s", (int)(reg - p), p);
	return true;
}

static struct ndbus *bus_get(const char *path, int id)
{
	char p[600];
	struct ndbus *b;
	struct node *ctl, *plat;

	for (int i = 0; i < nbuses; i++)
		if (!strcmp(buses[i]->path, path))
			return buses[i];
	b = xcalloc(1, sizeof(*b));
	snprintf(b->path, sizeof(b->path), "%s", path);
	b->id = id;
	buses = xrealloc(buses, (nbuses + 1) * sizeof(*buses));
	buses[nbuses++] = b;

	plat = tree_dir_p("/devices/platform/e820_pmem");
	for (size_t i = 0; i < ARRAY_SIZE(platform_attrs); i++)
		tree_attr(plat, &platform_attrs[i], (void *)"platform:e820_pmem");
	tree_dir(plat, "power");
	tree_link(plat, "driver", "/bus/platform/drivers/e820_pmem");
	tree_link(plat, "subsystem", "/bus/platform");
	tree_link(tree_dir_p("/bus/platform/drivers/e820_pmem"), "e820_pmem",
		  "/devices/platform/e820_pmem");
	tree_link(tree_dir_p("/bus/platform/devices"), "e820_pmem", "/devices/platform/e820_pmem");

	b->dir = tree_dir_p(path);
	tree_attrs(b->dir, bus_attrs, ARRAY_SIZE(bus_attrs), b);
	tree_dir(b->dir, "firmware");	/* its attributes are for NFIT buses only */
	tree_link(b->dir, "driver", "/bus/nd/drivers/nd_bus");
	tree_link(b->dir, "subsystem", "/bus/nd");
	tree_link(tree_dir_p("/bus/nd/devices"), tree_dir_p(path)->name, path);
	tree_link(tree_dir_p("/bus/nd/drivers/nd_bus"), b->dir->name, path);

	/* the control device: a class device in the bus's "nd" glue directory */
	snprintf(p, sizeof(p), "ndctl%d", id);
	ctl = tree_dir(tree_dir(b->dir, "nd"), p);
	tree_attrs(ctl, ctl_attrs, ARRAY_SIZE(ctl_attrs), b);
	tree_link(ctl, "device", path);
	tree_link(ctl, "subsystem", "/class/nd");
	tree_path(ctl, p, sizeof(p));
	tree_link(tree_dir_p("/class/nd"), ctl->name, p);
	{
		char cn[32];

		snprintf(cn, sizeof(cn), "%d:%d", nd_major(), id);
		tree_link(tree_dir_p("/dev/char"), cn, p);
	}
	return b;
}

static int region_ns_range(struct region *r, const char *file)
{
	u64 a = r->align > COMPAT_ALIGN ? r->align : COMPAT_ALIGN;
	u64 size = r->end - r->start + 1, off;

	if (r->ns_line) {
		u64 ns = ns_size(r), want_end;

		if (ns <= SZ_8K || r->ns_start % a) {
			fprintf(stderr, "daxsim: %s:%d: key 'namespace': region %s: not aligned to %llu\n",
				file, r->ns_line, r->label, a);
			return -EINVAL;
		}
		off = devdax_offset(r->ns_start, ns, a);
		want_end = (r->ns_end + 1) / a * a - 1;
		if (r->ns_start + off != r->start || want_end != r->end) {
			fprintf(stderr, "daxsim: %s:%d: key 'namespace': region %s: a devdax namespace "
				"0x%llx-0x%llx holds its device at 0x%llx-0x%llx, not at start/size "
				"0x%llx-0x%llx\n", file, r->ns_line, r->label, r->ns_start, r->ns_end,
				r->ns_start + off, want_end, r->start, r->end);
			return -EINVAL;
		}
		return 0;
	}
	/* the smallest namespace that holds the device with its info block and memmap */
	off = a;
	for (int i = 0; i < 16; i++) {
		u64 next;

		if (off > r->start)
			return -ERANGE;
		next = devdax_offset(r->start - off, size + off, a);
		if (next == off)
			break;
		off = next;
	}
	r->ns_start = r->start - off;
	r->ns_end = r->end;
	return 0;
}

static void region_build(struct ndregion *nr)
{
	struct region *r = nr->r;
	char path[1024];

	nr->dir = r->home->parent;
	nr->align = ND_REGION_ALIGN;
	snprintf(nr->nsname, sizeof(nr->nsname), "namespace%d.0", r->id);
	snprintf(nr->holder, sizeof(nr->holder), "%s", r->home->name);
	tree_attrs(nr->dir, region_attrs, ARRAY_SIZE(region_attrs), nr);
	tree_link(nr->dir, "driver", "/bus/nd/drivers/nd_region");
	tree_link(nr->dir, "subsystem", "/bus/nd");
	tree_path(nr->dir, path, sizeof(path));
	tree_link(tree_dir_p("/bus/nd/devices"), nr->dir->name, path);
	tree_link(tree_dir_p("/bus/nd/drivers/nd_region"), nr->dir->name, path);

	nr->ns = tree_dir(nr->dir, nr->nsname);
	tree_attrs(nr->ns, ns_attrs, ARRAY_SIZE(ns_attrs), nr);
	tree_link(nr->ns, "subsystem", "/bus/nd");
	tree_path(nr->ns, path, sizeof(path));
	tree_link(tree_dir_p("/bus/nd/devices"), nr->nsname, path);

	/* the nd_dax device (rendered by region.c) is bound to dax_pmem */
	tree_path(r->home, path, sizeof(path));
	tree_link(tree_dir_p("/bus/nd/devices"), r->home->name, path);
	tree_link(tree_dir_p("/bus/nd/drivers/dax_pmem"), r->home->name, path);
	nd_seeds_build(r, nr->dir, nr->nsname);
}

/*
 * Build the nd bus objects of every static (pmem) region whose home is
 * /devices/platform/e820_pmem/ndbusB/regionR/daxR.N. Called once all regions are rendered;
 * @file names the topology in messages. Returns 0 or -EINVAL.
 */
int nd_build(const char *file)
{
	/* driver, its module */
	static const char *const drivers[][2] = {
		{ "dax_pmem", "dax_pmem" }, { "nd_bus", "libnvdimm" }, { "nd_pmem", "nd_pmem" },
		{ "nd_region", "libnvdimm" }, { "nvdimm", "libnvdimm" },
	};
	static const char *const mods[] = { "libnvdimm", "nd_btt", "nd_e820", "nd_pmem" };
	bool any = false;

	for (int i = 0; i < M.nregions; i++) {
		struct region *r = M.regions[i];
		char bus[512];
		int bus_id, rc;
		struct ndregion *nr;

		if (r->prov != PROV_PMEM) {
			if (r->ns_line) {
				fprintf(stderr, "daxsim: %s:%d: key 'namespace': region %s: only pmem "
					"regions have a namespace\n", file, r->ns_line, r->label);
				return -EINVAL;
			}
			continue;
		}
		if (!parse_home(r, bus, sizeof(bus), &bus_id)) {
			if (r->ns_line) {
				fprintf(stderr, "daxsim: %s:%d: key 'namespace': region %s: the nd bus is "
					"modelled for paths /devices/platform/e820_pmem/ndbusB/region%d/"
					"dax%d.N only\n", file, r->ns_line, r->label, r->id, r->id);
				return -EINVAL;
			}
			continue;
		}
		rc = region_ns_range(r, file);
		if (rc == -ERANGE)
			continue;	/* no room below the device for its info block */
		if (rc)
			return rc;
		if (!ctl_major) {
			ctl_major = pick_ctl_major();
			if (ctl_major < 0) {
				fprintf(stderr, "daxsim: %s: no free character major for the nd control "
					"device (the host registers 60-63, 120-127 and 240-254)\n", file);
				return -EINVAL;
			}
		}
		nr = xcalloc(1, sizeof(*nr));
		nr->r = r;
		nr->bus = bus_get(bus, bus_id);
		regs = xrealloc(regs, (nregs + 1) * sizeof(*regs));
		regs[nregs++] = nr;
		region_build(nr);
		any = true;
	}
	if (!any)
		return 0;
	/* libnvdimm and its drivers are loaded: the module and driver directories */
	for (size_t i = 0; i < ARRAY_SIZE(mods); i++)
		module_add(mods[i], false);
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
		static const struct attr drv_uevent = { "uevent", 0200, NULL, store_uevent };
		char p[64], m[64];
		struct node *d;

		snprintf(p, sizeof(p), "/bus/nd/drivers/%s", drivers[i][0]);
		snprintf(m, sizeof(m), "/module/%s", drivers[i][1]);
		d = tree_dir_p(p);
		tree_attr(d, &drv_uevent, NULL);
		tree_link(d, "module", m);
	}
	tree_link(tree_dir_p("/bus/platform/drivers/e820_pmem"), "module", "/module/nd_e820");
	tree_attr(tree_dir_p("/bus/nd"), &nd_bus_autoprobe, NULL);
	tree_attr(tree_dir_p("/bus/nd"), &nd_bus_uevent, NULL);
	return 0;
}
