/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdaxctl: enumerate and configure device-dax regions, devices, their
 * physical mappings and, for devices bound to kmem, their memory blocks.
 *
 * Source-compatible with the libdaxctl.so.1 ABI (version nodes LIBDAXCTL_1
 * to LIBDAXCTL_10). Integer functions return 0 or a non-negative count on
 * success and a negative errno on failure; pointer functions return NULL.
 */
#ifndef _LIBDAXCTL_H_
#define _LIBDAXCTL_H_

#include <stdarg.h>
#include <unistd.h>

#ifdef HAVE_UUID
#include <uuid/uuid.h>
#else
/* Same layout as libuuid's type, for users building without libuuid. */
typedef unsigned char uuid_t[16];
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- library context ---- */
struct daxctl_ctx;

int daxctl_new(struct daxctl_ctx **ctx);
struct daxctl_ctx *daxctl_ref(struct daxctl_ctx *ctx);
void daxctl_unref(struct daxctl_ctx *ctx);

void daxctl_set_log_fn(struct daxctl_ctx *ctx,
		void (*log_fn)(struct daxctl_ctx *ctx, int priority,
			const char *file, int line, const char *fn,
			const char *format, va_list args));
int daxctl_get_log_priority(struct daxctl_ctx *ctx);
void daxctl_set_log_priority(struct daxctl_ctx *ctx, int priority);

void daxctl_set_userdata(struct daxctl_ctx *ctx, void *userdata);
void *daxctl_get_userdata(struct daxctl_ctx *ctx);

int daxctl_set_config_path(struct daxctl_ctx *ctx, char *config_path);
const char *daxctl_get_config_path(struct daxctl_ctx *ctx);

/* ---- regions ---- */
struct daxctl_region;

struct daxctl_region *daxctl_new_region(struct daxctl_ctx *ctx, int id,
		uuid_t uuid, const char *path);
struct daxctl_region *daxctl_region_get_first(struct daxctl_ctx *ctx);
struct daxctl_region *daxctl_region_get_next(struct daxctl_region *region);
void daxctl_region_ref(struct daxctl_region *region);
void daxctl_region_unref(struct daxctl_region *region);

void daxctl_region_get_uuid(struct daxctl_region *region, uuid_t uu);
int daxctl_region_get_id(struct daxctl_region *region);
struct daxctl_ctx *daxctl_region_get_ctx(struct daxctl_region *region);
unsigned long long daxctl_region_get_available_size(
		struct daxctl_region *region);
unsigned long long daxctl_region_get_size(struct daxctl_region *region);
unsigned long daxctl_region_get_align(struct daxctl_region *region);
const char *daxctl_region_get_devname(struct daxctl_region *region);
const char *daxctl_region_get_path(struct daxctl_region *region);

int daxctl_region_create_dev(struct daxctl_region *region);
struct daxctl_dev *daxctl_region_get_dev_seed(struct daxctl_region *region);

/* ---- devices ---- */
struct daxctl_dev;

struct daxctl_dev *daxctl_dev_get_first(struct daxctl_region *region);
int daxctl_region_destroy_dev(struct daxctl_region *region,
		struct daxctl_dev *dev);
struct daxctl_dev *daxctl_dev_get_next(struct daxctl_dev *dev);
struct daxctl_region *daxctl_dev_get_region(struct daxctl_dev *dev);
int daxctl_dev_get_id(struct daxctl_dev *dev);
const char *daxctl_dev_get_devname(struct daxctl_dev *dev);
int daxctl_dev_get_major(struct daxctl_dev *dev);
int daxctl_dev_get_minor(struct daxctl_dev *dev);
unsigned long long daxctl_dev_get_resource(struct daxctl_dev *dev);
unsigned long long daxctl_dev_get_size(struct daxctl_dev *dev);
int daxctl_dev_set_size(struct daxctl_dev *dev, unsigned long long size);
unsigned long daxctl_dev_get_align(struct daxctl_dev *dev);
int daxctl_dev_set_align(struct daxctl_dev *dev, unsigned long align);
int daxctl_dev_set_mapping(struct daxctl_dev *dev, unsigned long long start,
		unsigned long long end);
