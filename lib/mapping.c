// SPDX-License-Identifier: LGPL-2.1-or-later
/* The physical ranges (mappingN/) of a device. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

static int read_mapping_attr(struct daxctl_dev *dev, int n, const char *attr,
		unsigned long long *val)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/mapping%d/%s", dev->path, n,
				attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return sysfs_read_ull(dev->region->ctx, path, 0, val);
}

/*
 * Read mapping0, mapping1, ... until one is missing (or unreadable: the
 * attributes are 0400). Head insertion gives upstream's order, highest
 * index first.
 */
void mappings_init(struct daxctl_dev *dev)
{
	int n;

	if (dev->mappings_init)
		return;
	dev->mappings_init = true;
	dev->mappings_err = 0;
	for (n = 0;; n++) {
		unsigned long long start, end, pgoff;
		struct daxctl_mapping *m;
		int rc;

		rc = read_mapping_attr(dev, n, "start", &start);
		if (!rc)
			rc = read_mapping_attr(dev, n, "end", &end);
		if (!rc)
			rc = read_mapping_attr(dev, n, "page_offset", &pgoff);
		if (rc) {
			if (rc != -ENOENT)
				dev->mappings_err = rc;
			break;
		}
		m = calloc(1, sizeof(*m));
		if (!m) {
			err(dev->region->ctx, "%s: mapping%d allocation failure\n",
					dev->devname, n);
			break;
		}
		m->dev = dev;
		m->start = start;
		m->end = end;
		m->pgoff = pgoff;
		list_add(&dev->mappings, &m->list);
	}
}

/*
 * The device's ranges changed: forget the cached list. The old mapping
 * objects stay allocated (callers may hold them) until the device goes.
 */
void mappings_invalidate(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m, *next;

	list_for_each_safe(&dev->mappings, m, next, list) {
		list_del(&m->list);
		list_add_tail(&dev->stale_mappings, &m->list);
	}
	dev->mappings_init = false;
	if (dev->mem)
		memory_forget_blocks(dev->mem);
}

void mappings_free(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m, *next;

	list_for_each_safe(&dev->mappings, m, next, list) {
		list_del(&m->list);
		free(m);
	}
	list_for_each_safe(&dev->stale_mappings, m, next, list) {
		list_del(&m->list);
		free(m);
	}
}

/**
 * daxctl_mapping_get_first - first range of a device
 * @dev: a device
 *
 * Ranges come highest mappingN first, as from the reference library.
 * mappingN/ attributes are 0400, so unprivileged callers get NULL.
 */
DAXCTL_EXPORT struct daxctl_mapping *daxctl_mapping_get_first(
		struct daxctl_dev *dev)
{
	if (!dev)
		return NULL;
	mappings_init(dev);
	return list_top(&dev->mappings, struct daxctl_mapping, list);
}

/**
 * daxctl_mapping_get_next - range after @mapping, or NULL
 * @mapping: a range
 */
DAXCTL_EXPORT struct daxctl_mapping *daxctl_mapping_get_next(
		struct daxctl_mapping *mapping)
{
	if (!mapping)
		return NULL;
	return list_next(&mapping->dev->mappings, mapping, list);
}

/**
 * daxctl_mapping_get_start - physical address of the range's first byte
 * @mapping: a range
 */
DAXCTL_EXPORT unsigned long long daxctl_mapping_get_start(
		struct daxctl_mapping *mapping)
{
	return mapping->start;
}

/**
 * daxctl_mapping_get_end - physical address of the range's last byte
 * @mapping: a range
 */
DAXCTL_EXPORT unsigned long long daxctl_mapping_get_end(
		struct daxctl_mapping *mapping)
{
	return mapping->end;
}

/**
 * daxctl_mapping_get_offset - offset of the range in the device, in pages
 * @mapping: a range
 *
 * The kernel's page_offset: PAGE_SIZE units, not bytes.
 */
DAXCTL_EXPORT unsigned long long daxctl_mapping_get_offset(
		struct daxctl_mapping *mapping)
{
	return mapping->pgoff;
}

/**
 * daxctl_mapping_get_size - length of the range in bytes
 * @mapping: a range
 */
DAXCTL_EXPORT unsigned long long daxctl_mapping_get_size(
		struct daxctl_mapping *mapping)
{
	return mapping->end - mapping->start + 1;
}

/**
 * daxctl_dev_get_nr_mappings - how many physical ranges the device has
 * @dev: a device
 *
 * Reads mapping0/, mapping1/, ... if they are not cached yet. Returns the
 * number of ranges (0 for a device of size 0, or on kernels before 5.10
 * that have no mappingN/), or -errno when one could not be read (-EACCES:
 * the attributes are readable by root only), so that "no ranges" and
 * "not allowed to see them" differ.
 */
DAXCTL_EXPORT int daxctl_dev_get_nr_mappings(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m;
	int n = 0;

	if (!dev)
		return -EINVAL;
	mappings_init(dev);
	if (dev->mappings_err)
		return dev->mappings_err;
	list_for_each(&dev->mappings, m, list)
		n++;
	return n;
}
