// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * create-device: one new device per selected region, sized by --size or laid out by --input
 * (a device saved with `daxctl list -M`), verified by reading it back, then enabled. Under the
 * region lock; a failure deletes what was made, so no size-0 device is left behind.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include <daxctl/libdaxctl.h>

#include "builtin.h"
#include "filter.h"
#include "parse-options.h"
#include "workflow.h"

/* ---- create-device ---- */

struct range {
	unsigned long long start, end, pgoff;	/* end inclusive, pgoff in pages */
};

/* A device saved with `daxctl list -M`: its region, size, align and ranges. */
struct layout {
	int region_id;
	unsigned long long size, align;
	int nr;
	struct range *r;
};

static int json_u64(struct json_object *o, const char *key, unsigned long long *v,
		const char *file)
{
	struct json_object *k;

	if (!json_object_object_get_ex(o, key, &k)) {
		fprintf(stderr, "error: --input %s: missing key '%s'\n", file, key);
		return -EINVAL;
	}
	if (!json_object_is_type(k, json_type_int)) {
		fprintf(stderr, "error: --input %s: '%s' is not a number (save it with 'daxctl list -M', without -u)\n",
				file, key);
		return -EINVAL;
	}
	*v = json_object_get_uint64(k);
	return 0;
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->pgoff < y->pgoff ? -1 : x->pgoff > y->pgoff;
}

/* The "mappings" array @maps into l->r, each range read and checked alone: 0 or -errno. */
static int read_mappings(const char *file, struct json_object *maps, struct layout *l)
{
	int i;

	l->nr = json_object_array_length(maps);
	l->r = calloc(l->nr, sizeof(*l->r));
	if (!l->r)
		return -ENOMEM;
	for (i = 0; i < l->nr; i++) {
		struct json_object *m = json_object_array_get_idx(maps, i);
		struct range *r = &l->r[i];

		if (!json_object_is_type(m, json_type_object)) {
			fprintf(stderr, "error: --input %s: mappings[%d] is not an object\n", file, i);
			return -EINVAL;
		}
		if (json_u64(m, "start", &r->start, file) || json_u64(m, "end", &r->end, file) ||
				json_u64(m, "page_offset", &r->pgoff, file))
			return -EINVAL;
		if (r->end < r->start) {
			fprintf(stderr, "error: --input %s: mappings[%d] ends before it starts\n", file, i);
			return -EINVAL;
		}
	}
	return 0;
}

/* In page_offset order, the ranges must follow each other and add up to the size. */
static int check_continuity(const char *file, struct layout *l)
{
	unsigned long long sum = 0;
	int i;

	qsort(l->r, l->nr, sizeof(l->r[0]), range_cmp);
	for (i = 0; i < l->nr; i++) {
		if (l->r[i].pgoff * 4096 != sum) {
			fprintf(stderr, "error: --input %s: page_offset %#llx leaves a hole or overlap (expected %#llx)\n",
					file, l->r[i].pgoff, sum / 4096);
			return -EINVAL;
		}
		sum += l->r[i].end - l->r[i].start + 1;
	}
	if (sum != l->size) {
		fprintf(stderr, "error: --input %s: the mappings add up to %#llx, not size %#llx\n",
				file, sum, l->size);
		return -EINVAL;
	}
	return 0;
}

static int read_layout(const char *file, struct layout *l)
{
	struct json_object *root = json_object_from_file(file), *o = root, *k, *maps;
	int rc = -EINVAL, dev;

	if (!root) {
		fprintf(stderr, "error: --input %s: not a JSON file (%s)\n", file,
				json_util_get_last_err() ? json_util_get_last_err() : "unreadable");
		return -EINVAL;
	}
	if (json_object_is_type(o, json_type_array) && json_object_array_length(o) == 1)
		o = json_object_array_get_idx(o, 0);
	if (!json_object_is_type(o, json_type_object)) {
		fprintf(stderr, "error: --input %s: expected one device object\n", file);
		goto out;
	}
	if (!json_object_object_get_ex(o, "chardev", &k) || !json_object_is_type(k, json_type_string)
			|| strncmp(json_object_get_string(k), "dax", 3)
			|| !filter_parse_dev(json_object_get_string(k), &l->region_id, &dev)) {
		fprintf(stderr, "error: --input %s: missing or bad key 'chardev'\n", file);
		goto out;
	}
	if (json_u64(o, "size", &l->size, file) || json_u64(o, "align", &l->align, file))
		goto out;
	if (!json_object_object_get_ex(o, "mappings", &maps) ||
			!json_object_is_type(maps, json_type_array) ||
			!json_object_array_length(maps)) {
		fprintf(stderr, "error: --input %s: missing key 'mappings' (save it with 'daxctl list -M')\n",
				file);
		goto out;
	}
	rc = read_mappings(file, maps, l);
	if (!rc)
		rc = check_continuity(file, l);
out:
	json_object_put(root);
	return rc;
}

