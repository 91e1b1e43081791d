// SPDX-License-Identifier: GPL-2.0-or-later
/* dax devices: attributes, ranges (mappingN), resize and the allocation algorithm. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

u64 dev_size(const struct dev *d)
{
	u64 s = 0;

	for (int i = 0; i < d->nr; i++)
		s += d->ranges[i].end - d->ranges[i].start + 1;
	return s;
}

static u64 gran(const struct dev *d)
{
	return d->align > COMPAT_ALIGN ? d->align : COMPAT_ALIGN;
}

/* ---- mappingN ---- */
struct mref { struct dev *d; int mid; };

static struct range *mref_range(struct mref *m)
{
	for (int i = 0; i < m->d->nr; i++)
		if (m->d->ranges[i].mid == m->mid)
			return &m->d->ranges[i];
	return NULL;
}

static ssize_t show_mstart(void *o, char *b)
{
	struct range *r = mref_range(o);

	return r ? snprintf(b, SHOW_MAX, "0x%llx\n", r->start) : -ENXIO;
}

static ssize_t show_mend(void *o, char *b)
{
	struct range *r = mref_range(o);

	return r ? snprintf(b, SHOW_MAX, "0x%llx\n", r->end) : -ENXIO;
}

static ssize_t show_mpgoff(void *o, char *b)
{
	struct range *r = mref_range(o);

	return r ? snprintf(b, SHOW_MAX, "0x%llx\n", r->pgoff) : -ENXIO;
}

static const struct attr mapping_attrs[] = {
	{ "end", 0400, show_mend, NULL },
	{ "page_offset", 0400, show_mpgoff, NULL },
	{ "start", 0400, show_mstart, NULL },
	{ "uevent", 0644, show_empty, store_uevent },
};

void dev_range_render(struct dev *d, struct range *rg)
{
	char name[32];
	struct mref *m = malloc(sizeof(*m));

	if (!m)
		die("out of memory");
	free(rg->ref);
	rg->ref = m;
	m->d = d;
	m->mid = rg->mid;
	snprintf(name, sizeof(name), "mapping%d", rg->mid);
	rg->dir = tree_dir(d->dir, name);
	tree_attrs(rg->dir, mapping_attrs, ARRAY_SIZE(mapping_attrs), m);
	tree_dir(rg->dir, "power");
}

static int mid_alloc(struct dev *d)
{
	for (int id = 0;; id++) {
		bool used = false;

		for (int i = 0; i < d->nr; i++)
			used |= d->ranges[i].mid == id;
		if (!used)
			return id;
	}
}

int dev_append_range(struct dev *d, u64 start, u64 end)
{
	struct range *rg;

	d->ranges = xrealloc(d->ranges, (d->nr + 1) * sizeof(*d->ranges));
	rg = &d->ranges[d->nr];
	rg->start = start;
	rg->end = end;
	rg->pgoff = dev_size(d) / PAGE_SIZE;
	rg->mid = mid_alloc(d);
	rg->ref = NULL;
	d->nr++;
	dev_range_render(d, rg);
	return 0;
}

/* all ranges of all devices in the region, sorted by start */
struct ext { u64 start, end; struct dev *d; int idx; };

