// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON output of regions, devices and mappings. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "ccan/util/size.h"
#include "ccan/util/strutil.h"
#include "filter.h"
#include "json.h"

struct json_object *json_u64(unsigned long long val)
{
	return json_object_new_uint64(val);
}

struct json_object *json_size(unsigned long long size, unsigned long flags)
{
	char buf[64];

	if (!(flags & JSON_HUMAN) || size < 5000 * SZ_1K)
		return json_u64(size);
	return json_object_new_string(size_human(size, buf, sizeof(buf)));
}

struct json_object *json_hex(unsigned long long val, unsigned long flags)
{
	char buf[32];

	if (!(flags & JSON_HUMAN))
		return json_u64(val);
	snprintf(buf, sizeof(buf), "%#llx", val);
	return json_object_new_string(buf);
}

/* Add @val under @key; a NULL value (allocation failure) fails the object. */
static int add(struct json_object *obj, const char *key, struct json_object *val)
{
	if (!val)
		return -1;
	json_object_object_add(obj, key, val);
	return 0;
}

struct json_object *json_mapping(struct daxctl_mapping *mapping, unsigned long flags)
{
	struct json_object *jmap = json_object_new_object();

	if (!jmap)
		return NULL;
	if (add(jmap, "page_offset", json_hex(daxctl_mapping_get_offset(mapping), flags)) ||
			add(jmap, "start", json_hex(daxctl_mapping_get_start(mapping), flags)) ||
			add(jmap, "end", json_hex(daxctl_mapping_get_end(mapping), flags)) ||
			add(jmap, "size", json_size(daxctl_mapping_get_size(mapping), flags))) {
		json_object_put(jmap);
		return NULL;
	}
	return jmap;
}

/*
 * "zones" (with -M or -v): how many online blocks are in each zone, only
 * when they are in more than one ("movable" is absent then, and upstream
 * says nothing more). Names as the library gives them: Normal, Movable,
 * other.
 */
static int add_zones(struct json_object *jdev, struct daxctl_memory *mem)
{
	static const char *const names[] = { "Normal", "Movable", "other" };
	int count[3] = { 0 }, used = 0;
	struct daxctl_memblock *mb;
	struct json_object *jzones;
	size_t i;

	daxctl_memblock_foreach(mem, mb) {
		const char *zone = daxctl_memblock_get_zone(mb);

		if (!daxctl_memblock_is_online(mb) || !zone)
			continue;
		for (i = 0; i < 3; i++)
			if (strcmp(zone, names[i]) == 0 || i == 2) {
				count[i]++;
				break;
			}
	}
	for (i = 0; i < 3; i++)
		used += count[i] > 0;
	if (used < 2)
		return 0;
	jzones = json_object_new_object();
	if (add(jdev, "zones", jzones))
		return -1;
	for (i = 0; i < 3; i++)
		if (count[i] && add(jzones, names[i], json_object_new_int(count[i])))
			return -1;
	return 0;
}

static int add_memory(struct json_object *jdev, struct daxctl_memory *mem,
		unsigned long flags)
{
	int online = daxctl_memory_is_online(mem);
	int total = daxctl_memory_num_sections(mem);
	int movable;

	if (online >= 0 && add(jdev, "online_memblocks", json_object_new_int(online)))
		return -1;
	if (total >= 0 && add(jdev, "total_memblocks", json_object_new_int(total)))
		return -1;
	char state[32];

	movable = daxctl_memory_is_movable(mem);
	if ((movable == 1 || movable == 0) &&
			add(jdev, "movable", json_object_new_boolean(movable)))
		return -1;
	/* kernels with the kmem state attribute (2026): the whole-device hotplug state */
	if (daxctl_dev_get_hotplug_state(daxctl_memory_get_dev(mem), state, sizeof(state)) == 0 &&
			add(jdev, "hotplug_state", json_object_new_string(state)))
		return -1;
	if ((flags & (JSON_MAPPINGS | JSON_VERBOSE)) && online > 0)
		return add_zones(jdev, mem);
	return 0;
}

static int add_mappings(struct json_object *jdev, struct daxctl_dev *dev, unsigned long flags)
{
	struct json_object *jmappings = NULL;
	struct daxctl_mapping *mapping;

	daxctl_mapping_foreach(dev, mapping) {
		struct json_object *jmap;

		if (!jmappings) {
			jmappings = json_object_new_array();
			if (add(jdev, "mappings", jmappings))
				return -1;
		}
		jmap = json_mapping(mapping, flags);
		if (!jmap)
			return -1;
		json_object_array_add(jmappings, jmap);
	}
	return 0;
}

/*
 * numa_node (where the memory sits) under -v only: every kernel since the
 * dax bus has the attribute, so printing it by default would change every
 * upstream-identical output.
 */
static int add_numa_node(struct json_object *obj, int node, unsigned long flags)
{
	if (!(flags & JSON_VERBOSE) || node < 0)
		return 0;
	return add(obj, "numa_node", json_object_new_int(node));
}

