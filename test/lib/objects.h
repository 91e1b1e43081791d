/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding regions and devices by name, and a silent log, for the library tests. */
#ifndef TEST_LIB_OBJECTS_H
#define TEST_LIB_OBJECTS_H

#include <stdarg.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

static inline struct daxctl_region *region_by_id(struct daxctl_ctx *ctx, int id)
{
	struct daxctl_region *r;

	daxctl_region_foreach(ctx, r)
		if (daxctl_region_get_id(r) == id)
			return r;
	return NULL;
}

/* through the listing of every region (not daxctl_region_get_dev_by_id()) */
static inline struct daxctl_dev *dev_by_name(struct daxctl_ctx *ctx, const char *name)
{
	struct daxctl_region *r;
	struct daxctl_dev *d;

	daxctl_region_foreach(ctx, r)
		daxctl_dev_foreach(r, d)
			if (strcmp(daxctl_dev_get_devname(d), name) == 0)
				return d;
	return NULL;
}

static inline void quiet_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	(void)ctx; (void)priority; (void)file; (void)line; (void)fn;
	(void)format; (void)args;
}

#endif