struct daxctl_ctx *daxctl_dev_get_ctx(struct daxctl_dev *dev);
int daxctl_dev_is_enabled(struct daxctl_dev *dev);
int daxctl_dev_disable(struct daxctl_dev *dev);
int daxctl_dev_enable_devdax(struct daxctl_dev *dev);
int daxctl_dev_enable_ram(struct daxctl_dev *dev);
int daxctl_dev_get_target_node(struct daxctl_dev *dev);
int daxctl_dev_will_auto_online_memory(struct daxctl_dev *dev);
int daxctl_dev_has_online_memory(struct daxctl_dev *dev);
int daxctl_dev_is_system_ram_capable(struct daxctl_dev *dev);

/* ---- memory blocks of a device bound to kmem ---- */
struct daxctl_memory;

struct daxctl_memory *daxctl_dev_get_memory(struct daxctl_dev *dev);
struct daxctl_dev *daxctl_memory_get_dev(struct daxctl_memory *mem);
const char *daxctl_memory_get_node_path(struct daxctl_memory *mem);
unsigned long daxctl_memory_get_block_size(struct daxctl_memory *mem);
int daxctl_memory_online(struct daxctl_memory *mem);
int daxctl_memory_offline(struct daxctl_memory *mem);
int daxctl_memory_is_online(struct daxctl_memory *mem);
int daxctl_memory_num_sections(struct daxctl_memory *mem);
int daxctl_memory_is_movable(struct daxctl_memory *mem);
int daxctl_memory_online_no_movable(struct daxctl_memory *mem);

/* ---- iteration helpers (header only, not exported symbols) ---- */
#define daxctl_region_foreach(ctx, region) \
	for (region = daxctl_region_get_first(ctx); \
	     region != NULL; \
	     region = daxctl_region_get_next(region))

#define daxctl_region_foreach_safe(ctx, region, _region) \
	for (region = daxctl_region_get_first(ctx), \
	     _region = region ? daxctl_region_get_next(region) : NULL; \
	     region != NULL; \
	     region = _region, \
	     _region = _region ? daxctl_region_get_next(_region) : NULL)

#define daxctl_dev_foreach(region, dev) \
	for (dev = daxctl_dev_get_first(region); \
	     dev != NULL; \
	     dev = daxctl_dev_get_next(dev))

#define daxctl_dev_foreach_safe(region, dev, _dev) \
	for (dev = daxctl_dev_get_first(region), \
	     _dev = dev ? daxctl_dev_get_next(dev) : NULL; \
	     dev != NULL; \
	     dev = _dev, \
	     _dev = _dev ? daxctl_dev_get_next(_dev) : NULL)

/* ---- physical ranges (mappingN) of a device ---- */
struct daxctl_mapping;

