// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mode changes (devdax <-> system-ram), memory onlining and offlining, and resizing: each a
 * composition of library calls inside one library transaction on the device's region. On
 * failure the transaction restores what was found, or the report says what was left.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "workflow.h"

static const char race_warning[] =
	"  WARNING: detected a race while onlining memory\n"
	"  Some memory may not be in the expected zone. It is\n"
	"  recommended to disable any other onlining mechanisms,\n"
	"  and retry. If onlining is to be left to other agents,\n"
	"  use the --no-online option to suppress this warning\n";

static const char *want_zone(const struct wf_opts *o)
{
	return o->no_movable ? "Normal" : "Movable";
}

/* Online in another zone than @o asks for. */
static bool wrong_zone(struct daxctl_memblock *mb, const struct wf_opts *o)
{
	const char *zone = daxctl_memblock_get_zone(mb);

	return daxctl_memblock_is_online(mb) && (!zone || strcmp(zone, want_zone(o)));
}

/* "dax1.0: memory65: offline failed: ... (state online, zone Movable, removable yes)" */
static void report_block(const char *dev, const char *op, struct daxctl_memory *mem, int err)
{
	struct daxctl_memblock *mb = daxctl_memory_get_failed_block(mem);
	const char *zone;
	int removable;

	if (!mb || err == -EINTR)
		return;
	zone = daxctl_memblock_get_zone(mb);
	removable = daxctl_memblock_is_removable(mb);
	fprintf(stderr, "%s: memory%lu: %s failed: %s (state %s, zone %s, removable %s)\n",
			dev, daxctl_memblock_get_index(mb), op, strerror(-err),
			daxctl_memblock_is_online(mb) ? "online" : "offline", zone ? zone : "unknown",
			removable < 0 ? "unknown" : removable ? "yes" : "no");
}

static int count_blocks(struct daxctl_memory *mem, const struct wf_opts *o, int *nr, int *on,
		int *wrong)
{
	struct daxctl_memblock *mb;

	*nr = *on = *wrong = 0;
	daxctl_memblock_foreach(mem, mb) {
		(*nr)++;
		*on += daxctl_memblock_is_online(mb);
		*wrong += o && wrong_zone(mb, o);
	}
	return *nr ? 0 : daxctl_memory_num_sections(mem);
}

/* The blocks that come online now in another zone than asked for; @was: online before. */
static int count_wrong_ours(struct daxctl_memory *mem, const struct wf_opts *o, const bool *was)
{
	struct daxctl_memblock *mb;
	int i = 0, n = 0;

	daxctl_memblock_foreach(mem, mb)
		n += !was[i++] && wrong_zone(mb, o);
	return n;
}

static int online_verified(const char *dev, struct daxctl_memory *mem, struct wf_opts *o,
		bool *was)
{
	struct daxctl_memblock *mb;
	int i = 0, rc, nr, on, wrong_ours;

	daxctl_memblock_foreach(mem, mb)
		was[i++] = daxctl_memblock_is_online(mb);
	rc = o->no_movable ? daxctl_memory_online_no_movable(mem) : daxctl_memory_online(mem);
	if (rc < 0) {
		report_block(dev, "online", mem, rc);
		return rc;
	}
	if (o->verbose)
		fprintf(stderr, "%s: %d memory block%s onlined\n", dev, rc, rc == 1 ? "" : "s");
	wrong_ours = count_wrong_ours(mem, o, was);
	if (wrong_ours) {
		fprintf(stderr, "%s:\n%s", dev, race_warning);
		fprintf(stderr, "%s: %d memory block%s did not come online in zone %s\n", dev,
				wrong_ours, wrong_ours == 1 ? "" : "s", want_zone(o));
		return -EBUSY;
	}
	count_blocks(mem, NULL, &nr, &on, &i);
	if (on != nr) {
		fprintf(stderr, "%s: failed to online %d memory blocks\n", dev, nr - on);
		return -ENXIO;
	}
	return 0;
}

