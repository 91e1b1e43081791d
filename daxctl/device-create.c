// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * create-device: one new device per selected region, sized by --size or laid out by --input
 * (a device saved with `daxctl list -M`), verified by reading it back, then enabled. Under the
 * region lock; a failure deletes what was made, so no size-0 device is left behind.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
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

#define MAX_DEVS 4096

static int undo_create(struct txn *t, const char *dev, const char *region, unsigned long long v)
{
	char p[PATH_MAX + 128];

	(void)t;
	(void)v;
	snprintf(p, sizeof(p), "%s/dax_region/delete", region);
	return sysfs_write(p, dev);
}

/* ---- create-device ---- */

struct layout {
	int region_id;
	unsigned long long size, align;
	int nr;
	struct dax_range r[MAX_MAPPINGS];
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
	const struct dax_range *x = a, *y = b;

	return x->pgoff < y->pgoff ? -1 : x->pgoff > y->pgoff;
}

static int read_layout(const char *file, struct layout *l)
{
	struct json_object *root = json_object_from_file(file), *o = root, *k, *maps;
	unsigned long long sum = 0;
	int i, rc = -EINVAL, dev;

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
			|| sscanf(json_object_get_string(k), "dax%d.%d", &l->region_id, &dev) != 2) {
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
	l->nr = json_object_array_length(maps);
	if (l->nr > MAX_MAPPINGS) {
		fprintf(stderr, "error: --input %s: more than %d mappings\n", file, MAX_MAPPINGS);
		goto out;
	}
	for (i = 0; i < l->nr; i++) {
		struct json_object *m = json_object_array_get_idx(maps, i);
		struct dax_range *r = &l->r[i];

		if (!json_object_is_type(m, json_type_object)) {
			fprintf(stderr, "error: --input %s: mappings[%d] is not an object\n", file, i);
			goto out;
		}
		if (json_u64(m, "start", &r->start, file) || json_u64(m, "end", &r->end, file) ||
				json_u64(m, "page_offset", &r->pgoff, file))
			goto out;
		if (r->end < r->start) {
			fprintf(stderr, "error: --input %s: mappings[%d] ends before it starts\n", file, i);
			goto out;
		}
	}
	qsort(l->r, l->nr, sizeof(l->r[0]), range_cmp);
	for (i = 0; i < l->nr; i++) {
		if (l->r[i].pgoff * 4096 != sum) {
			fprintf(stderr, "error: --input %s: page_offset %#llx leaves a hole or overlap (expected %#llx)\n",
					file, l->r[i].pgoff, sum / 4096);
			goto out;
		}
		sum += l->r[i].end - l->r[i].start + 1;
	}
	if (sum != l->size) {
		fprintf(stderr, "error: --input %s: the mappings add up to %#llx, not size %#llx\n",
				file, sum, l->size);
		goto out;
	}
	rc = 0;
out:
	json_object_put(root);
	return rc;
}

struct region_info {
	int id;
	char path[PATH_MAX];	/* parent of dax_region/ */
	unsigned long long size, avail, align, start;
	bool dynamic;
};

/* Region facts straight from sysfs; @any is one device of the region. */
static int region_info(const char *any, struct region_info *ri)
{
	struct dax_state st;
	char buf[64];
	int rc = dax_state_read(any, &st);

	if (rc)
		return rc;
	memset(ri, 0, sizeof(*ri));
	ri->id = st.region_id;
	snprintf(ri->path, sizeof(ri->path), "%s", st.region);
	ri->dynamic = st.dynamic;
	if (dax_region_attr(&st, "size", buf, sizeof(buf)) == 0)
		ri->size = strtoull(buf, NULL, 0);
	if (dax_region_attr(&st, "align", buf, sizeof(buf)) == 0)
		ri->align = strtoull(buf, NULL, 0);
	if (ri->dynamic && dax_region_attr(&st, "available_size", buf, sizeof(buf)) == 0)
		ri->avail = strtoull(buf, NULL, 0);
	return 0;
}

