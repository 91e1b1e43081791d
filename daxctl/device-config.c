// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reconfigure-device --check-config: find the section of the config files that matches a
 * device (by nvdimm uuid, or by dax region path and resource) and apply its mode through
 * the same workflow as --mode. The files are read once per command.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "config.h"
#include "config-file.h"
#include "workflow.h"

/* The device's first byte: the start of the range at page_offset 0. */
static bool first_byte(struct daxctl_dev *dev, unsigned long long *start)
{
	struct daxctl_mapping *m;

	daxctl_mapping_foreach(dev, m)
		if (daxctl_mapping_get_offset(m) == 0) {
			*start = daxctl_mapping_get_start(m);
			return true;
		}
	return false;
}

/* The configuration, read once per command: every file's problem is reported once. */
static struct conf config;
static bool config_loaded;
static int config_status;

static void config_report(void *data, const char *msg)
{
	(void)data;
	fprintf(stderr, "error: %s: file skipped\n", msg);
}

int wf_check_config_end(void)
{
	conf_free(&config);
	config_loaded = false;
	return config_status;
}

static void report_no_section(const char *dev, const char *dir, const struct conf_key *key)
{
	fprintf(stderr, "%s: no section in %s matches it (", dev, dir);
	if (key->uuid)
		fprintf(stderr, "nvdimm.uuid = %s", key->uuid);
	else if (key->has_resource && key->region_path)
		fprintf(stderr, "dax.region = %s, dax.resource = %#llx", key->region_path,
				key->resource);
	else
		fprintf(stderr, "the device has no ranges");
	fprintf(stderr, "): nothing to do\n");
}

int wf_check_config_one(struct daxctl_dev *dev, struct wf_opts *o, int *printed)
{
	const char *dir = getenv("DAXCTL_CONF_DIR");
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_region *r = daxctl_dev_get_region(dev);
	const char *region = daxctl_region_get_path(r);
	const struct conf_section *s;
	struct conf_key key = { 0 };
	char uuid[2][64];
	int i;

	if (!dir || !*dir)
		dir = DAXCTL_CONF_DIR;
	if (!config_loaded) {
		config_status = conf_load_dir(&config, dir, config_report, NULL);
		config_loaded = true;
	}
	if (strncmp(region, "/sys/devices", 12) == 0)
		key.region_path = region + 12;
	key.has_resource = first_byte(dev, &key.resource);
	s = conf_match(&config, &key);
	for (i = 0; !s && i < 2; i++)
		if (daxctl_region_get_nvdimm_uuid(r, i, uuid[i], sizeof(uuid[i])) == 0) {
			key.uuid = uuid[i];
			s = conf_match(&config, &key);
		}
	if (!s) {
		report_no_section(name, dir, &key);
		return 1;
	}
	if (o->verbose)
		fprintf(stderr, "%s: using [reconfigure-device %s] of %s:%d\n", name, s->name,
				s->file, s->line);
	o->mode = s->mode == CONF_MODE_SYSTEM_RAM ? "system-ram" : "devdax";
	o->no_online = s->online == 0;
	o->no_movable = s->movable == 0;
	o->force = o->force || s->force == 1;
	o->memmap = s->memmap < 0 ? 0 : s->memmap ? 1 : -1;
	return wf_reconfig_one(dev, o, printed);
}