/*
 * Online the offline blocks of a kmem device (inside the caller's transaction); 0 or -errno.
 * Blocks that were online already in another zone than requested are an error for
 * online-memory (it asked for that zone), only a warning for reconfigure-device (@reconfig:
 * another agent onlined them, as upstream treats it).
 */
static int online_blocks(struct daxctl_dev *dev, struct wf_opts *o, bool reconfig)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc, nr, before, wrong;
	bool *was;

	if (!mem)
		return -ENXIO;
	rc = count_blocks(mem, o, &nr, &before, &wrong);
	if (rc < 0)
		return rc;
	if (!nr) {
		fprintf(stderr, "%s: no memory blocks found for the device\n", name);
		return -ENXIO;
	}
	if (wrong && reconfig) {
		fprintf(stderr, "%s:\n%s", name, race_warning);
		fprintf(stderr, "%s: %d memory block%s already online in another zone than %s\n",
				name, wrong, wrong == 1 ? " was" : "s were", want_zone(o));
		wrong = 0;
	}
	if (before == nr) {
		if (!wrong) {
			fprintf(stderr, "%s: all memory blocks (%d) already online\n", name, nr);
			return 0;
		}
		fprintf(stderr, "%s:\n%s", name, race_warning);
		fprintf(stderr, "%s: all memory blocks (%d) already online, %d not in zone %s as requested; offline them first to change the zone\n",
				name, nr, wrong, want_zone(o));
		return -EBUSY;
	}
	if (before && o->verbose)
		fprintf(stderr, "%s: %d memory block%s already online\n", name, before,
				before == 1 ? "" : "s");
	was = calloc(nr, sizeof(*was));
	if (!was)
		return -ENOMEM;
	rc = online_verified(name, mem, o, was);
	free(was);
	return rc;
}

/*
 * Kernels with the kmem state attribute: online every block of the device in one write
 * (from "unplugged": unplug first when kmem added them offline). @cur: the state now.
 */
static int online_by_state(struct daxctl_dev *dev, struct wf_opts *o, const char *cur,
		bool reconfig)
{
	const char *name = daxctl_dev_get_devname(dev);
	const char *want = o->no_movable ? "online" : "online_movable";
	int rc;

	if (strcmp(cur, want) == 0) {
		fprintf(stderr, "%s: all memory already online (kmem state %s)\n", name, cur);
		return 0;
	}
	if (strncmp(cur, "online", 6) == 0) {
		fprintf(stderr, "%s:\n%s", name, race_warning);
		fprintf(stderr, "%s: memory already online as %s, not %s%s\n", name, cur, want,
				reconfig ? "" : "; offline it first to change the zone");
		return reconfig ? 0 : -EBUSY;
	}
	if (strcmp(cur, "unplugged")) {
		rc = daxctl_dev_set_hotplug_state(dev, "unplugged");
		if (rc) {
			fprintf(stderr, "%s: failed to unplug its memory (kmem state): %s\n", name,
					strerror(-rc));
			return rc;
		}
	}
	rc = wf_interrupted();
	if (rc)
		return rc;
	rc = daxctl_dev_set_hotplug_state(dev, want);
	if (rc)
		fprintf(stderr, "%s: failed to online its memory (kmem state %s): %s\n", name, want,
				strerror(-rc));
	else if (o->verbose)
		fprintf(stderr, "%s: memory onlined in one write (kmem state %s)\n", name, want);
	return rc;
}

/*
 * Online through the kmem state attribute when the kernel has it, else block by block. The
 * state "offline" (kmem added the blocks offline) is left only by unplugging, which cannot
 * be undone into "offline" again: so block by block then, unless the device was bound to
 * kmem in this very transaction (@fresh), whose rollback unbinds it anyway.
 */
static int online_memory(struct daxctl_dev *dev, struct wf_opts *o, bool reconfig, bool fresh)
{
	char cur[32];

	if (daxctl_dev_get_hotplug_state(dev, cur, sizeof(cur)) == 0 &&
			(fresh || strcmp(cur, "offline")))
		return online_by_state(dev, o, cur, reconfig);
	return online_blocks(dev, o, reconfig);
}

