/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON objects for regions, devices and mappings, formatted the way
 * upstream daxctl prints them (key order, numbers, `-u` strings).
 */
#ifndef _DAXCTL_JSON_H_
#define _DAXCTL_JSON_H_

#include <stdio.h>
#include <json-c/json.h>

struct daxctl_region;
struct daxctl_dev;
struct daxctl_mapping;

enum json_flags {
	JSON_HUMAN = 1 << 0,	/* -u: size strings, hex strings */
	JSON_IDLE = 1 << 1,	/* -i: include zero-sized devices */
	JSON_DEVS = 1 << 2,	/* nest "devices" in region objects */
	JSON_MAPPINGS = 1 << 3,	/* -M: "mappings" (and "zones" when mixed) in device objects */
	JSON_VERBOSE = 1 << 4,	/* -v: numa_node (every kernel has it: not by default), zones */
};

/* A size: a number, or under JSON_HUMAN a "X.XX MiB (Y.YY MB)" string. */
struct json_object *json_size(unsigned long long size, unsigned long flags);

/* An address: a number, or under JSON_HUMAN a "%#llx" string. */
struct json_object *json_hex(unsigned long long val, unsigned long flags);

/* A 64-bit unsigned number. */
struct json_object *json_u64(unsigned long long val);

/* A device object (chardev, size, target_node, align, mode, ...). */
struct json_object *json_dev(struct daxctl_dev *dev, unsigned long flags);

/* A mapping object (page_offset, start, end, size). */
struct json_object *json_mapping(struct daxctl_mapping *mapping, unsigned long flags);

/*
 * json_devs - append to @jdevs (created when NULL and needed) the devices
 * of @region that pass the device filter @dev_ident; zero-sized devices
 * only under JSON_IDLE. Returns the array, or NULL if nothing was added to
 * a NULL @jdevs.
 */
struct json_object *json_devs(struct daxctl_region *region, struct json_object *jdevs,
		const char *dev_ident, unsigned long flags);

/* A region object (path, id, size, available_size, align, devices). */
struct json_object *json_region(struct daxctl_region *region, const char *dev_ident,
		unsigned long flags);

/*
 * json_print_array - print @jarray to @f and release it: pretty printed,
 * or the only element alone under JSON_HUMAN.
 */
void json_print_array(FILE *f, struct json_object *jarray, unsigned long flags);

/* Print one object (pretty) followed by a newline. */
void json_print(FILE *f, struct json_object *jobj);

#endif
