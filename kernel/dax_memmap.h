/* SPDX-License-Identifier: GPL-2.0 */
/* dax_memmap: internal declarations shared by main.c, region.c and control.c. */
#ifndef DAX_MEMMAP_H
#define DAX_MEMMAP_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/ioport.h>
#include <linux/memremap.h>

#define DAX_MEMMAP_NAME "dax_memmap"

enum dax_memmap_kind {
	DAX_MEMMAP_DYNAMIC,	/* like hmem with region_idle: devices bind to device_dax */
	DAX_MEMMAP_KMEM,	/* kmem-type (6.3+): devices bind to kmem, memory hot-added */
	DAX_MEMMAP_STATIC,	/* like a pmem namespace: one fixed device, no create/delete */
};

/* What userspace asks for: one line written to the create attribute (or the module parameter). */
struct dax_memmap_req {
	u64 start;
	u64 size;
	u64 align;
	int node;
	enum dax_memmap_kind kind;
	u64 dev_size;		/* size of the initial device: 0 is an idle seed */
	bool memmap_on_memory;
};

struct dax_memmap_region {
	struct list_head list;
	int id;			/* memregion id: the devices are dax<id>.N */
	struct dax_memmap_req req;
	char name[24];		/* "dax_memmap.<id>": platform device and iomem resource */
	struct resource res;	/* claimed inside the reserved range */
	struct dev_pagemap pgmap;	/* static regions: handed to the dax core */
	struct platform_device *pdev;
	int probe_rc;
};

extern const char *const dax_memmap_kind_name[];

/* region.c */
int dax_memmap_create(const struct dax_memmap_req *req, int *id);
int dax_memmap_remove(int id);
void dax_memmap_remove_all(void);
int dax_memmap_regions_init(void);
void dax_memmap_regions_exit(void);
ssize_t dax_memmap_list(char *buf, size_t len);

/* control.c */
int dax_memmap_parse(char *line, struct dax_memmap_req *req);
int dax_memmap_create_line(const char *line, size_t len);
extern const struct attribute_group *dax_memmap_driver_groups[];

#endif