/* Offline every online block (inside the caller's transaction); 0 or -errno. */
static int offline_blocks(const char *name, struct daxctl_memory *mem)
{
	int rc = daxctl_memory_offline(mem), nr, on, wrong;

	if (rc < 0) {
		report_block(name, "offline", mem, rc);
		return rc;
	}
	count_blocks(mem, NULL, &nr, &on, &wrong);
	if (on) {
		fprintf(stderr, "%s: failed to offline %d memory blocks\n", name, on);
		return -ENXIO;
	}
	return 0;
}

static int auto_online_races(struct daxctl_dev *dev, const struct wf_opts *o)
{
	char pol[64];

	if (o->force || daxctl_get_auto_online_policy(daxctl_dev_get_ctx(dev), pol, sizeof(pol)))
		return 0;
	if (strncmp(pol, "online", 6))
		return 0;
	/* the kernel onlines the blocks itself: fine only if it does what was asked */
	if (!o->no_online && ((o->no_movable && strcmp(pol, "online_movable")) ||
				(!o->no_movable && strcmp(pol, "online_movable") == 0)))
		return 0;
	fprintf(stderr, "%s: error: kernel policy will auto-online memory, aborting\n",
			daxctl_dev_get_devname(dev));
	fprintf(stderr, "%s: auto_online_blocks is '%s'; use --force to go ahead anyway\n",
			daxctl_dev_get_devname(dev), pol);
	return -EBUSY;
}

static int system_ram_checks(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	unsigned long bs;
	int rc;

	if (!daxctl_dev_get_size(dev)) {
		fprintf(stderr, "%s: size is 0: nothing to hot-plug\n", name);
		return -ENXIO;
	}
	if (daxctl_dev_get_target_node(dev) < 0) {
		fprintf(stderr, "%s: no target_node: kmem cannot hot-plug this device\n", name);
		return -EINVAL;
	}
	bs = daxctl_get_memory_block_size(daxctl_dev_get_ctx(dev));
	if (!bs) {
		fprintf(stderr, "%s: the memory block size cannot be read\n", name);
		return -ENXIO;
	}
	rc = daxctl_dev_get_nr_memblocks(dev);
	if (rc < 0) {
		fprintf(stderr, "%s: cannot read its ranges (mappingN/): %s\n", name, strerror(-rc));
		return rc;
	}
	if (rc == 0) {
		fprintf(stderr, "%s: its ranges hold no whole memory block (block size %#lx): kmem would add no memory\n",
				name, bs);
		return -EINVAL;
	}
	return auto_online_races(dev, o);
}

/* --memmap-on-memory / --no-memmap-on-memory on an unbound device, in the transaction. */
static int set_memmap(struct daxctl_dev *dev, const struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	int rc;

	if (!o->memmap)
		return 0;
	rc = daxctl_dev_set_memmap_on_memory(dev, o->memmap > 0);
	if (rc == -ENOENT)
		fprintf(stderr, "%s: this kernel has no memmap_on_memory (Linux 6.8 and later)\n",
				name);
	else if (rc == -EOPNOTSUPP)
		fprintf(stderr, "%s: memmap_on_memory refused by the kernel: boot with memory_hotplug.memmap_on_memory=1 (or the kernel lacks CONFIG_MHP_MEMMAP_ON_MEMORY)\n",
				name);
	else if (rc)
		fprintf(stderr, "%s: failed to set memmap_on_memory: %s\n", name, strerror(-rc));
	return rc;
}

/* A device already in system-ram mode keeps its memmap_on_memory: say so if asked to change. */
static int memmap_fixed(struct daxctl_dev *dev, const struct wf_opts *o)
{
	int cur;

	if (!o->memmap)
		return 0;
	cur = daxctl_dev_get_memmap_on_memory(dev);
	if (cur >= 0 && cur == (o->memmap > 0))
		return 0;
	fprintf(stderr, "%s: memmap_on_memory changes only while the device is not in system-ram mode: 'daxctl reconfigure-device -m devdax -f %s' first\n",
			daxctl_dev_get_devname(dev), daxctl_dev_get_devname(dev));
	return cur == -ENOENT ? -ENOENT : -EBUSY;
}

