/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Transactions for the write workflows: direct sysfs access with exact errnos, an advisory
 * per-region lock under /run/daxctl/, an undo log that restores what was found, and the
 * memory blocks of a device.
 */
#ifndef _DAXCTL_TXN_H_
#define _DAXCTL_TXN_H_

#include <stdbool.h>
#include <limits.h>
#include <stddef.h>

#define DAX_BUS "/sys/bus/dax"
#define MEMORY_SYS "/sys/devices/system/memory"
#define MAX_MAPPINGS 256

/* ---- sysfs ---- */
extern int txn_verbose;
int sysfs_read(const char *path, char *buf, size_t len);	/* trims the newline */
int sysfs_read_u64(const char *path, unsigned long long *val);	/* base auto-detected */
int sysfs_write(const char *path, const char *value);		/* 0 or -errno */
int sysfs_writef(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the state of one device, read straight from sysfs ---- */
struct dax_range {
	unsigned long long start, end, pgoff;	/* end inclusive, pgoff in pages */
};

struct dax_state {
	char name[32];
	char path[PATH_MAX];		/* resolved /sys/devices/... path of the device */
	char region[PATH_MAX];	/* resolved path of the region's parent (holds dax_region/) */
	int region_id, id;
	char driver[32];	/* "" when unbound */
	unsigned long long size, align;
	int target_node;	/* -1 when absent */
	bool dynamic;		/* region has create/delete */
	int nr_ranges;
	struct dax_range range[MAX_MAPPINGS];
};

/* Read @name (daxX.Y); -ENODEV when there is no such device. */
int dax_state_read(const char *name, struct dax_state *st);
int dax_region_attr(const struct dax_state *st, const char *attr, char *buf, size_t len);

/* ---- lock ---- */
/* The library's region lock (daxctl_region_lock: <dir>/region<ID>.lock, dir DAXCTL_LOCK_DIR
 * or /run/daxctl; an interrupted transaction's journal is rolled back). Returns a handle to
 * pass to txn_unlock, or -errno. */
int txn_lock(int region_id);
void txn_unlock(int fd);

/* ---- undo log ---- */
struct txn;
typedef int (*undo_fn)(struct txn *t, const char *dev, const char *arg, unsigned long long val);

struct txn_step {
	undo_fn undo;
	char dev[32];
	char arg[96];
	unsigned long long val;
	char what[128];		/* human text: what was done, for the report */
};

struct txn {
	const char *cmd;	/* "reconfigure-device", for messages */
	bool open;		/* counted in the signal handler's view */
	struct txn_step *steps;
	size_t nr, cap;
};

void txn_init(struct txn *t, const char *cmd);
/* Remember how to undo a step that just succeeded. */
int txn_push(struct txn *t, undo_fn undo, const char *dev, const char *arg,
		unsigned long long val, const char *what_fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Undo every step in reverse order. Returns 0 if all were undone; otherwise reports each step
 * left in place on stderr and returns the first undo error. */
int txn_rollback(struct txn *t, const char *dev);
void txn_commit(struct txn *t);	/* forget the steps: the work is done */
/* A safe point: 0, or -EINTR (with a message naming @dev) once SIGINT, SIGTERM or SIGHUP
 * arrived while a transaction was open. */
int txn_interrupted(const char *dev);
/* End a locked transaction: commit it when @rc is 0, else roll it back; then drop @lock.
 * Returns @rc. */
int txn_end(struct txn *t, int lock, const char *dev, int rc);

/* ---- driver binding (device_dax, kmem) ---- */
int dax_bind(const char *dev, const char *drv);		/* new_id + bind, checked by the link */
int dax_unbind(const char *dev, const char *drv);	/* remove_id + unbind */
int undo_bind(struct txn *t, const char *dev, const char *drv, unsigned long long v);
int undo_unbind(struct txn *t, const char *dev, const char *drv, unsigned long long v);
/* Put a device's align back to @old. */
int undo_align(struct txn *t, const char *dev, const char *arg, unsigned long long old);

/* ---- memory blocks of a device ---- */
struct memblock {
	unsigned long idx;
	bool online;
	char zone[32];		/* valid_zones while online: "Movable", "Normal" */
	int removable;
};

struct memblocks {
	unsigned long long block_size;
	size_t nr;
	struct memblock *b;
};

/* The blocks wholly inside the device's ranges that exist in sysfs. */
int memblocks_read(const struct dax_state *st, struct memblocks *mb);
void memblocks_free(struct memblocks *mb);
size_t memblocks_online(const struct memblocks *mb);
/* Number of whole memory blocks inside the ranges (present or not). */
unsigned long memblocks_whole(const struct dax_state *st, unsigned long long block_size);
int memory_block_size(unsigned long long *bs);

/* Online every offline block (state @how: "online_movable" or "online"), recording an undo
 * step per block. Prints per-block failures. Returns the number onlined or -errno. */
int memblocks_online_all(struct txn *t, const char *dev, struct memblocks *mb, const char *how);
/* Offline every online block, recording undo steps. */
int memblocks_offline_all(struct txn *t, const char *dev, struct memblocks *mb);

#endif /* _DAXCTL_TXN_H_ */