/* The lowest byte any device of @region holds: where the region starts. */
static unsigned long long region_start(struct daxctl_region *region)
{
	unsigned long long lo = ~0ULL, res;
	struct daxctl_mapping *m;
	struct daxctl_dev *dev;

	daxctl_dev_foreach(region, dev) {
		daxctl_mapping_foreach(dev, m)
			if (daxctl_mapping_get_start(m) < lo)
				lo = daxctl_mapping_get_start(m);
		res = daxctl_dev_get_resource(dev);
		if (res && res != ~0ULL && res < lo)
			lo = res;
	}
	return lo;
}

/* Every range of every device in the region, to check an --input layout before writing. */
static int check_layout_free(struct daxctl_region *region, const struct layout *l,
		const char *file)
{
	unsigned long long lo, size = daxctl_region_get_size(region);
	struct daxctl_mapping *m;
	struct daxctl_dev *dev;
	int j;

	daxctl_dev_foreach(region, dev)
		daxctl_mapping_foreach(dev, m)
			for (j = 0; j < l->nr; j++)
				if (l->r[j].start <= daxctl_mapping_get_end(m) &&
						daxctl_mapping_get_start(m) <= l->r[j].end) {
					fprintf(stderr, "error: --input %s: range %#llx-%#llx is in use by %s\n",
							file, l->r[j].start, l->r[j].end,
							daxctl_dev_get_devname(dev));
					return -EBUSY;
				}
	lo = region_start(region);
	if (lo == ~0ULL)
		return 0;
	for (j = 0; j < l->nr; j++)
		if (l->r[j].start < lo || l->r[j].end > lo + size - 1) {
			fprintf(stderr, "error: --input %s: range %#llx-%#llx is outside region %d (%#llx-%#llx)\n",
					file, l->r[j].start, l->r[j].end,
					daxctl_region_get_id(region), lo, lo + size - 1);
			return -EINVAL;
		}
	return 0;
}

/* Under the lock: does the region have room for @size at @align? */
static int create_checks(struct daxctl_region *region, unsigned long long size,
		unsigned long long align)
{
	unsigned long long avail = daxctl_region_get_available_size(region);
	int id = daxctl_region_get_id(region);

	if (!size) {
		fprintf(stderr, "region%d: no space available\n", id);
		return -ENOSPC;
	}
	if (size > avail) {
		fprintf(stderr, "region%d: size %#llx is more than the available %#llx\n", id,
				size, avail);
		return -ENOSPC;
	}
	if (align && size % align) {
		fprintf(stderr, "region%d: size %#llx is not a multiple of align %#llx\n", id,
				size, align);
		return -EINVAL;
	}
	return 0;
}

static int create_layout(struct daxctl_region *region, const struct layout *l,
		unsigned long long align, struct daxctl_txn *txn, struct daxctl_dev **out)
{
	unsigned long long *r = calloc(2 * l->nr, sizeof(*r));
	int i, rc;

	if (!r)
		return -ENOMEM;
	for (i = 0; i < l->nr; i++) {
		r[2 * i] = l->r[i].start;
		r[2 * i + 1] = l->r[i].end;
	}
	rc = daxctl_region_create_devdax_mappings(region, r, l->nr, align, txn, out);
	free(r);
	return rc;
}