struct daxctl_mapping *daxctl_mapping_get_first(struct daxctl_dev *dev);
struct daxctl_mapping *daxctl_mapping_get_next(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_start(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_end(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_offset(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_size(struct daxctl_mapping *mapping);

#define daxctl_mapping_foreach(dev, mapping) \
	for (mapping = daxctl_mapping_get_first(dev); \
	     mapping != NULL; \
	     mapping = daxctl_mapping_get_next(mapping))

/* ---- LIBDAXCTL_11: write observer ---- */
typedef void (*daxctl_write_observer_fn)(struct daxctl_ctx *ctx,
		const char *path, const char *value, int result, void *data);

void daxctl_set_write_observer(struct daxctl_ctx *ctx,
		daxctl_write_observer_fn fn, void *data);

/* ---- LIBDAXCTL_11: region lock and transactions ---- */
struct daxctl_txn;
struct daxctl_txn_step;

int daxctl_region_lock(struct daxctl_region *region);
void daxctl_region_unlock(struct daxctl_region *region);
int daxctl_txn_begin(struct daxctl_region *region, struct daxctl_txn **txn);
int daxctl_txn_commit(struct daxctl_txn *txn);
int daxctl_txn_rollback(struct daxctl_txn *txn);
void daxctl_txn_free(struct daxctl_txn *txn);
int daxctl_txn_get_nr_steps(struct daxctl_txn *txn);
struct daxctl_txn_step *daxctl_txn_get_first_left(struct daxctl_txn *txn);
struct daxctl_txn_step *daxctl_txn_get_next_left(struct daxctl_txn_step *step);
const char *daxctl_txn_step_get_desc(struct daxctl_txn_step *step);
const char *daxctl_txn_step_get_path(struct daxctl_txn_step *step);
int daxctl_txn_step_get_errno(struct daxctl_txn_step *step);

/* ---- LIBDAXCTL_11: workflows (txn NULL: each runs in its own transaction) ---- */
int daxctl_region_create_devdax(struct daxctl_region *region,
		unsigned long long size, unsigned long align,
		struct daxctl_txn *txn, struct daxctl_dev **dev);
int daxctl_dev_reconfigure_ram(struct daxctl_dev *dev, int movable,
		struct daxctl_txn *txn);
int daxctl_dev_reconfigure_devdax(struct daxctl_dev *dev,
		struct daxctl_txn *txn);
int daxctl_dev_destroy(struct daxctl_dev *dev, struct daxctl_txn *txn);

#define daxctl_txn_foreach_left(txn, step) \
	for (step = daxctl_txn_get_first_left(txn); \
	     step != NULL; \
	     step = daxctl_txn_get_next_left(step))

/* ---- LIBDAXCTL_12: memory blocks, progress, region kind ---- */
struct daxctl_memblock;

struct daxctl_memblock *daxctl_memblock_get_first(struct daxctl_memory *mem);
struct daxctl_memblock *daxctl_memblock_get_next(struct daxctl_memblock *mb);
unsigned long daxctl_memblock_get_index(struct daxctl_memblock *mb);
int daxctl_memblock_is_online(struct daxctl_memblock *mb);
const char *daxctl_memblock_get_zone(struct daxctl_memblock *mb);
int daxctl_memblock_is_removable(struct daxctl_memblock *mb);
int daxctl_memblock_get_errno(struct daxctl_memblock *mb);
struct daxctl_memblock *daxctl_memory_get_failed_block(
		struct daxctl_memory *mem);

#define daxctl_memblock_foreach(mem, mb) \
	for (mb = daxctl_memblock_get_first(mem); \
	     mb != NULL; \
	     mb = daxctl_memblock_get_next(mb))

typedef int (*daxctl_progress_fn)(struct daxctl_dev *dev, const char *op,
		unsigned long done, unsigned long total, void *data);

void daxctl_set_progress_fn(struct daxctl_ctx *ctx, daxctl_progress_fn fn,
		void *data);
int daxctl_region_is_dynamic(struct daxctl_region *region);
struct daxctl_dev *daxctl_region_get_dev_by_id(struct daxctl_region *region,
		int id);
unsigned long daxctl_get_memory_block_size(struct daxctl_ctx *ctx);
int daxctl_get_auto_online_policy(struct daxctl_ctx *ctx, char *buf,
		size_t len);
int daxctl_region_get_interrupted_txn(struct daxctl_region *region);
int daxctl_dev_get_nr_mappings(struct daxctl_dev *dev);
int daxctl_dev_get_nr_memblocks(struct daxctl_dev *dev);
int daxctl_region_get_nvdimm_uuid(struct daxctl_region *region, int which,
		char *buf, size_t len);
int daxctl_dev_get_hotplug_state(struct daxctl_dev *dev, char *buf, size_t len);
int daxctl_dev_set_hotplug_state(struct daxctl_dev *dev, const char *state);
int daxctl_region_create_devdax_mappings(struct daxctl_region *region,
		const unsigned long long *ranges, int nr, unsigned long align,
		struct daxctl_txn *txn, struct daxctl_dev **dev);

/* ---- LIBDAXCTL_12: kernel attributes beyond the reference library ---- */
int daxctl_dev_get_numa_node(struct daxctl_dev *dev);
int daxctl_region_get_numa_node(struct daxctl_region *region);
int daxctl_region_get_target_node(struct daxctl_region *region);
int daxctl_dev_get_memmap_on_memory(struct daxctl_dev *dev);
int daxctl_dev_set_memmap_on_memory(struct daxctl_dev *dev, int enable);

/* ---- LIBDAXCTL_12: why no dax region shows (daxctl_get_no_region_causes()) ---- */
enum daxctl_no_region_cause {
	DAXCTL_NO_DAX_BUS = 1 << 0,		/* no /sys/bus/dax */
	DAXCTL_DAX_CLASS_MODEL = 1 << 1,	/* devices in /sys/class/dax */
	DAXCTL_SOFT_RESERVE_OFF = 1 << 2,	/* booted with efi=nosoftreserve */
	DAXCTL_SOFT_RESERVED_UNCLAIMED = 1 << 3, /* Soft Reserved, no dax in it */
	DAXCTL_CXL_WITHOUT_REGION = 1 << 4,	/* CXL memory without a region */
};

int daxctl_get_no_region_causes(struct daxctl_ctx *ctx);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _LIBDAXCTL_H_ */
