// SPDX-License-Identifier: GPL-2.0-or-later
/* dax regions: dax_region attributes, create/delete, seed, device ids. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

u64 region_available(struct region *r)
{
	u64 used = 0;

	for (int i = 0; i < r->ndevs; i++)
		used += dev_size(r->devs[i]);
	return r->end - r->start + 1 - used;
}

struct dev *region_find_dev(struct region *r, const char *name)
{
	for (int i = 0; i < r->ndevs; i++)
		if (sysfs_streq(r->devs[i]->name, name))
			return r->devs[i];
	return NULL;
}

struct dev *dev_lookup(const char *name)
{
	for (int i = 0; i < M.nregions; i++) {
		struct dev *d = region_find_dev(M.regions[i], name);

		if (d)
			return d;
	}
	return NULL;
}

static int minor_alloc(void)
{
	for (int i = 0; i < M.nminors; i++)
		if (!M.minors[i]) {
			M.minors[i] = 1;
			return i;
		}
	M.minors = xrealloc(M.minors, M.nminors + 64);
	memset(M.minors + M.nminors, 0, 64);
	M.minors[M.nminors] = 1;
	M.nminors += 64;
	return M.nminors - 64;
}

/* Create device <region>.<id> (size 0, unbound), render it and its /dev node. */
struct dev *dev_new(struct region *r, int id)
{
	struct dev *d = calloc(1, sizeof(*d));
	int pos;

	if (!d)
		die("out of memory");
	d->region = r;
	d->id = id;
	snprintf(d->name, sizeof(d->name), "dax%d.%d", r->id, id);
	d->align = r->align;
	d->minor = minor_alloc();
	r->devs = xrealloc(r->devs, (r->ndevs + 1) * sizeof(*r->devs));
	for (pos = 0; pos < r->ndevs && r->devs[pos]->id < id; pos++)
		;
	memmove(&r->devs[pos + 1], &r->devs[pos], (r->ndevs - pos) * sizeof(*r->devs));
	r->devs[pos] = d;
	r->ndevs++;
	dev_render(d);
	devnode_add(d);
	return d;
}

void dev_delete(struct dev *d)
{
	struct region *r = d->region;

	for (int i = 0; i < r->ndevs; i++)
		if (r->devs[i] == d) {
			memmove(&r->devs[i], &r->devs[i + 1], (r->ndevs - i - 1) * sizeof(*r->devs));
			r->ndevs--;
			break;
		}
	if (r->seed == d)
		r->seed = NULL;
	if (r->youngest == d)
		r->youngest = NULL;
	devnode_del(d);
	dev_unrender(d);
	M.minors[d->minor] = 0;
	for (int i = 0; i < d->nr; i++)
		free(d->ranges[i].ref);
	free(d->ranges);
	free(d->spans);
	free(d);
}

static int lowest_free_id(struct region *r)
{
	int id = 0;

	for (int i = 0; i < r->ndevs; i++) {
		if (r->devs[i]->id != id)
			break;
		id++;
	}
	return id;
}

static ssize_t show_id(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct region *)o)->id);
}

static ssize_t show_rsize(void *o, char *b)
{
	struct region *r = o;

	return snprintf(b, SHOW_MAX, "%llu\n", r->end - r->start + 1);
}

static ssize_t show_ralign(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", ((struct region *)o)->align);
}

static ssize_t show_avail(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", region_available(o));
}

static ssize_t show_seed(void *o, char *b)
{
	struct region *r = o;

	return snprintf(b, SHOW_MAX, "%s\n", r->seed ? r->seed->name : "");
}

static ssize_t show_create(void *o, char *b)
{
	struct region *r = o;

	return snprintf(b, SHOW_MAX, "%s\n", r->youngest ? r->youngest->name : "");
}

static ssize_t store_create(void *o, const char *buf, size_t len)
{
	struct region *r = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	u64 v;
	int rc = parse_u64(s, &v);
	struct dev *d;

	if (rc)
		return rc;
	if (v != 1)
		return -EINVAL;
	if (!region_available(r))
		return -ENOSPC;
	d = dev_new(r, lowest_free_id(r));
	if (!r->seed)
		r->seed = d;
	r->youngest = d;
	return len;
}

static ssize_t store_delete(void *o, const char *buf, size_t len)
{
	struct region *r = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	struct dev *d = region_find_dev(r, s);

	if (!d)
		return -ENXIO;
	if (d->drv || dev_size(d))
		return -EBUSY;
	if (d->id == 0)
		return -EBUSY;
	dev_delete(d);
	return len;
}

static const struct attr region_attrs[] = {
	{ "id", 0444, show_id, NULL },
	{ "size", 0444, show_rsize, NULL },
	{ "align", 0400, show_ralign, NULL },
};