/* Every range of every device in the region, to check an --input layout before writing. */
static int check_layout_free(struct daxctl_region *region, const struct layout *l,
		const struct region_info *ri, const char *file)
{
	unsigned long long lo = ~0ULL;
	struct daxctl_dev *dev;
	struct dax_state st;
	int i, j;

	daxctl_dev_foreach(region, dev) {
		if (dax_state_read(daxctl_dev_get_devname(dev), &st))
			continue;
		for (i = 0; i < st.nr_ranges; i++) {
			if (st.range[i].start < lo)
				lo = st.range[i].start;
			for (j = 0; j < l->nr; j++)
				if (l->r[j].start <= st.range[i].end && st.range[i].start <= l->r[j].end) {
					fprintf(stderr, "error: --input %s: range %#llx-%#llx is in use by %s\n",
							file, l->r[j].start, l->r[j].end, st.name);
					return -EBUSY;
				}
		}
		if (!st.nr_ranges) {
			char p[PATH_MAX + 128];
			unsigned long long res;

			snprintf(p, sizeof(p), "%s/resource", st.path);
			if (sysfs_read_u64(p, &res) == 0 && res < lo)
				lo = res;
		}
	}
	if (lo == ~0ULL)
		return 0;
	for (j = 0; j < l->nr; j++)
		if (l->r[j].start < lo || l->r[j].end > lo + ri->size - 1) {
			fprintf(stderr, "error: --input %s: range %#llx-%#llx is outside region %d (%#llx-%#llx)\n",
					file, l->r[j].start, l->r[j].end, ri->id, lo, lo + ri->size - 1);
			return -EINVAL;
		}
	return 0;
}