static int create_in_region(struct daxctl_region *region, struct wf_opts *o,
		const struct layout *l, struct daxctl_dev **out)
{
	unsigned long long size, align;
	struct daxctl_txn *txn;
	char who[32];
	int rc;

	snprintf(who, sizeof(who), "region%d", daxctl_region_get_id(region));
	if (!daxctl_region_is_dynamic(region)) {
		fprintf(stderr, "%s: static region: devices cannot be created\n", who);
		return -ENOSPC;
	}
	if (l) {
		rc = check_layout_free(region, l, o->input);
		if (rc)
			return rc;
	}
	rc = wf_begin(region, who, &txn);
	if (rc)
		return rc;
	/* sizes are checked under the lock: another daxctl may have allocated meanwhile */
	size = l ? l->size : o->has_size ? o->size : daxctl_region_get_available_size(region);
	align = o->has_align ? o->align : l && l->align ? l->align : daxctl_region_get_align(region);
	if (align == ULONG_MAX)
		align = 0;	/* the region's align is root-only: the kernel's default */
	rc = create_checks(region, size, align);
	if (rc)
		return wf_end(txn, who, rc);
	if (l)
		rc = create_layout(region, l, align, txn, out);
	else
		rc = daxctl_region_create_devdax(region, size, align, txn, out);
	if (rc)
		fprintf(stderr, "%s: create failed: %s\n", who, strerror(-rc));
	return wf_end(txn, who, rc);
}

/* --input: read the layout and check it against -s and -r; 0 or -EINVAL (said why). */
static int input_layout(struct wf_opts *o, struct layout *l)
{
	int want;

	if (read_layout(o->input, l))
		return -EINVAL;
	if (o->has_size && o->size != l->size) {
		fprintf(stderr, "error: --size %s differs from the size %#llx in %s\n",
				o->size_str, l->size, o->input);
		return -EINVAL;
	}
	if (o->region && !filter_is_all(o->region) &&
			(!filter_parse_region(o->region, &want) || want != l->region_id)) {
		fprintf(stderr, "error: --region %s differs from region %d of %s\n",
				o->region, l->region_id, o->input);
		return -EINVAL;
	}
	return 0;
}

/* One device in each selected region; the new ones in *@devs (to free). */
static int create_all(struct daxctl_ctx *ctx, struct wf_opts *o, struct layout *l,
		struct daxctl_dev ***devs, int *done)
{
	struct daxctl_region *region;
	struct daxctl_dev **more;
	int rc = 0, n = 0, r;

	daxctl_region_foreach(ctx, region) {
		if (o->input ? daxctl_region_get_id(region) != l->region_id
				: !filter_region(region, o->region))
			continue;
		n++;
		more = realloc(*devs, (*done + 1) * sizeof(**devs));
		if (!more)
			return -ENOMEM;
		*devs = more;
		r = create_in_region(region, o, o->input ? l : NULL, &(*devs)[*done]);
		if (r)
			rc = r;
		else
			(*done)++;
	}
	if (n)
		return rc;
	if (o->input)
		fprintf(stderr, "error: no region %d (named in --input)\n", l->region_id);
	else if (o->region)
		fprintf(stderr, "error: no region %s\n", o->region);
	else
		fprintf(stderr, "error: no dax regions on this machine\n");
	return -ENODEV;
}

int cmd_create_device(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	struct wf_opts o = { 0 };
	const struct option options[] = {
		OPT_STRING('r', "region", &o.region, "region-id", "filter by region"),
		OPT_BOOLEAN('u', "human", &o.human, "use human friendly number formats"),
		OPT_BOOLEAN('v', "verbose", &o.verbose, "emit more debug messages"),
		OPT_STRING('s', "size", &o.size_str, "size", "size of the new device"),
		OPT_STRING('a', "align", &o.align_str, "align", "alignment of the new device"),
		OPT_FILENAME(0, "input", &o.input, "file", "restore a layout saved with 'daxctl list -M'"),
		OPT_END(),
	};
	const char * const u[] = { "daxctl create-device [<options>]", NULL };
	struct daxctl_dev **devs = NULL;
	struct layout l = { 0 };
	int i, rc, done = 0;

	argc = parse_options(argc, argv, options, u, 0);
	for (i = 0; i < argc; i++)
		error("unknown extra parameter \"%s\"", argv[i]);
	if (argc)
		usage_with_options(u, options);
	wf_setup(ctx, o.verbose);
	if (wf_parse_common_sizes(&o))
		return -EINVAL;
	if (o.input && input_layout(&o, &l)) {
		free(l.r);
		return -EINVAL;
	}
	rc = create_all(ctx, &o, &l, &devs, &done);
	if (done)
		wf_print_json(devs, done, o.human);
	free(devs);
	free(l.r);
	wf_summary("creating devices", "created %d device%s", rc, done);
	return rc;
}