static const struct attr region_dyn_attrs[] = {
	{ "available_size", 0444, show_avail, NULL },
	{ "seed", 0444, show_seed, NULL },
	{ "create", 0644, show_create, store_create },
	{ "delete", 0200, NULL, store_delete },
};

static ssize_t show_str(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", (const char *)o);
}

static ssize_t store_ignore(void *o, const char *b, size_t len)
{
	(void)o;
	(void)b;
	return len;
}

static ssize_t show_rnuma(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct region *)o)->numa_node);
}

static ssize_t show_rtarget(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct region *)o)->target_node);
}

static ssize_t show_rstart(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "0x%llx\n", ((struct region *)o)->start);
}

static ssize_t show_hmem_uevent(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "DRIVER=hmem\nMODALIAS=platform:hmem\n");
}

static ssize_t show_override(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "(null)\n");
}

static const struct attr hmem_attrs[] = {
	{ "driver_override", 0644, show_override, store_ignore },
	{ "modalias", 0444, show_str, NULL },
	{ "numa_node", 0444, show_rnuma, NULL },
	{ "uevent", 0644, show_hmem_uevent, store_uevent },
};

static ssize_t show_nd_uevent(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "DEVTYPE=nd_dax\nDRIVER=dax_pmem\nMODALIAS=nd:t7\n");
}

static ssize_t show_nd_align(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", ((struct region *)o)->align);
}

/* the nd_dax device is enabled: its settings cannot change */
static ssize_t store_busy(void *o, const char *b, size_t len)
{
	(void)o;
	(void)b;
	(void)len;
	return -EBUSY;
}

static const struct attr nd_attrs[] = {
	{ "align", 0644, show_nd_align, store_busy },
	{ "devtype", 0444, show_str, NULL },
	{ "modalias", 0444, show_str, NULL },
	{ "mode", 0644, show_str, store_busy },
	{ "namespace", 0644, show_str, store_busy },
	{ "numa_node", 0444, show_rnuma, NULL },
	{ "resource", 0400, show_rstart, NULL },
	{ "size", 0444, show_rsize, NULL },
	{ "supported_alignments", 0444, show_str, NULL },
	{ "target_node", 0444, show_rtarget, NULL },
	{ "uevent", 0644, show_nd_uevent, store_uevent },
	{ "uuid", 0644, show_str, store_busy },
};

/* Render the region's home (provider device) and its dax_region group. */
void region_render(struct region *r)
{
	struct node *home = tree_dir_p(r->path);

	r->home = home;
	r->rdir = tree_dir(home, "dax_region");
	tree_attrs(r->rdir, region_attrs, ARRAY_SIZE(region_attrs), r);
	if (!r->is_static)
		tree_attrs(r->rdir, region_dyn_attrs, ARRAY_SIZE(region_dyn_attrs), r);
	if (r->prov != PROV_PMEM)	/* nd devices have no power/ */
		tree_dir(home, "power");
	switch (r->prov) {
	case PROV_HMEM:
		for (size_t i = 0; i < ARRAY_SIZE(hmem_attrs); i++)
			tree_attr(home, &hmem_attrs[i], i == 1 ? (void *)"platform:hmem" : (void *)r);
		tree_link(home, "driver", "/bus/platform/drivers/hmem");
		tree_link(home, "subsystem", "/bus/platform");
		tree_dir_p("/bus/platform/drivers/hmem");
		break;
	case PROV_CXL:
		tree_link(home, "driver", "/bus/cxl/drivers/cxl_dax_region");
		tree_link(home, "subsystem", "/bus/cxl");
		tree_dir_p("/bus/cxl/drivers/cxl_dax_region");
		break;
	case PROV_PMEM: {
		/* the nd_dax device of the namespace: what ndctl shows, read-only here */
		static const char *const strs[] = {
			NULL, "nd_dax", "nd:t7", "pmem", NULL, NULL, NULL, NULL,
			"4096 2097152 1073741824 ", NULL, NULL, NULL,
		};

		snprintf(r->nsname, sizeof(r->nsname), "namespace%d.0", r->id);
		for (size_t i = 0; i < ARRAY_SIZE(nd_attrs); i++) {
			void *o = strs[i] ? (void *)strs[i] : (void *)r;

			if (!strcmp(nd_attrs[i].name, "namespace"))
				o = r->nsname;
			if (!strcmp(nd_attrs[i].name, "uuid")) {
				if (!r->uuid[0])	/* a fixed default, one per region id */
					snprintf(r->uuid, sizeof(r->uuid),
						 "00000000-0000-4000-8000-%012x", (unsigned)r->id);
				o = r->uuid;
			}
			tree_attr(home, &nd_attrs[i], o);
		}
		tree_link(home, "driver", "/bus/nd/drivers/dax_pmem");
		tree_link(home, "subsystem", "/bus/nd");
		tree_dir_p("/bus/nd/drivers/dax_pmem");
		break;
	}
	}
}
