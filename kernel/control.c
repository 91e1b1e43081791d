// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time control: three attributes of the platform driver, in
 * /sys/bus/platform/drivers/dax_memmap/:
 *
 *   create   write "start=ADDR size=SIZE [align=4K|2M|1G] [node=N] [kind=dynamic|kmem|static]
 *            [dev=full|idle|SIZE] [memmap_on_memory=0|1]" (keys separated by spaces or
 *            commas; numbers take 0x and K/M/G/T suffixes): the region is made and probed
 *            before write() returns, or write() fails with the errno and a kernel message
 *   remove   write a region id: the region and its devices go away (EBUSY while its memory
 *            is online, ENOENT for no such region)
 *   regions  one line per region: id start size align node kind device-size
 *
 * One write creates one complete region, so a request either succeeds whole or changes
 * nothing, and its errno arrives where the request was made (see README.md for why this is
 * not configfs).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/numa.h>
#include "dax_memmap.h"

/* a number with an optional K/M/G/T suffix and nothing after it */
static int parse_size(const char *s, u64 *v)
{
	char *end;

	if (!*s)
		return -EINVAL;
	*v = memparse(s, &end);
	return *end ? -EINVAL : 0;
}

/**
 * dax_memmap_parse() - parse one request
 * @line: "key=value" words separated by spaces, tabs, commas or a newline (modified)
 * @req: filled in, with defaults for what is not given
 *
 * Return: 0, or -EINVAL with a kernel message naming the bad word.
 */
int dax_memmap_parse(char *line, struct dax_memmap_req *req)
{
	bool have_start = false, have_size = false, full = true;
	char *word, *val;
	int rc;

	*req = (struct dax_memmap_req) { .align = 2 << 20, .node = 0, .kind = DAX_MEMMAP_DYNAMIC };
	while ((word = strsep(&line, " \t\n,")) != NULL) {
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val) {
			pr_err("create: '%s' is not key=value\n", word);
			return -EINVAL;
		}
		*val++ = 0;
		rc = 0;
		if (!strcmp(word, "start")) {
			rc = parse_size(val, &req->start);
			have_start = true;
		} else if (!strcmp(word, "size")) {
			rc = parse_size(val, &req->size);
			have_size = true;
		} else if (!strcmp(word, "align")) {
			rc = parse_size(val, &req->align);
		} else if (!strcmp(word, "node")) {
			rc = kstrtoint(val, 0, &req->node);
		} else if (!strcmp(word, "kind")) {
			if (!strcmp(val, "dynamic"))
				req->kind = DAX_MEMMAP_DYNAMIC;
			else if (!strcmp(val, "kmem"))
				req->kind = DAX_MEMMAP_KMEM;
			else if (!strcmp(val, "static"))
				req->kind = DAX_MEMMAP_STATIC;
			else
				rc = -EINVAL;
		} else if (!strcmp(word, "dev")) {
			full = !strcmp(val, "full");
			req->dev_size = 0;
			if (!full && strcmp(val, "idle"))
				rc = parse_size(val, &req->dev_size);
		} else if (!strcmp(word, "memmap_on_memory")) {
			rc = kstrtobool(val, &req->memmap_on_memory);
		} else {
			pr_err("create: unknown key '%s'\n", word);
			return -EINVAL;
		}
		if (rc) {
			pr_err("create: bad value '%s' for %s\n", val, word);
			return -EINVAL;
		}
	}
	if (!have_start || !have_size) {
		pr_err("create: start= and size= are required\n");
		return -EINVAL;
	}
	if (full)
		req->dev_size = req->size;
	return 0;
}

/* parse and create one region from a line of text; returns the region id or -errno */
int dax_memmap_create_line(const char *text, size_t len)
{
	struct dax_memmap_req req;
	char *line = kstrndup(text, len, GFP_KERNEL);
	int rc, id;

	if (!line)
		return -ENOMEM;
	rc = dax_memmap_parse(line, &req);
	kfree(line);
	if (rc)
		return rc;
	rc = dax_memmap_create(&req, &id);
	return rc ? rc : id;
}

static ssize_t create_store(struct device_driver *drv, const char *buf, size_t count)
{
	int rc = dax_memmap_create_line(buf, count);

	return rc < 0 ? rc : count;
}
static DRIVER_ATTR_WO(create);

static ssize_t remove_store(struct device_driver *drv, const char *buf, size_t count)
{
	int id, rc = kstrtoint(buf, 0, &id);

	if (rc) {
		pr_err("remove: '%.*s' is not a region id\n", (int)strcspn(buf, "\n"), buf);
		return -EINVAL;
	}
	rc = dax_memmap_remove(id);
	return rc ? rc : count;
}
static DRIVER_ATTR_WO(remove);

static ssize_t regions_show(struct device_driver *drv, char *buf)
{
	return dax_memmap_list(buf, PAGE_SIZE);
}
static DRIVER_ATTR_RO(regions);

static struct attribute *dax_memmap_driver_attrs[] = {
	&driver_attr_create.attr,
	&driver_attr_remove.attr,
	&driver_attr_regions.attr,
	NULL,
};

static const struct attribute_group dax_memmap_driver_group = {
	.attrs = dax_memmap_driver_attrs,
};

const struct attribute_group *dax_memmap_driver_groups[] = {
	&dax_memmap_driver_group,
	NULL,
};
