/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The private interface of the kernel's dax core (drivers/dax/bus.h is not shipped in
 * linux-headers), declared here and only here, per kernel version. Kbuild checks the
 * exported symbols against the target kernel's Module.symvers (see Kbuild), this file
 * checks the version:
 *
 *   alloc_dax_region(parent, id, range, target_node, align, flags)   6.1 and later
 *   devm_create_dev_dax(struct dev_dax_data *)                       6.1 and later
 *   struct dev_dax_data { region, pgmap, size, id }                  6.1 - 6.7
 *     ... plus bool memmap_on_memory at the end                      6.8 and later
 *   region flag bit 0: static (fixed device, like pmem)              6.1 and later
 *   region flag bit 1: kmem type (kmem binds by default)             6.3 and later
 *   dax_region_put(): the creator drops its region reference         until 6.7 (exported)
 *
 * Checked against Debian's 6.1.0-57 (6.1.192) and 6.12.117 headers.
 */
#ifndef DAX_MEMMAP_BUS_PRIVATE_H
#define DAX_MEMMAP_BUS_PRIVATE_H

#include <linux/version.h>
#include <linux/types.h>
#include <linux/range.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "dax_memmap: the dax core interface declared here exists from Linux 6.1 on"
#endif

struct device;
struct dev_pagemap;
struct dax_region;
struct dev_dax;

#define DAX_MEMMAP_FLAG_STATIC (1UL << 0)

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define DAX_MEMMAP_HAVE_KMEM_TYPE 1
#define DAX_MEMMAP_FLAG_KMEM (1UL << 1)
#else
#define DAX_MEMMAP_FLAG_KMEM 0UL
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define DAX_MEMMAP_HAVE_MEMMAP_ON_MEMORY 1
#endif

/* must match the layout of the target kernel's drivers/dax/bus.h */
struct dev_dax_data {
	struct dax_region *dax_region;
	struct dev_pagemap *pgmap;
	resource_size_t size;
	int id;
#ifdef DAX_MEMMAP_HAVE_MEMMAP_ON_MEMORY
	bool memmap_on_memory;
#endif
};

struct dax_region *alloc_dax_region(struct device *parent, int region_id, struct range *range,
				    int target_node, unsigned int align, unsigned long flags);
struct dev_dax *devm_create_dev_dax(struct dev_dax_data *data);

/* DAX_MEMMAP_HAVE_REGION_PUT comes from Kbuild: set when Module.symvers exports it */
#ifdef DAX_MEMMAP_HAVE_REGION_PUT
void dax_region_put(struct dax_region *dax_region);
#endif

#endif
