// SPDX-License-Identifier: GPL-2.0
/*
 * dax_memmap regions: the checks that make a request safe, the iomem claim, and the
 * region's platform device. All changes happen under dax_memmap_lock.
 *
 * A region must lie inside one reserved iomem range that nobody has claimed: an e820
 * "Reserved" range (memmap=nn$ss), "Soft Reserved" memory not taken by hmem, or persistent
 * memory not taken by the nvdimm drivers. The region's resource "dax_memmap.<id>" is
 * inserted below that range (not busy, so that device_dax and kmem can claim their ranges
 * inside it), which is also what keeps two regions from overlapping.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/platform_device.h>
#include <linux/memregion.h>
#include <linux/mm.h>
#include <linux/memory.h>
#include <linux/mmzone.h>
#include <linux/memory_hotplug.h>
#include <linux/nodemask.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/module.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include "dax_memmap.h"
#include "dax_bus_private.h"

static DEFINE_MUTEX(dax_memmap_lock);	/* create, remove */
static DEFINE_SPINLOCK(dax_memmap_list_lock);	/* the list, for the memory notifier */
static LIST_HEAD(dax_memmap_regions);

const char *const dax_memmap_kind_name[] = {
	[DAX_MEMMAP_DYNAMIC] = "dynamic",
	[DAX_MEMMAP_KMEM] = "kmem",
	[DAX_MEMMAP_STATIC] = "static",
};

/* a range firmware left for the OS to hand out: what a region may live in */
static bool reserved_desc(const struct resource *p)
{
	switch (p->desc) {
	case IORES_DESC_RESERVED:
	case IORES_DESC_SOFT_RESERVED:
	case IORES_DESC_PERSISTENT_MEMORY:
	case IORES_DESC_PERSISTENT_MEMORY_LEGACY:
		return !(p->flags & IORESOURCE_BUSY);
	default:
		return false;
	}
}

/* the whole range lies in firmware-reserved memory (at the top level of iomem) */
static bool in_reserved(u64 start, u64 size)
{
	static const unsigned long descs[] = {
		IORES_DESC_RESERVED, IORES_DESC_SOFT_RESERVED,
		IORES_DESC_PERSISTENT_MEMORY, IORES_DESC_PERSISTENT_MEMORY_LEGACY,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(descs); i++)
		if (region_intersects(start, size, IORESOURCE_MEM, descs[i]) == REGION_INTERSECTS)
			return true;
	return false;
}

/* The request alone, before anything is touched: alignment, sizes, node, kind. */
static int check_request(const struct dax_memmap_req *q, u64 end)
{
	u64 block = memory_block_size_bytes();

	if (!q->size || end < q->start) {
		pr_err("[mem %#llx-%#llx]: empty or wrapping range\n", q->start, end);
		return -EINVAL;
	}
	if (q->align != PAGE_SIZE && q->align != PMD_SIZE && q->align != PUD_SIZE) {
		pr_err("[mem %#llx-%#llx]: align %#llx is not 4K, 2M or 1G\n", q->start, end, q->align);
		return -EINVAL;
	}
	if (!IS_ALIGNED(q->start, q->align) || !IS_ALIGNED(q->size, q->align)) {
		pr_err("[mem %#llx-%#llx]: start or size not a multiple of align %#llx\n",
		       q->start, end, q->align);
		return -EINVAL;
	}
	if (q->kind == DAX_MEMMAP_KMEM && !DAX_MEMMAP_FLAG_KMEM) {
		pr_err("[mem %#llx-%#llx]: kind kmem needs Linux 6.3 or later\n", q->start, end);
		return -EOPNOTSUPP;
	}
	if (q->kind == DAX_MEMMAP_KMEM &&
	    (!IS_ALIGNED(q->start, block) || !IS_ALIGNED(q->size, block))) {
		pr_err("[mem %#llx-%#llx]: kind kmem needs whole memory blocks (%#llx)\n",
		       q->start, end, block);
		return -EINVAL;
	}
	if (q->memmap_on_memory) {
#ifndef DAX_MEMMAP_HAVE_MEMMAP_ON_MEMORY
		pr_err("[mem %#llx-%#llx]: memmap_on_memory needs Linux 6.8 or later\n", q->start, end);
		return -EOPNOTSUPP;
#endif
	}
	if (q->kind == DAX_MEMMAP_STATIC && q->dev_size != q->size) {
		pr_err("[mem %#llx-%#llx]: a static region's device is the whole region\n",
		       q->start, end);
		return -EINVAL;
	}
	if (q->dev_size > q->size) {
		pr_err("[mem %#llx-%#llx]: device size %#llx is larger than the region\n",
		       q->start, end, q->dev_size);
		return -ENOSPC;
	}
	if (!IS_ALIGNED(q->dev_size, q->align)) {
		pr_err("[mem %#llx-%#llx]: device size %#llx not a multiple of align %#llx\n",
		       q->start, end, q->dev_size, q->align);
		return -EINVAL;
	}
	if (q->node != NUMA_NO_NODE && (q->node < 0 || q->node >= MAX_NUMNODES ||
					!node_possible(q->node))) {
		pr_err("[mem %#llx-%#llx]: node %d does not exist\n", q->start, end, q->node);
		return -ENODEV;
	}
	return 0;
}