static int create_in_region(struct daxctl_region *region, struct wf_opts *o,
		const struct layout *l, char *newname)
{
	struct daxctl_dev *any = daxctl_dev_get_first(region);
	unsigned long long size, align;
	struct region_info ri;
	struct dax_state st;
	char p[PATH_MAX + 128], seed[64], made[64];
	struct txn t;
	int rc, lock, i;

	if (!any)
		return -ENODEV;
	rc = region_info(daxctl_dev_get_devname(any), &ri);
	if (rc)
		return rc;
	if (!ri.dynamic) {
		fprintf(stderr, "region%d: static region: devices cannot be created\n", ri.id);
		return -ENOSPC;
	}
	if (l) {
		rc = check_layout_free(region, l, &ri, o->input);
		if (rc)
			return rc;
	}
	lock = txn_lock(ri.id);
	if (lock < 0) {
		fprintf(stderr, "region%d: cannot take the lock: %s\n", ri.id, strerror(-lock));
		return lock;
	}
	/* sizes are checked under the lock: another daxctl may have allocated meanwhile */
	region_info(daxctl_dev_get_devname(any), &ri);
	size = l ? l->size : o->has_size ? o->size : ri.avail;
	align = o->has_align ? o->align : l && l->align ? l->align : ri.align;
	rc = -ENOSPC;
	if (!size) {
		fprintf(stderr, "region%d: no space available\n", ri.id);
		goto unlock;
	}
	if (size > ri.avail) {
		fprintf(stderr, "region%d: size %#llx is more than the available %#llx\n", ri.id,
				size, ri.avail);
		goto unlock;
	}
	rc = -EINVAL;
	if (align && size % align) {
		fprintf(stderr, "region%d: size %#llx is not a multiple of align %#llx\n", ri.id,
				size, align);
		goto unlock;
	}

	txn_init(&t, "create-device");
	/* a seed left by an earlier failed create (size 0, unbound) is reused, else make one */
	made[0] = seed[0] = '\0';
	snprintf(p, sizeof(p), "%s/dax_region/seed", ri.path);
	sysfs_read(p, seed, sizeof(seed));
	if (seed[0] && dax_state_read(seed, &st) == 0 && st.size == 0 && !st.driver[0]) {
		snprintf(newname, 32, "%s", seed);
	} else {
		snprintf(p, sizeof(p), "%s/dax_region/create", ri.path);
		rc = sysfs_write(p, "1");
		if (rc) {
			fprintf(stderr, "region%d: create failed: %s\n", ri.id, strerror(-rc));
			goto unlock;
		}
		/* `create` reads back the device this write made: that one is ours */
		if (sysfs_read(p, made, sizeof(made)) || !made[0]) {
			rc = -ENXIO;
			fprintf(stderr, "region%d: the new device is not visible in 'create'\n", ri.id);
			goto unlock;
		}
		snprintf(newname, 32, "%s", made);
		txn_push(&t, undo_create, made, ri.path, 0, "created %s", made);
	}
	rc = dax_state_read(newname, &st);
	if (!rc && (st.size || st.driver[0]))
		rc = -EBUSY;	/* someone else took it: not ours to size */
	if (rc) {
		fprintf(stderr, "%s: not an idle new device: %s\n", newname, strerror(-rc));
		goto rollback;
	}
	if (align && align != st.align) {
		snprintf(p, sizeof(p), "%s/align", st.path);
		rc = sysfs_writef(p, "%#llx\n", align);
		if (rc) {
			fprintf(stderr, "%s: failed to set align %#llx: %s\n", newname, align,
					strerror(-rc));
			goto rollback;
		}
		txn_push(&t, undo_align, newname, NULL, st.align, "%s: align set to %#llx",
				newname, align);
	}
	txn_push(&t, wf_undo_size, newname, NULL, 0, "%s: memory allocated", newname);
	if (l) {
		snprintf(p, sizeof(p), "%s/mapping", st.path);
		for (i = 0; i < l->nr && !rc; i++)
			rc = sysfs_writef(p, "%#llx-%#llx\n", l->r[i].start, l->r[i].end);
	} else {
		snprintf(p, sizeof(p), "%s/size", st.path);
		rc = sysfs_writef(p, "%#llx\n", size);
	}
	if (rc) {
		fprintf(stderr, "%s: failed to set size: %s\n", newname, strerror(-rc));
		goto rollback;
	}
	/* verify what the kernel did by reading it back */
	rc = dax_state_read(newname, &st);
	if (!rc && st.size != size) {
		fprintf(stderr, "%s: size is %#llx, not %#llx\n", newname, st.size, size);
		rc = -EIO;
	}
	for (i = 0; l && !rc && i < l->nr; i++)
		if (i >= st.nr_ranges || st.range[i].start != l->r[i].start ||
				st.range[i].end != l->r[i].end) {
			fprintf(stderr, "%s: mapping %d differs from the layout in %s\n", newname, i,
					o->input);
			rc = -EIO;
		}
	if (!rc && l && st.nr_ranges != l->nr)
		rc = -EIO;
	if (rc)
		goto rollback;
	rc = dax_bind(newname, "device_dax");
	if (rc)
		fprintf(stderr, "%s: failed to enable: %s\n", newname, strerror(-rc));
rollback:
	return txn_end(&t, lock, newname, rc);
unlock:
	txn_unlock(lock);
	return rc;
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
	static char names[MAX_DEVS][32];
	struct layout l;
	struct daxctl_region *region;
	int i, rc = 0, n = 0, done = 0;

	argc = parse_options(argc, argv, options, u, 0);
	for (i = 0; i < argc; i++)
		error("unknown extra parameter \"%s\"", argv[i]);
	if (argc)
		usage_with_options(u, options);
	txn_verbose = o.verbose;
	if (wf_parse_common_sizes(&o))
		return -EINVAL;
	if (o.input) {
		if (read_layout(o.input, &l))
			return -EINVAL;
		if (o.has_size && o.size != l.size) {
			fprintf(stderr, "error: --size %s differs from the size %#llx in %s\n",
					o.size_str, l.size, o.input);
			return -EINVAL;
		}
		if (o.region && !filter_is_all(o.region)) {
			char want[32];

			snprintf(want, sizeof(want), "%d", l.region_id);
			if (strcmp(o.region, want) && strcmp(o.region + (strncmp(o.region, "region", 6) ? 0 : 6), want)) {
				fprintf(stderr, "error: --region %s differs from region %d of %s\n",
						o.region, l.region_id, o.input);
				return -EINVAL;
			}
		}
	}

	daxctl_region_foreach(ctx, region) {
		if (o.input ? daxctl_region_get_id(region) != l.region_id
				: !filter_region(region, o.region))
			continue;
		n++;
		i = create_in_region(region, &o, o.input ? &l : NULL, names[done]);
		if (i)
			rc = i;
		else
			done++;
	}
	if (!n) {
		fprintf(stderr, "error: no region %s\n", o.input ? "named in --input" : o.region);
		rc = -ENODEV;
	}
	if (done)
		wf_print_json(names, done, o.human);
	wf_summary("creating devices", "created %d device%s", rc, done);
	return rc;
}