struct json_object *json_dev(struct daxctl_dev *dev, unsigned long flags)
{
	struct json_object *jdev = json_object_new_object();
	struct daxctl_memory *mem;
	unsigned long align;
	int node, memmap;

	if (!jdev)
		return NULL;
	if (add(jdev, "chardev", json_object_new_string(daxctl_dev_get_devname(dev))) ||
			add(jdev, "size", json_size(daxctl_dev_get_size(dev), flags)))
		goto fail;
	node = daxctl_dev_get_target_node(dev);
	if (node >= 0 && add(jdev, "target_node", json_object_new_int(node)))
		goto fail;
	if (add_numa_node(jdev, daxctl_dev_get_numa_node(dev), flags))
		goto fail;
	align = daxctl_dev_get_align(dev);
	if (align > 0 && add(jdev, "align", json_size(align, flags)))
		goto fail;
	/* only where the kernel has the attribute (6.8+): older output is upstream's */
	memmap = daxctl_dev_get_memmap_on_memory(dev);
	if (memmap >= 0 && add(jdev, "memmap_on_memory", json_object_new_boolean(memmap)))
		goto fail;
	mem = daxctl_dev_get_memory(dev);
	if (add(jdev, "mode", json_object_new_string(mem ? "system-ram" : "devdax")))
		goto fail;
	if (mem && daxctl_dev_get_resource(dev) != 0 && add_memory(jdev, mem, flags))
		goto fail;
	if (!daxctl_dev_is_enabled(dev) &&
			add(jdev, "state", json_object_new_string("disabled")))
		goto fail;
	if ((flags & JSON_MAPPINGS) && add_mappings(jdev, dev, flags))
		goto fail;
	return jdev;
fail:
	json_object_put(jdev);
	return NULL;
}

/* @dev appended to @jdevs (made if NULL) unless idle and unwanted; NULL on failure. */
static struct json_object *json_add_dev(struct json_object *jdevs, struct daxctl_dev *dev,
		unsigned long flags, bool *failed)
{
	struct json_object *jdev;

	if (!(flags & JSON_IDLE) && daxctl_dev_get_size(dev) == 0)
		return jdevs;
	if (!jdevs) {
		jdevs = json_object_new_array();
		if (!jdevs)
			goto fail;
	}
	jdev = json_dev(dev, flags);
	if (!jdev) {
		json_object_put(jdevs);
		goto fail;
	}
	json_object_array_add(jdevs, jdev);
	return jdevs;
fail:
	*failed = true;
	return NULL;
}

struct json_object *json_devs(struct daxctl_region *region, struct json_object *jdevs,
		const char *dev_ident, unsigned long flags)
{
	struct daxctl_dev *dev;
	bool failed = false;

	filter_dev_foreach(region, dev, dev_ident) {
		jdevs = json_add_dev(jdevs, dev, flags, &failed);
		if (failed)
			return NULL;
	}
	return jdevs;
}

struct json_object *json_region(struct daxctl_region *region, const char *dev_ident,
		unsigned long flags)
{
	const char *path = daxctl_region_get_path(region);
	struct json_object *jregion, *jdevs;
	unsigned long long size, available;
	unsigned long align;
	int node;

	if (!path || !strstarts(path, "/sys/devices"))
		return NULL;
	jregion = json_object_new_object();
	if (!jregion)
		return NULL;
	if (add(jregion, "path", json_object_new_string(path + strlen("/sys/devices"))) ||
			add(jregion, "id", json_object_new_int(daxctl_region_get_id(region))))
		goto fail;
	size = daxctl_region_get_size(region);
	if (size < ULLONG_MAX && add(jregion, "size", json_size(size, flags)))
		goto fail;
	available = daxctl_region_get_available_size(region);
	if (available && add(jregion, "available_size", json_size(available, flags)))
		goto fail;
	align = daxctl_region_get_align(region);
	if (align < ULONG_MAX && add(jregion, "align", json_u64(align)))
		goto fail;
	node = daxctl_region_get_target_node(region);
	if ((flags & JSON_VERBOSE) && node >= 0 &&
			add(jregion, "target_node", json_object_new_int(node)))
		goto fail;
	if (add_numa_node(jregion, daxctl_region_get_numa_node(region), flags))
		goto fail;
	if (flags & JSON_DEVS) {
		jdevs = json_devs(region, NULL, dev_ident, flags);
		if (jdevs && add(jregion, "devices", jdevs))
			goto fail;
	}
	return jregion;
fail:
	json_object_put(jregion);
	return NULL;
}

void json_print(FILE *f, struct json_object *jobj)
{
	fprintf(f, "%s\n", json_object_to_json_string_ext(jobj, JSON_C_TO_STRING_PRETTY));
}

void json_print_array(FILE *f, struct json_object *jarray, unsigned long flags)
{
	size_t len = json_object_array_length(jarray);

	if (len > 1 || !(flags & JSON_HUMAN))
		json_print(f, jarray);
	else if (len == 1)
		json_print(f, json_object_array_get_idx(jarray, 0));
	json_object_put(jarray);
}
