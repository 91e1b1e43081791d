// SPDX-License-Identifier: GPL-2.0
/*
 * dax_memmap: a dax region provider for memory reserved at boot.
 *
 * Each region is a platform device "dax_memmap.<id>" whose probe hands its range to the
 * kernel's dax core (alloc_dax_region + devm_create_dev_dax), as the hmem and pmem
 * providers do; everything below the region (devices, device_dax, kmem, memory hotplug)
 * is the kernel's own code. Regions are created and removed at run time through the
 * driver's sysfs attributes (control.c), or at load time with the "regions" parameter.
 * This file holds the module's entry points and the one function that calls the private
 * dax core interface (declared in dax_bus_private.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "dax_memmap.h"
#include "dax_bus_private.h"

static char *regions;
module_param(regions, charp, 0444);
MODULE_PARM_DESC(regions, "regions to create at load time, separated by ';', each a list of key=value separated by ',' (the syntax of the create attribute)");

/* Probe of one region's platform device: the dax region and its initial device. */
static int dax_memmap_probe(struct platform_device *pdev)
{
	struct dax_memmap_region **rp = dev_get_platdata(&pdev->dev);
	struct dax_memmap_region *r = *rp;
	const struct dax_memmap_req *q = &r->req;
	struct range range = { .start = q->start, .end = q->start + q->size - 1 };
	struct dev_dax_data data = { 0 };
	unsigned long flags = 0;
	struct dax_region *region;
	struct dev_dax *dev_dax;

	if (q->kind == DAX_MEMMAP_STATIC)
		flags = DAX_MEMMAP_FLAG_STATIC;
	else if (q->kind == DAX_MEMMAP_KMEM)
		flags = DAX_MEMMAP_FLAG_KMEM;
	region = alloc_dax_region(&pdev->dev, r->id, &range, q->node, q->align, flags);
	if (!region) {
		r->probe_rc = -ENOMEM;
		return r->probe_rc;
	}
	data.dax_region = region;
	data.size = q->dev_size;
	data.id = -1;		/* dynamic regions number their devices themselves */
	if (q->kind == DAX_MEMMAP_STATIC) {
		/* a static device maps the whole region through the provider's page map */
		r->pgmap.range = range;
		r->pgmap.nr_range = 1;
		data.pgmap = &r->pgmap;
		data.id = 0;
	}
#ifdef DAX_MEMMAP_HAVE_MEMMAP_ON_MEMORY
	data.memmap_on_memory = q->memmap_on_memory;
#endif
	dev_dax = devm_create_dev_dax(&data);
#ifdef DAX_MEMMAP_HAVE_REGION_PUT
	/* the region's devices and its devm action hold their own references */
	dax_region_put(region);
#endif
	r->probe_rc = PTR_ERR_OR_ZERO(dev_dax);
	return r->probe_rc;
}

static struct platform_driver dax_memmap_driver = {
	.probe = dax_memmap_probe,
	.driver = {
		.name = DAX_MEMMAP_NAME,
		.groups = dax_memmap_driver_groups,
		.suppress_bind_attrs = true,
	},
};

/* Create the regions of the "regions" parameter; the first failure fails the load. */
static int dax_memmap_load_regions(void)
{
	char *all, *cur, *one;
	int rc = 0;

	if (!regions || !*regions)
		return 0;
	all = kstrdup(regions, GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	cur = all;
	while ((one = strsep(&cur, ";")) != NULL) {
		if (!*one)
			continue;
		rc = dax_memmap_create_line(one, strlen(one));
		if (rc < 0)
			break;
		rc = 0;
	}
	kfree(all);
	return rc;
}

static int __init dax_memmap_init(void)
{
	int rc = dax_memmap_regions_init();

	if (rc)
		return rc;
	rc = platform_driver_register(&dax_memmap_driver);
	if (rc) {
		dax_memmap_regions_exit();
		return rc;
	}
	rc = dax_memmap_load_regions();
	if (rc) {
		platform_driver_unregister(&dax_memmap_driver);
		dax_memmap_remove_all();
		dax_memmap_regions_exit();
	}
	return rc;
}

/*
 * Only reached with no region memory online (online memory holds a module reference).
 * The driver goes first: its control attributes with it, so no region can be created
 * behind remove_all(), and every region is unbound (its dax region and devices gone).
 */
static void __exit dax_memmap_exit(void)
{
	platform_driver_unregister(&dax_memmap_driver);
	dax_memmap_remove_all();
	dax_memmap_regions_exit();
}

module_init(dax_memmap_init);
module_exit(dax_memmap_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dax regions on memory reserved at boot (memmap=nn$ss, Soft Reserved, legacy pmem)");
MODULE_AUTHOR("daxctl project");
MODULE_VERSION("1.0");