static int to_system_ram(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_txn *txn;
	int rc;

	if (daxctl_dev_is_system_ram_capable(dev)) {
		fprintf(stderr, "%s was already in system-ram mode\n", name);
		rc = memmap_fixed(dev, o);
		if (rc)
			return rc;
		if (o->no_online)
			return 0;
		rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
		if (rc)
			return rc;
		rc = online_memory(dev, o, true, false);
		/* blocks found in another zone are reported, what was onlined stays */
		wf_end(txn, name, rc == -EBUSY ? 0 : rc);
		return rc;
	}
	rc = system_ram_checks(dev, o);
	if (rc)
		return rc;
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	rc = daxctl_dev_disable(dev);
	if (rc) {
		fprintf(stderr, "%s: failed to disable: %s\n", name, strerror(-rc));
		return wf_end(txn, name, rc);
	}
	rc = set_memmap(dev, o);
	if (rc)
		return wf_end(txn, name, rc);
	rc = daxctl_dev_enable_ram(dev);
	if (rc) {
		fprintf(stderr, "%s: failed to bind kmem: %s\n", name, strerror(-rc));
		return wf_end(txn, name, rc);
	}
	rc = wf_interrupted();
	if (!rc && !o->no_online)
		rc = online_memory(dev, o, true, true);
	return wf_end(txn, name, rc);
}

/* offline-memory on a kernel with the kmem state attribute: unplug it all in one write. */
static int offline_by_state(struct daxctl_dev *dev, const char *cur)
{
	const char *name = daxctl_dev_get_devname(dev);
	int rc;

	if (strcmp(cur, "unplugged") == 0 || strcmp(cur, "offline") == 0) {
		fprintf(stderr, "%s: all memory already offline (kmem state %s)\n", name, cur);
		return 0;
	}
	rc = daxctl_dev_set_hotplug_state(dev, "unplugged");
	if (rc)
		fprintf(stderr, "%s: failed to unplug its memory (kmem state): %s\n", name,
				strerror(-rc));
	return rc;
}

/* Under the lock: offline a kmem device's blocks (only with --force) and unbind kmem. */
static int leave_system_ram(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc, nr, on, wrong;

	if (!mem)
		return -ENXIO;
	rc = count_blocks(mem, NULL, &nr, &on, &wrong);
	if (rc < 0)
		return rc;
	if (on && !o->force) {
		fprintf(stderr, "%s: %d memory block%s online: refusing to change modes (--force offlines them first)\n",
				name, on, on == 1 ? "" : "s");
		return -EBUSY;
	}
	if (!on && o->force && nr)
		fprintf(stderr, "%s: all memory sections (%d) already offline\n", name, nr);
	if (on) {
		char cur[32];

		if (daxctl_dev_get_hotplug_state(dev, cur, sizeof(cur)) == 0)
			rc = offline_by_state(dev, cur);
		else
			rc = offline_blocks(name, mem);
		if (rc)
			return rc;
	}
	rc = wf_interrupted();
	if (rc)
		return rc;
	rc = daxctl_dev_disable(dev);
	if (rc)
		fprintf(stderr, "%s: failed to unbind kmem: %s\n", name, strerror(-rc));
	return rc;
}

static int to_devdax(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_txn *txn;
	int rc;

	if (daxctl_dev_is_enabled(dev) && !daxctl_dev_is_system_ram_capable(dev)) {
		fprintf(stderr, "%s was already in devdax mode\n", name);
		return 0;
	}
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	if (daxctl_dev_is_system_ram_capable(dev)) {
		rc = leave_system_ram(dev, o);
		if (rc)
			return wf_end(txn, name, rc);
	}
	rc = daxctl_dev_enable_devdax(dev);
	if (rc)
		fprintf(stderr, "%s: failed to enable devdax: %s\n", name, strerror(-rc));
	return wf_end(txn, name, rc);
}

