// SPDX-License-Identifier: GPL-2.0-or-later
/* The one place where region and device identifiers are interpreted. */
#include <stdio.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "ccan/util/strutil.h"
#include "filter.h"

const char *filter_dev_arg(const char *arg)
{
	if (!arg)
		return NULL;
	return path_basename(arg);
}

bool filter_is_all(const char *ident)
{
	return !ident || streq(ident, "all");
}

bool filter_region(struct daxctl_region *region, const char *ident)
{
	int id;

	if (filter_is_all(ident))
		return true;
	/* "N" or "regionN", read the way sscanf("%d") reads a number */
	if (sscanf(ident, "%d", &id) != 1 && sscanf(ident, "region%d", &id) != 1)
		return false;
	return id == daxctl_region_get_id(region);
}

bool filter_dev(struct daxctl_dev *dev, const char *ident)
{
	struct daxctl_region *region = daxctl_dev_get_region(dev);
	int region_id, dev_id;

	if (filter_is_all(ident))
		return true;
	if (streq(ident, daxctl_dev_get_devname(dev)))
		return true;
	/* "X.Y", read the way sscanf("%d.%d") reads it */
	if (sscanf(ident, "%d.%d", &region_id, &dev_id) == 2 &&
			region_id == daxctl_region_get_id(region) &&
			dev_id == daxctl_dev_get_id(dev))
		return true;
	return false;
}

bool filter_parse_dev(const char *ident, int *region_id, int *dev_id)
{
	int n = 0;

	if (!ident)
		return false;
	if (strncmp(ident, "dax", 3) == 0)
		ident += 3;
	if (sscanf(ident, "%d.%d%n", region_id, dev_id, &n) != 2 || ident[n])
		return false;
	return *region_id >= 0 && *dev_id >= 0;
}

/*
 * Does @ident name exactly one device: "daxX.Y" as the kernel spells the
 * name (the only form filter_dev() matches by name), or "X.Y"?
 */
static bool names_one(const char *ident, int *region_id, int *dev_id)
{
	char canon[32];

	if (filter_is_all(ident) || !filter_parse_dev(ident, region_id, dev_id))
		return false;
	snprintf(canon, sizeof(canon), "dax%d.%d", *region_id, *dev_id);
	return strncmp(ident, "dax", 3) != 0 || streq(ident, canon);
}

/* The first device from @dev on that passes filter_dev(), or NULL. */
static struct daxctl_dev *passing_from(struct daxctl_dev *dev, const char *ident)
{
	while (dev && !filter_dev(dev, ident))
		dev = daxctl_dev_get_next(dev);
	return dev;
}

struct daxctl_dev *filter_first_dev(struct daxctl_region *region, const char *ident)
{
	int region_id, dev_id;

	if (!names_one(ident, &region_id, &dev_id))
		return passing_from(daxctl_dev_get_first(region), ident);
	if (region_id != daxctl_region_get_id(region))
		return NULL;
	return daxctl_region_get_dev_by_id(region, dev_id);
}

struct daxctl_dev *filter_next_dev(struct daxctl_dev *dev, const char *ident)
{
	int region_id, dev_id;

	if (names_one(ident, &region_id, &dev_id))
		return NULL;
	return passing_from(daxctl_dev_get_next(dev), ident);
}

bool filter_parse_region(const char *ident, int *id)
{
	int n = 0;

	if (!ident)
		return false;
	if (strncmp(ident, "region", 6) == 0)
		ident += 6;
	if (sscanf(ident, "%d%n", id, &n) != 1 || ident[n])
		return false;
	return *id >= 0;
}
