// SPDX-License-Identifier: GPL-2.0-or-later
/* daxctl list: regions, devices and mappings as JSON. */
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>

#include <daxctl/libdaxctl.h>

#include "builtin.h"
#include "filter.h"
#include "json.h"
#include "parse-options.h"

static const struct {
	int cause;
	const char *what, *next;
} causes[] = {
	{ DAXCTL_NO_DAX_BUS,
	  "there is no /sys/bus/dax: the kernel has no device-dax (CONFIG_DEV_DAX), "
	  "or its modules are not loaded",
	  "modprobe device_dax, then the provider: dax_hmem (soft-reserved memory), "
	  "dax_pmem (NVDIMM) or dax_cxl (CXL)" },
	{ DAXCTL_DAX_CLASS_MODEL,
	  "/sys/class/dax holds devices: the kernel uses the legacy dax class model",
	  "daxctl migrate-device-model, then reboot, moves them to the dax bus" },
	{ DAXCTL_SOFT_RESERVE_OFF,
	  "the kernel was booted with efi=nosoftreserve: soft-reserved (specific-purpose) "
	  "memory became ordinary System RAM",
	  "remove efi=nosoftreserve from the kernel command line and reboot" },
	{ DAXCTL_SOFT_RESERVED_UNCLAIMED,
	  "/proc/iomem lists Soft Reserved memory that no dax device claims",
	  "modprobe dax_hmem; if the range belongs to CXL memory, create a CXL region" },
	{ DAXCTL_CXL_WITHOUT_REGION,
	  "CXL memory has no region (a CXL window in /proc/iomem, or memory devices "
	  "in /sys/bus/cxl, without a region)",
	  "cxl create-region -t ram (the region then shows as a dax region)" },
};

/* list -v printed nothing: say what the library can see, and what to do. */
static void why_nothing(struct daxctl_ctx *ctx, bool filtered)
{
	struct daxctl_region *region = daxctl_region_get_first(ctx);
	int found, n = 0;
	size_t i;

	if (region && filtered) {
		fprintf(stderr, "list: nothing matches the --region/--dev filter; "
				"daxctl list -R -D -i shows everything\n");
		return;
	}
	if (region)
		fprintf(stderr, "list: dax regions exist but no device has a size; "
				"daxctl list -i shows the idle devices, daxctl list -R "
				"the regions' available_size; daxctl create-device makes one\n");
	else
		fprintf(stderr, "list: no dax region found\n");
	found = daxctl_get_no_region_causes(ctx);
	for (i = 0; found > 0 && i < sizeof(causes) / sizeof(causes[0]); i++) {
		if (!(found & causes[i].cause))
			continue;
		fprintf(stderr, "  cause: %s\n  next:  %s\n", causes[i].what, causes[i].next);
		n++;
	}
	if (!n && !region)
		fprintf(stderr, "  cause: none visible (no unclaimed Soft Reserved memory in "
				"/proc/iomem, no CXL memory without a region, no efi=nosoftreserve)\n"
				"  next:  the firmware must mark the memory specific-purpose "
				"(EFI_MEMORY_SP), or reserve some at boot with memmap=; see "
				"daxctl-list(1), WHY NOTHING IS LISTED\n");
}

/* A region whose last transaction was interrupted (SIGKILL, crash): say so on stderr. */
static void report_interrupted(struct daxctl_ctx *ctx, const char *region_ident)
{
	struct daxctl_region *region;
	int pid;

	daxctl_region_foreach(ctx, region) {
		if (!filter_region(region, region_ident))
			continue;
		pid = daxctl_region_get_interrupted_txn(region);
		if (pid > 0)
			fprintf(stderr, "region%d: a transaction of pid %d was interrupted; the next write command on the region rolls it back\n",
					daxctl_region_get_id(region), pid);
		else if (pid == -EBADMSG)
			fprintf(stderr, "region%d: its transaction journal is malformed: inspect and remove it\n",
					daxctl_region_get_id(region));
	}
}

/* The regions that pass the filters, each with its devices if asked: an array, or NULL. */
static struct json_object *list_regions(struct daxctl_ctx *ctx, const char *region_ident,
		const char *dev_ident, unsigned long flags)
{
	struct json_object *jregions = NULL, *jregion;
	struct daxctl_region *region;

	daxctl_region_foreach(ctx, region) {
		if (!filter_region(region, region_ident))
			continue;
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
	}
	return jregions;
}

/* The devices of every region that pass the filters: an array, or NULL. */
static struct json_object *list_devs(struct daxctl_ctx *ctx, const char *region_ident,
		const char *dev_ident, unsigned long flags)
{
	struct json_object *jdevs = NULL;
	struct daxctl_region *region;

	daxctl_region_foreach(ctx, region)
		if (filter_region(region, region_ident))
			jdevs = json_devs(region, jdevs, dev_ident, flags);
	return jdevs;
}

int cmd_list(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	const char *region_ident = NULL, *dev_ident = NULL;
	bool devs = false, regions = false, mappings = false, idle = false, human = false;
	bool verbose = false;
	const struct option options[] = {
		OPT_STRING('r', "region", &region_ident, "region-id", "filter by region"),
		OPT_STRING('d', "dev", &dev_ident, "dev-id",
				"filter by dax device instance name"),
		OPT_BOOLEAN('D', "devices", &devs, "include dax device info"),
		OPT_BOOLEAN('R', "regions", &regions, "include dax region info"),
		OPT_BOOLEAN('M', "mappings", &mappings, "include dax mappings info"),
		OPT_BOOLEAN('i', "idle", &idle, "include idle devices"),
		OPT_BOOLEAN('u', "human", &human, "use human friendly number formats "),
		OPT_BOOLEAN('v', "verbose", &verbose,
				"add numa_node and zones; say why nothing is listed"),
		OPT_END(),
	};
	const char * const usage[] = {
		"daxctl list [<options>]",
		NULL
	};
	struct json_object *jlist;
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

	flags |= (human ? JSON_HUMAN : 0) | (idle ? JSON_IDLE : 0) |
		(mappings ? JSON_MAPPINGS : 0) | (devs ? JSON_DEVS : 0) |
		(verbose ? JSON_VERBOSE : 0);
	jlist = regions ? list_regions(ctx, region_ident, dev_ident, flags) :
		list_devs(ctx, region_ident, dev_ident, flags);
	report_interrupted(ctx, region_ident);
	if (jlist)
		json_print_array(stdout, jlist, flags);
	else if (verbose)
		why_nothing(ctx, region_ident || dev_ident);
	return 0;
}