int wf_reconfig_one(struct daxctl_dev *dev, struct wf_opts *o, int *printed)
{
	int rc;

	if (strcmp(o->mode, "system-ram") == 0)
		rc = to_system_ram(dev, o);
	else
		rc = to_devdax(dev, o);
	if (!rc)
		*printed = 1;
	return rc;
}

/* online-memory and offline-memory apply only to system-ram devices. */
static int check_kmem_mode(struct daxctl_dev *dev)
{
	if (daxctl_dev_is_system_ram_capable(dev))
		return 0;
	fprintf(stderr, "%s: memory operations are not applicable in devdax mode\n",
			daxctl_dev_get_devname(dev));
	return -ENXIO;
}

int wf_online_one(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_txn *txn;
	int rc = check_kmem_mode(dev);

	if (rc)
		return rc;
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	/* checked again under the lock: a reconfigure may have run meanwhile */
	rc = check_kmem_mode(dev);
	if (!rc)
		rc = online_memory(dev, o, false, false);
	return wf_end(txn, name, rc);
}

int wf_offline_one(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_memory *mem;
	char state[32];
	struct daxctl_txn *txn;
	int rc = check_kmem_mode(dev), nr, on, wrong;

	if (rc)
		return rc;
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	rc = check_kmem_mode(dev);
	if (!rc && daxctl_dev_get_hotplug_state(dev, state, sizeof(state)) == 0)
		return wf_end(txn, name, offline_by_state(dev, state));
	mem = rc ? NULL : daxctl_dev_get_memory(dev);
	if (!rc && !mem)
		rc = -ENXIO;
	if (!rc)
		rc = count_blocks(mem, NULL, &nr, &on, &wrong);
	if (rc < 0)
		return wf_end(txn, name, rc);
	if (!on) {
		fprintf(stderr, "%s: all memory blocks (%d) already offline\n", name, nr);
		return wf_end(txn, name, 0);
	}
	if (o->verbose && on < nr)
		fprintf(stderr, "%s: %d memory block%s already offline\n", name, nr - on,
				nr - on == 1 ? "" : "s");
	return wf_end(txn, name, offline_blocks(name, mem));
}

static int resize_checks(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	unsigned long long avail, size = daxctl_dev_get_size(dev), align;

	avail = daxctl_region_get_available_size(daxctl_dev_get_region(dev));
	align = o->has_align ? o->align : daxctl_dev_get_align(dev);
	if (o->has_size && o->size > size + avail) {
		fprintf(stderr, "%s: size %#llx is more than its %#llx plus the available %#llx\n",
				name, o->size, size, avail);
		return -ENOSPC;
	}
	if (align && (o->has_size ? o->size : size) % align) {
		fprintf(stderr, "%s: size %#llx is not a multiple of align %#llx\n", name,
				o->has_size ? o->size : size, align);
		return -EINVAL;
	}
	return 0;
}

int wf_resize_one(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_txn *txn;
	int rc;

	if (!daxctl_region_is_dynamic(daxctl_dev_get_region(dev))) {
		fprintf(stderr, "%s: static region: size and align are fixed\n", name);
		return -EOPNOTSUPP;
	}
	if (daxctl_dev_is_enabled(dev)) {
		fprintf(stderr, "%s: device is active: run 'daxctl disable-device %s' first\n", name,
				name);
		return -EBUSY;
	}
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	rc = resize_checks(dev, o);
	if (rc)
		return wf_end(txn, name, rc);
	if (o->has_align && o->align != daxctl_dev_get_align(dev)) {
		rc = daxctl_dev_set_align(dev, o->align);
		if (rc) {
			fprintf(stderr, "%s: failed to set align: %s\n", name, strerror(-rc));
			return wf_end(txn, name, rc);
		}
	}
	if (o->has_size && o->size != daxctl_dev_get_size(dev)) {
		rc = daxctl_dev_set_size(dev, o->size);
		if (rc)
			fprintf(stderr, "%s: failed to set size: %s\n", name, strerror(-rc));
	}
	return wf_end(txn, name, rc);
}
