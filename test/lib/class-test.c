// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The legacy /sys/class/dax device model next to the dax bus, on the
 * fixture tree that class-model.sh mounts over /sys and /dev:
 *   class: /sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax/dax0.0
 *   bus:   /sys/devices/platform/hmem.1/dax1.0 (bound to device_dax)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "check.h"

static char logbuf[8192];

static void capture_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	size_t n = strlen(logbuf);

	(void)ctx; (void)priority; (void)file; (void)line;
	n += snprintf(logbuf + n, sizeof(logbuf) - n, "%s: ", fn);
	vsnprintf(logbuf + n, sizeof(logbuf) - n, format, args);
}

int main(void)
{
	const char *rpath = "/sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0";
	struct daxctl_region *r, *r0 = NULL, *r1 = NULL;
	struct daxctl_dev *d0, *d1;
	struct daxctl_ctx *ctx;
	int n = 0;

	if (daxctl_new(&ctx))
		return 1;
	daxctl_set_log_fn(ctx, capture_log);
	daxctl_region_foreach(ctx, r) {
		n++;
		if (daxctl_region_get_id(r) == 0)
			r0 = r;
		if (daxctl_region_get_id(r) == 1)
			r1 = r;
	}
	CHECK_INT(n, 2);
	CHECK(r0 && r1, "class region 0 and bus region 1");
	if (!r0 || !r1)
		return check_report("class");
	CHECK_STR(daxctl_region_get_path(r0), rpath);
	CHECK_STR(daxctl_region_get_devname(r0), "dax0.0");
	CHECK_U64(daxctl_region_get_size(r0), 1ULL << 30);
	CHECK_STR(daxctl_region_get_path(r1), "/sys/devices/platform/hmem.1");

	d0 = daxctl_dev_get_first(r0);
	d1 = daxctl_dev_get_first(r1);
	CHECK(d0 && d1, "one device in each");
	if (!d0 || !d1)
		return check_report("class");
	CHECK(daxctl_dev_get_next(d0) == NULL, "only dax0.0 in region 0");
	CHECK_STR(daxctl_dev_get_devname(d0), "dax0.0");
	CHECK_U64(daxctl_dev_get_size(d0), 1ULL << 30);
	CHECK_INT(daxctl_dev_get_major(d0), 252);
	CHECK_INT(daxctl_dev_get_minor(d0), 0);
	CHECK_U64(daxctl_dev_get_align(d0), 0);	/* no align attribute */
	CHECK_INT(daxctl_dev_get_target_node(d0), -1);	/* hidden */
	CHECK_INT(daxctl_dev_is_enabled(d0), 1);	/* always, for dax-class */
	CHECK_INT(daxctl_dev_is_system_ram_capable(d0), 0);
	CHECK(daxctl_dev_get_memory(d0) == NULL, "no memory object");
	CHECK_INT(daxctl_dev_enable_devdax(d0), -EOPNOTSUPP);
	CHECK_STR(logbuf, "daxctl_dev_enable: dax0.0: error: device model is dax-class\n"
			"daxctl_dev_enable: dax0.0: see man daxctl-migrate-device-model\n");
	logbuf[0] = '\0';
	CHECK_INT(daxctl_dev_enable_ram(d0), -EOPNOTSUPP);
	CHECK_INT(daxctl_dev_disable(d0), -EOPNOTSUPP);
	CHECK(strstr(logbuf, "daxctl_dev_disable: dax0.0: error: device model is dax-class\n"),
			"disable message: %s", logbuf);

	CHECK_INT(daxctl_dev_is_enabled(d1), 1);
	CHECK_INT(daxctl_dev_get_target_node(d1), 1);
	CHECK_U64(daxctl_dev_get_resource(d1), 0x180000000ULL);
	daxctl_unref(ctx);
	return check_report("class");
}