static int ext_cmp(const void *a, const void *b)
{
	const struct ext *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static struct ext *region_extents(struct region *r, int *n)
{
	struct ext *e = NULL;
	int k = 0;

	for (int i = 0; i < r->ndevs; i++)
		for (int j = 0; j < r->devs[i]->nr; j++) {
			e = xrealloc(e, (k + 1) * sizeof(*e));
			e[k].start = r->devs[i]->ranges[j].start;
			e[k].end = r->devs[i]->ranges[j].end;
			e[k].d = r->devs[i];
			e[k].idx = j;
			k++;
		}
	if (k)
		qsort(e, k, sizeof(*e), ext_cmp);
	*n = k;
	return e;
}

/* Grow by `need` bytes: first fit by address, only the last range extends (abi §8.2). */
int dev_grow(struct dev *d, u64 need)
{
	struct region *r = d->region;

	while (need) {
		int n;
		_cleanup_free_ struct ext *e = region_extents(r, &n);
		u64 take = 0;

		if (!n) {
			dev_append_range(d, r->start, r->start + need - 1);
			return 0;
		}
		for (int i = 0; i < n; i++) {
			struct ext *c = &e[i], *next = i + 1 < n ? &e[i + 1] : NULL;

			if (i == 0 && c->start > r->start) {
				take = c->start - r->start < need ? c->start - r->start : need;
				dev_append_range(d, r->start, r->start + take - 1);
				goto progressed;
			}
			take = 0;
			if (next && next->start > c->end + 1)
				take = next->start - (c->end + 1);
			if (!take && !next && c->end < r->end)
				take = r->end - c->end;
			if (!take)
				continue;
			if (take > need)
				take = need;
			if (c->d == d && c->idx == d->nr - 1)
				d->ranges[d->nr - 1].end += take;
			else
				dev_append_range(d, c->end + 1, c->end + take);
			goto progressed;
		}
		return -ENOSPC;
progressed:
		need -= take;
	}
	return 0;
}

void dev_shrink(struct dev *d, u64 cut)
{
	for (int i = d->nr - 1; i >= 0 && cut; i--) {
		struct range *rg = &d->ranges[i];
		u64 len = rg->end - rg->start + 1;

		if (cut >= len) {
			tree_remove(rg->dir);
			free(rg->ref);
			rg->ref = NULL;
			d->nr--;
			cut -= len;
		} else {
			rg->end -= cut;
			cut = 0;
		}
	}
}

/* ---- attributes ---- */
static ssize_t show_modalias(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "dax:t0\n");
}

static ssize_t show_size(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", dev_size(o));
}

static ssize_t store_size(void *o, const char *buf, size_t len)
{
	struct dev *d = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	u64 v, cur;
	int rc = parse_u64(s, &v);

	if (rc)
		return rc;
	if (v % gran(d))
		return -EINVAL;
	if (d->drv)
		return -EBUSY;
	cur = dev_size(d);
	if (v == cur)
		return len;
	if (v > cur && v - cur > region_available(d->region))
		return -ENOSPC;
	if (v < cur)
		dev_shrink(d, cur - v);
	else if ((rc = dev_grow(d, v - cur)))
		return rc;
	return len;
}

static ssize_t show_align(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", ((struct dev *)o)->align);
}

static ssize_t store_align(void *o, const char *buf, size_t len)
{
	struct dev *d = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	u64 v, g;

	if (parse_u64(s, &v))
		return -ENXIO;
	if (v != SZ_4K && v != SZ_2M && v != SZ_1G)
		return -EINVAL;
	if (d->drv)
		return -EBUSY;
	g = v > COMPAT_ALIGN ? v : COMPAT_ALIGN;
	for (int i = 0; i < d->nr; i++)
		if ((d->ranges[i].end - d->ranges[i].start + 1) % g)
			return -EINVAL;
	d->align = v;
	return len;
}

static int parse_hex(const char *s, u64 *v)
{
	u64 acc = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned dg;

		if (*s >= '0' && *s <= '9')
			dg = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			dg = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			dg = *s - 'A' + 10;
		else
			return -EINVAL;
		if (acc >> 60)
			return -ERANGE;
		acc = acc * 16 + dg;
	}
	*v = acc;
	return 0;
}

static ssize_t store_mapping(void *o, const char *buf, size_t len)
{
	struct dev *d = o;
	struct region *r = d->region;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	char *dash;
	u64 a, e, l;
	int rc;

	if (len && s[len - 1] == '\n')
		s[len - 1] = 0;
	dash = strchr(s, '-');
	if (!dash)
		return -EINVAL;
	*dash = 0;
	if ((rc = parse_hex(s, &a)) || (rc = parse_hex(dash + 1, &e)))
		return rc;
	l = e - a + 1;
	if (e + 1 == a) {	/* zero length */
		return d->nr ? -EBUSY : (ssize_t)len;
	}
	if (l % gran(d))
		return M.kv->mapping_misaligned_ok ? (ssize_t)len : -ENXIO;
	if (e < a || a < r->start || e > r->end)
		return -ENOMEM;
	for (int i = 0; i < r->ndevs; i++)
		for (int j = 0; j < r->devs[i]->nr; j++) {
			struct range *rg = &r->devs[i]->ranges[j];

			if (a <= rg->end && rg->start <= e)
				return -ENOMEM;
		}
	dev_append_range(d, a, e);
	return len;
}

