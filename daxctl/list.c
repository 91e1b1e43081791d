// SPDX-License-Identifier: GPL-2.0-or-later
/* daxctl list: regions, devices and mappings as JSON. */
#include <stdbool.h>
#include <stdio.h>

#include <daxctl/libdaxctl.h>

#include "builtin.h"
#include "filter.h"
#include "json.h"
#include "parse-options.h"

int cmd_list(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	const char *region_ident = NULL, *dev_ident = NULL;
	bool devs = false, regions = false, mappings = false, idle = false, human = false;
	const struct option options[] = {
		OPT_STRING('r', "region", &region_ident, "region-id", "filter by region"),
		OPT_STRING('d', "dev", &dev_ident, "dev-id",
				"filter by dax device instance name"),
		OPT_BOOLEAN('D', "devices", &devs, "include dax device info"),
		OPT_BOOLEAN('R', "regions", &regions, "include dax region info"),
		OPT_BOOLEAN('M', "mappings", &mappings, "include dax mappings info"),
		OPT_BOOLEAN('i', "idle", &idle, "include idle devices"),
		OPT_BOOLEAN('u', "human", &human, "use human friendly number formats "),
		OPT_END(),
	};
	const char * const usage[] = {
		"daxctl list [<options>]",
		NULL
	};
	struct json_object *jregions = NULL, *jdevs = NULL;
	struct daxctl_region *region;
	unsigned long flags = 0;
	int i;

	argc = parse_options(argc, argv, options, usage, 0);
	for (i = 0; i < argc; i++)
		error("unknown parameter \"%s\"\n", argv[i]);
	if (argc)
		usage_with_options(usage, options);

	/* -r alone lists regions, -d alone devices, nothing at all devices */
	if (!devs && !regions) {
		regions = region_ident != NULL;
		devs = dev_ident != NULL;
	}
	if (!devs && !regions)
		devs = true;

	if (human)
		flags |= JSON_HUMAN;
	if (idle)
		flags |= JSON_IDLE;
	if (mappings)
		flags |= JSON_MAPPINGS;
	if (devs)
		flags |= JSON_DEVS;

	daxctl_region_foreach(ctx, region) {
		struct json_object *jregion;

		if (!filter_region(region, region_ident))
			continue;
		if (regions) {
			if (!jregions) {
				jregions = json_object_new_array();
				if (!jregions)
					break;
			}
			jregion = json_region(region, dev_ident, flags);
			if (!jregion) {
				fprintf(stderr, "\n");
				continue;
			}
			json_object_array_add(jregions, jregion);
		} else if (devs) {
			jdevs = json_devs(region, jdevs, dev_ident, flags);
		}
	}

	if (jregions)
		json_print_array(stdout, jregions, flags);
	else if (jdevs)
		json_print_array(stdout, jdevs, flags);
	return 0;
}
