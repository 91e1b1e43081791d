/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal object layout and helpers of libdaxctl; never installed. */
#ifndef DAXCTL_LIB_PRIVATE_H
#define DAXCTL_LIB_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include <ccan/list/list.h>
#include <daxctl/libdaxctl.h>

#define DAXCTL_EXPORT __attribute__((visibility("default")))

#define SYSFS_ATTR_SIZE 1024

#define DAX_BUS_DEVICES "/sys/bus/dax/devices"
#define DAX_CLASS_DIR "/sys/class/dax"
#define DAX_DRIVERS_DIR "/sys/bus/dax/drivers"
#define MEMORY_DIR "/sys/devices/system/memory"
#define NODE_DIR "/sys/devices/system/node"

typedef void (*daxctl_log_fn)(struct daxctl_ctx *ctx, int priority,
		const char *file, int line, const char *fn,
		const char *format, va_list args);

struct daxctl_ctx {
	int refcount;
	daxctl_log_fn log_fn;
	int log_priority;
	void *userdata;
	const char *config_path;
	struct kmod_ctx *kmod_ctx;	/* created on the first enable */
	bool regions_init;
	struct list_head regions;
	unsigned long block_size;	/* memory block size, 0 until read */
	bool block_size_read;
	char *iomem;			/* /proc/iomem, read once if needed */
	bool iomem_read;
	daxctl_write_observer_fn observer;	/* every sysfs write */
	void *observer_data;
	daxctl_progress_fn progress;	/* before each memory block change */
	void *progress_data;
};

enum dax_model {
	DAX_MODEL_UNKNOWN = 0,
	DAX_MODEL_BUS,
	DAX_MODEL_CLASS,
};

struct daxctl_region {
	struct daxctl_ctx *ctx;
	int refcount;
	int id;
	uuid_t uuid;
	char *path;
	char *devname;
	unsigned long long size;
	unsigned long align;
	bool devices_init;
	struct list_head devices;
	struct list_node list;
	int lock_fd;			/* region lock, -1 when not held */
	int lock_count;			/* nested daxctl_region_lock() calls */
	struct daxctl_txn *txn;		/* transaction in progress, or NULL */
};

enum txn_step_kind {
	STEP_CREATE,	/* dev: the new device ("-" until named) */
	STEP_SIZE,	/* arg: the ranges before ("s-e,s-e" or "-") */
	STEP_ALIGN,	/* arg: the align before */
	STEP_BIND,	/* arg: the driver bound */
	STEP_UNBIND,	/* arg: the driver unbound */
	STEP_ONLINE,	/* arg: the block index (journal: or a run, "<first>-<last>") */
	STEP_OFFLINE,	/* arg: "<block index> <zone before>" */
	STEP_MEMMAP,	/* arg: memmap_on_memory before, "0" or "1" */
	STEP_HOTPLUG,	/* arg: the kmem state before (unplugged, online_movable...) */
};

struct daxctl_txn_step {
	struct daxctl_txn *txn;
	enum txn_step_kind kind;
	char dev[32];
	char *desc;		/* what it did: made when first asked, txn_step_desc() */
	char *path;		/* what the undo writes (set when left in place) */
	int err;		/* why the undo failed (left in place) */
	bool in_run;		/* journaled by txn_journal_run(), not on its own */
	struct list_node list;
	char arg[];		/* see enum txn_step_kind */
};

struct daxctl_txn {
	struct daxctl_region *region;
	int journal_fd;
	bool active;
	struct daxctl_txn_step *pending;	/* recorded, write not yet done */
	struct list_head steps;		/* done, oldest first */
	struct list_head left;		/* after a rollback: left in place */
};

struct daxctl_dev {
	struct daxctl_region *region;
	int id;
	int major, minor;
	char *path;		/* sysfs directory of the device */
	const char *devname;	/* points into path */
	unsigned long long resource;
	unsigned long long size;
	unsigned long align;
	int target_node;
	enum dax_model model;
	bool deleted;		/* destroyed through this library: hidden */
	bool looked_up;		/* added alone, before its region was listed */
	bool mappings_init;
	int mappings_err;	/* why reading mappingN/ stopped, 0 at the end */
	struct list_head mappings;
	struct list_head stale_mappings;	/* kept until the dev is freed */
	struct daxctl_memory *mem;
	struct kmod_module *module;
	struct list_node list;
};

struct daxctl_mapping {
	struct daxctl_dev *dev;
	unsigned long long start, end, pgoff;
	struct list_node list;
};

enum memblock_state {
	MB_UNKNOWN = 0,
	MB_MISSING,
	MB_OFFLINE,
	MB_ONLINE,
};

enum memblock_zone {
	MB_ZONE_UNREAD = 0,
	MB_ZONE_MOVABLE,
	MB_ZONE_NORMAL,
	MB_ZONE_OTHER,
};

struct daxctl_memblock {
	struct daxctl_memory *mem;
	unsigned long index;
	unsigned char state;	/* enum memblock_state */
	unsigned char zone;	/* enum memblock_zone */
	short err;		/* -errno of its last failed change, or 0 */
};

struct daxctl_memory {
	struct daxctl_dev *dev;
	unsigned long block_size;
	char *node_path;
	struct daxctl_memblock *blocks;	/* candidate blocks from the dev ranges */
	struct daxctl_memblock *failed;	/* where the last change stopped */
	struct daxctl_memblock *run_last; /* the journaled run of onlines ends here */
	size_t nr_blocks;
	bool blocks_init;
	bool states_valid;		/* states cached and trusted */
};