static ssize_t show_target(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct dev *)o)->region->target_node);
}

static ssize_t show_numa(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct dev *)o)->region->numa_node);
}

static ssize_t show_resource(void *o, char *b)
{
	struct dev *d = o;

	return snprintf(b, SHOW_MAX, "0x%llx\n", d->nr ? d->ranges[0].start : d->region->start);
}

static ssize_t show_dev(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d:%d\n", M.dax_major, ((struct dev *)o)->minor);
}

static ssize_t show_uevent(void *o, char *b)
{
	struct dev *d = o;
	int n = snprintf(b, SHOW_MAX, "MAJOR=%d\nMINOR=%d\nDEVNAME=%s\n", M.dax_major, d->minor, d->name);

	if (d->drv)
		n += snprintf(b + n, SHOW_MAX - n, "DRIVER=%s\n", d->drv->name);
	n += snprintf(b + n, SHOW_MAX - n, "MODALIAS=dax:t0\n");
	return n;
}

static ssize_t show_memmap(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct dev *)o)->memmap);
}

static ssize_t store_memmap(void *o, const char *buf, size_t len)
{
	struct dev *d = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	bool v;

	if (parse_bool(s, &v))
		return -EINVAL;
	if (v && !M.memmap_opt)
		return -EOPNOTSUPP;
	if (v != d->memmap && d->drv && d->drv->type == DRV_KMEM)
		return -EBUSY;
	d->memmap = v;
	return len;
}

static const struct attr dev_common[] = {
	{ "dev", 0444, show_dev, NULL },
	{ "modalias", 0444, show_modalias, NULL },
	{ "numa_node", 0444, show_numa, NULL },
	{ "resource", 0400, show_resource, NULL },
	{ "uevent", 0644, show_uevent, store_uevent },
};
static const struct attr dev_dyn[] = {
	{ "size", 0644, show_size, store_size },
	{ "align", 0644, show_align, store_align },
	{ "mapping", 0200, NULL, store_mapping },
};
static const struct attr dev_static[] = {
	{ "size", 0444, show_size, NULL },
	{ "align", 0444, show_align, NULL },
};
static const struct attr attr_target = { "target_node", 0444, show_target, NULL };
static const struct attr attr_memmap = { "memmap_on_memory", 0644, show_memmap, store_memmap };

void dev_render(struct dev *d)
{
	struct region *r = d->region;
	char path[1024];

	d->dir = tree_dir(r->home, d->name);
	tree_attrs(d->dir, dev_common, ARRAY_SIZE(dev_common), d);
	if (r->is_static)
		tree_attrs(d->dir, dev_static, ARRAY_SIZE(dev_static), d);
	else
		tree_attrs(d->dir, dev_dyn, ARRAY_SIZE(dev_dyn), d);
	if (r->target_node >= 0)
		tree_attr(d->dir, &attr_target, d);
	if (M.kv->memmap_attr)
		tree_attr(d->dir, &attr_memmap, d);
	tree_dir(d->dir, "power");
	tree_link(d->dir, "subsystem", "/bus/dax");
	for (int i = 0; i < d->nr; i++)
		dev_range_render(d, &d->ranges[i]);
	tree_path(d->dir, path, sizeof(path));
	tree_link(tree_dir_p("/bus/dax/devices"), d->name, path);
	{
		char cn[32];

		snprintf(cn, sizeof(cn), "%d:%d", M.dax_major, d->minor);
		tree_link(tree_dir_p("/dev/char"), cn, path);
	}
}

void dev_unrender(struct dev *d)
{
	char cn[32];

	snprintf(cn, sizeof(cn), "%d:%d", M.dax_major, d->minor);
	tree_remove_name(tree_dir_p("/dev/char"), cn);
	tree_remove_name(tree_dir_p("/bus/dax/devices"), d->name);
	tree_remove(d->dir);
	d->dir = NULL;
}
