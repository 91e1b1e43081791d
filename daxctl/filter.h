/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selection of regions and devices, shared by every daxctl command.
 *
 * The device argument of a per-device command, and `list -d`, take one of:
 *   daxX.Y        a device name
 *   X.Y           region X, device Y
 *   all           every device
 *   /dev/daxX.Y   a path: only its last component counts (so the udev /
 *                 systemd unit's "/dev/daxX.Y" works)
 * The region filter (`-r`) takes N, regionN or all.
 * A NULL identifier matches everything.
 */
#ifndef _DAXCTL_FILTER_H_
#define _DAXCTL_FILTER_H_

#include <stdbool.h>

struct daxctl_region;
struct daxctl_dev;

/*
 * filter_dev_arg - the device identifier in a positional argument: the
 * last component of a path ("/dev/dax0.0" -> "dax0.0"), the argument itself
 * otherwise. Returns a pointer into @arg (NULL for NULL).
 */
const char *filter_dev_arg(const char *arg);

/* true when @ident is NULL or "all" */
bool filter_is_all(const char *ident);

/* Does @region pass the region filter @ident (N, regionN, all, NULL)? */
bool filter_region(struct daxctl_region *region, const char *ident);

/* Does @dev pass the device filter @ident (daxX.Y, X.Y, all, a path, NULL)? */
bool filter_dev(struct daxctl_dev *dev, const char *ident);

/*
 * The devices of @region that pass filter_dev(): first and next. When @ident names exactly
 * one device ("daxX.Y" as the kernel spells it, or "X.Y"), it is looked up alone, without
 * listing the region's devices (daxctl_region_get_dev_by_id()).
 */
struct daxctl_dev *filter_first_dev(struct daxctl_region *region, const char *ident);
struct daxctl_dev *filter_next_dev(struct daxctl_dev *dev, const char *ident);
#define filter_dev_foreach(region, dev, ident) \
	for (dev = filter_first_dev(region, ident); dev; dev = filter_next_dev(dev, ident))

/* Strictly "daxX.Y" or "X.Y" (nothing after it, no negative ids): true and the ids. */
bool filter_parse_dev(const char *ident, int *region_id, int *dev_id);
/* Strictly "N" or "regionN": true and the id. */
bool filter_parse_region(const char *ident, int *id);

#endif