/* Claim [start, end] below the reserved range holding it, or say precisely why not. */
static int claim_range(struct dax_memmap_region *r, u64 end)
{
	const struct dax_memmap_req *q = &r->req;
	struct resource *parent;
	int rc;

	if (region_intersects(q->start, q->size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_DISJOINT) {
		pr_err("[mem %#llx-%#llx]: overlaps System RAM\n", q->start, end);
		return -EBUSY;
	}
	r->res = (struct resource) {
		.name = r->name, .start = q->start, .end = end, .flags = IORESOURCE_MEM,
	};
	rc = insert_resource(&iomem_resource, &r->res);
	/*
	 * A range equal to a reserved range (memmap=512M$8G and a 512M region at 8G) is
	 * inserted above it, as its parent: put it below, where every claim belongs.
	 */
	if (!rc && r->res.child && !r->res.child->sibling &&
	    r->res.child->start == r->res.start && r->res.child->end == r->res.end &&
	    reserved_desc(r->res.child)) {
		struct resource *same = r->res.child;

		remove_resource(&r->res);
		/* removal hands the children back but leaves these links set */
		r->res.child = NULL;
		r->res.sibling = NULL;
		rc = insert_resource(same, &r->res);
	}
	if (rc && !in_reserved(q->start, q->size)) {
		pr_err("[mem %#llx-%#llx]: not inside reserved memory\n", q->start, end);
		return -ENXIO;
	}
	if (rc) {
		pr_err("[mem %#llx-%#llx]: overlaps another claimed range\n", q->start, end);
		return -EBUSY;
	}
	parent = r->res.parent;
	if (parent == &iomem_resource) {
		pr_err("[mem %#llx-%#llx]: not inside reserved memory\n", q->start, end);
		rc = -ENXIO;
	} else if (!reserved_desc(parent)) {
		struct resource *p = parent;

		while (p != &iomem_resource && !reserved_desc(p))
			p = p->parent;
		pr_err("[mem %#llx-%#llx]: inside '%s' [mem %#llx-%#llx], %s\n", q->start, end,
		       parent->name, (u64)parent->start, (u64)parent->end,
		       p == &iomem_resource ? "not reserved memory" : "already claimed");
		rc = p == &iomem_resource ? -ENXIO : -EBUSY;
	} else if (r->res.child) {
		pr_err("[mem %#llx-%#llx]: overlaps '%s' [mem %#llx-%#llx]\n", q->start, end,
		       r->res.child->name, (u64)r->res.child->start, (u64)r->res.child->end);
		rc = -EBUSY;
	}
	if (rc)
		remove_resource(&r->res);
	return rc;
}

/* true when a memory section of the region is online (kmem added it and it was onlined) */
static bool region_online(const struct dax_memmap_region *r)
{
	unsigned long pfn = PHYS_PFN(r->req.start);
	unsigned long last = PHYS_PFN(r->req.start + r->req.size - 1);

	for (pfn = ALIGN_DOWN(pfn, PAGES_PER_SECTION); pfn <= last; pfn += PAGES_PER_SECTION)
		if (pfn_to_online_page(pfn))
			return true;
	return false;
}

static void region_free(struct dax_memmap_region *r)
{
	if (r->pdev)
		platform_device_unregister(r->pdev);
	r->pdev = NULL;
	spin_lock(&dax_memmap_list_lock);
	if (!list_empty(&r->list))
		list_del_init(&r->list);
	spin_unlock(&dax_memmap_list_lock);
	if (r->res.parent)
		remove_resource(&r->res);
	memregion_free(r->id);
	kfree(r);
}

/**
 * dax_memmap_create() - make a dax region from a request
 * @req: the request (see control.c for its syntax)
 * @id: the new region's id, on success
 *
 * Return: 0, or a negative errno with a kernel message naming the range.
 */
int dax_memmap_create(const struct dax_memmap_req *req, int *id)
{
	u64 end = req->start + req->size - 1;
	struct dax_memmap_region *r;
	int rc = check_request(req, end);

	if (rc)
		return rc;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->req = *req;
	INIT_LIST_HEAD(&r->list);
	mutex_lock(&dax_memmap_lock);
	r->id = memregion_alloc(GFP_KERNEL);
	if (r->id < 0) {
		rc = r->id;
		kfree(r);
		goto out;
	}
	snprintf(r->name, sizeof(r->name), DAX_MEMMAP_NAME ".%d", r->id);
	rc = claim_range(r, end);
	if (rc)
		goto fail;
	r->pdev = platform_device_alloc(DAX_MEMMAP_NAME, r->id);
	if (!r->pdev) {
		rc = -ENOMEM;
		goto fail;
	}
	if (req->node >= 0)
		set_dev_node(&r->pdev->dev, node_online(req->node) ? req->node : first_online_node);
	r->probe_rc = -ENXIO;	/* stays so when the driver does not bind */
	spin_lock(&dax_memmap_list_lock);	/* listed before probe: kmem may online at once */
	list_add_tail(&r->list, &dax_memmap_regions);
	spin_unlock(&dax_memmap_list_lock);
	rc = platform_device_add_data(r->pdev, &r, sizeof(r));
	if (!rc)
		rc = platform_device_add(r->pdev);
	if (rc) {
		platform_device_put(r->pdev);
		r->pdev = NULL;
		goto fail;
	}
	if (r->probe_rc) {
		rc = r->probe_rc;
		pr_err("[mem %#llx-%#llx]: the dax core refused the region (%d)\n",
		       req->start, end, rc);
		goto fail;
	}
	*id = r->id;
	pr_info("region %d [mem %#llx-%#llx] %s align %#llx node %d device %#llx\n", r->id,
		req->start, end, dax_memmap_kind_name[req->kind], req->align, req->node,
		req->dev_size);
	goto out;
fail:
	region_free(r);
out:
	mutex_unlock(&dax_memmap_lock);
	return rc;
}

static struct dax_memmap_region *find_region(int id)
{
	struct dax_memmap_region *r;

	list_for_each_entry(r, &dax_memmap_regions, list)
		if (r->id == id)
			return r;
	return NULL;
}

/**
 * dax_memmap_remove() - remove a region, its devices and its iomem claim
 * @id: region id
 *
 * Return: 0; -ENOENT for no such region; -EBUSY while memory of the region is online
 * (removing it would leave the memory to the kernel until reboot).
 */
int dax_memmap_remove(int id)
{
	struct dax_memmap_region *r;
	int rc = 0;

	mutex_lock(&dax_memmap_lock);
	r = find_region(id);
	if (!r) {
		pr_err("region %d: no such region\n", id);
		rc = -ENOENT;
	} else if (region_online(r)) {
		pr_err("region %d [mem %#llx-%#llx]: memory is online, offline it first\n", id,
		       r->req.start, r->req.start + r->req.size - 1);
		rc = -EBUSY;
	} else {
		region_free(r);
		pr_info("region %d removed\n", id);
	}
	mutex_unlock(&dax_memmap_lock);
	return rc;
}

/* Module unload: remove every region (memory still online stays with the kernel). */
void dax_memmap_remove_all(void)
{
	struct dax_memmap_region *r, *n;

	mutex_lock(&dax_memmap_lock);
	list_for_each_entry_safe(r, n, &dax_memmap_regions, list) {
		if (region_online(r))
			pr_warn("region %d: memory still online, kmem keeps it\n", r->id);
		region_free(r);
	}
	mutex_unlock(&dax_memmap_lock);
}

/*
 * Memory of a region that goes online pins the module, one reference per memory block:
 * rmmod then fails with EBUSY instead of leaving online memory behind (kmem cannot remove
 * online memory, it would keep it until reboot). Offlining drops the reference.
 */
static int dax_memmap_memory_event(struct notifier_block *nb, unsigned long action, void *arg)
{
	const struct memory_notify *mn = arg;
	u64 start = PFN_PHYS(mn->start_pfn), end = PFN_PHYS(mn->start_pfn + mn->nr_pages) - 1;
	struct dax_memmap_region *r;
	bool ours = false;

	if (action != MEM_ONLINE && action != MEM_OFFLINE)
		return NOTIFY_OK;
	spin_lock(&dax_memmap_list_lock);
	list_for_each_entry(r, &dax_memmap_regions, list)
		if (start >= r->req.start && end <= r->req.start + r->req.size - 1)
			ours = true;
	spin_unlock(&dax_memmap_list_lock);
	if (ours && action == MEM_ONLINE)
		__module_get(THIS_MODULE);
	else if (ours)
		module_put(THIS_MODULE);
	return NOTIFY_OK;
}

static struct notifier_block dax_memmap_memory_nb = {
	.notifier_call = dax_memmap_memory_event,
};

int dax_memmap_regions_init(void)
{
	return register_memory_notifier(&dax_memmap_memory_nb);
}

void dax_memmap_regions_exit(void)
{
	unregister_memory_notifier(&dax_memmap_memory_nb);
}

/**
 * dax_memmap_list() - one line per region: id start size align node kind device-size
 * @buf: output
 * @len: its size
 *
 * Return: bytes written.
 */
ssize_t dax_memmap_list(char *buf, size_t len)
{
	struct dax_memmap_region *r;
	ssize_t n = 0;

	mutex_lock(&dax_memmap_lock);
	list_for_each_entry(r, &dax_memmap_regions, list)
		n += scnprintf(buf + n, len - n, "%d %#llx %#llx %#llx %d %s %#llx\n", r->id,
			       r->req.start, r->req.size, r->req.align, r->req.node,
			       dax_memmap_kind_name[r->req.kind], r->req.dev_size);
	mutex_unlock(&dax_memmap_lock);
	return n;
}