/* ctx.c: logging */
void daxctl_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, ...)
	__attribute__((format(printf, 6, 7)));

/* @fn: the function the message is reported from (a helper's caller) */
#define daxctl_log_as(ctx, prio, fn, ...) \
	do { \
		if ((ctx) && (ctx)->log_priority >= (prio)) \
			daxctl_log(ctx, prio, __FILE__, __LINE__, fn, \
					__VA_ARGS__); \
	} while (0)
#define daxctl_log_cond(ctx, prio, ...) \
	daxctl_log_as(ctx, prio, __func__, __VA_ARGS__)

#define err(ctx, ...) daxctl_log_cond(ctx, LOG_ERR, __VA_ARGS__)
#define err_as(ctx, fn, ...) daxctl_log_as(ctx, LOG_ERR, fn, __VA_ARGS__)
#define info(ctx, ...) daxctl_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define dbg(ctx, ...) daxctl_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)

/* ctx.c */
int ctx_kmod(struct daxctl_ctx *ctx, struct kmod_ctx **out);
unsigned long ctx_block_size(struct daxctl_ctx *ctx);
unsigned long long ctx_iomem_resource(struct daxctl_ctx *ctx,
		const char *devname);
void ctx_observe_write(struct daxctl_ctx *ctx, const char *path,
		const char *val, int result);

/* sysfs.c */
int sysfs_read(struct daxctl_ctx *ctx, const char *path, char *buf,
		size_t len);
int sysfs_write(struct daxctl_ctx *ctx, const char *path, const char *val,
		bool quiet);
int sysfs_read_ull(struct daxctl_ctx *ctx, const char *path, int base,
		unsigned long long *val);
int sysfs_readlink(const char *path, char *buf, size_t len);
char *path_join(const char *dir, const char *name);
char *path_resolve_link(const char *dir, const char *name);
const char *path_basename(const char *path);
char *file_read_all(const char *path);

/* region.c */
void region_free(struct daxctl_region *region);
struct daxctl_region *region_add(struct daxctl_ctx *ctx, int id,
		const char *path);
void region_scan_devices(struct daxctl_region *region);

/* dev.c */
void dev_free(struct daxctl_dev *dev);
struct daxctl_dev *dev_add(struct daxctl_region *region, int id,
		const char *path);
enum dax_model dev_model(struct daxctl_dev *dev);
int dev_driver_name(struct daxctl_dev *dev, char *buf, size_t len);
int dev_set_size(struct daxctl_dev *dev, unsigned long long size, bool exact);
int dev_set_align(struct daxctl_dev *dev, unsigned long align, bool exact);
int dev_set_mapping(struct daxctl_dev *dev, unsigned long long start,
		unsigned long long end, bool exact);

/* lock.c */
const char *lock_dir(void);
int lock_dir_check(struct daxctl_ctx *ctx);
void lock_path(char *buf, size_t len, int region_id, const char *ext);
int lock_take(struct daxctl_ctx *ctx, int region_id);

/* undo.c */
int undo_read_ranges(struct daxctl_ctx *ctx, const char *dev, char *buf,
		size_t len);
int undo_unbind(struct daxctl_ctx *ctx, const char *dev, const char *drv);
int undo_step(struct daxctl_ctx *ctx, const char *region_path,
		struct daxctl_txn_step *step);
void undo_target(const char *region_path, const struct daxctl_txn_step *step,
		char *buf, size_t len);

/* journal.c */
int journal_create(struct daxctl_region *region);
int journal_append(struct daxctl_txn *txn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void journal_remove(struct daxctl_txn *txn);
int journal_recover(struct daxctl_region *region);

/* txn.c: called around every library write that a transaction records */
int txn_record(struct daxctl_region *region, enum txn_step_kind kind,
		const char *dev, const char *arg);
int txn_journal_run(struct daxctl_region *region, const char *dev,
		unsigned long first, unsigned long last);
int txn_record_in_run(struct daxctl_region *region, const char *dev,
		const char *arg);
void txn_done(struct daxctl_region *region, int rc);
const char *txn_step_desc(struct daxctl_txn_step *s);
void txn_step_free(struct daxctl_txn_step *s);
bool txn_has_step(struct daxctl_region *region, enum txn_step_kind kind,
		const char *dev, const char *arg);
void txn_name_created(struct daxctl_region *region, const char *dev);
struct daxctl_txn_step *txn_step_new(struct daxctl_txn *txn,
		enum txn_step_kind kind, const char *dev, const char *arg);
void txn_undo_all(struct daxctl_txn *txn, const char *region_path);
const char *txn_kind_name(enum txn_step_kind kind);

/* mapping.c */
void mappings_init(struct daxctl_dev *dev);
void mappings_invalidate(struct daxctl_dev *dev);
void mappings_free(struct daxctl_dev *dev);

/* memory.c */
void memory_free(struct daxctl_dev *dev);
void memory_forget_blocks(struct daxctl_memory *mem);
int memory_scan(struct daxctl_memory *mem);
void memblock_span(unsigned long long start, unsigned long long end,
		unsigned long long bs, unsigned long long *first,
		unsigned long long *last_excl);
int memblock_read_state(struct daxctl_memblock *b);
int memblock_read_zone(struct daxctl_memblock *b);

/* memblock.c */
int memblock_is_removable(struct daxctl_memblock *b);

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_free_ _cleanup_(freep)

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

#endif /* DAXCTL_LIB_PRIVATE_H */
