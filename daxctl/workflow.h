/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the write commands (device.c, device-mode.c, device-create.c): option values,
 * size parsing, and the frame every change runs in (workflow.c): a library transaction on
 * the device's region, signals that stop it at a safe point, -v through the library's
 * write observer, and the report of what a rollback could not undo.
 */
#ifndef _DAXCTL_WORKFLOW_H_
#define _DAXCTL_WORKFLOW_H_

#include <stdbool.h>

struct daxctl_ctx;
struct daxctl_dev;
struct daxctl_region;
struct daxctl_txn;

struct wf_opts {
	const char *region;
	const char *size_str, *align_str, *input, *mode;
	unsigned long long size, align;
	bool has_size, has_align;
	bool no_online, no_movable, force, human, verbose, check_config;
	int memmap;	/* --memmap-on-memory: 1, --no-memmap-on-memory: -1, neither: 0 */
};

/* Strict size parser: decimal/hex/octal with one optional k/m/g/t suffix (binary units). */
int wf_parse_size(const char *opt, const char *s, unsigned long long *out);
int wf_parse_common_sizes(struct wf_opts *o);	/* --size, --align */
/* "error <verb_ing>: <strerror>" when rc < 0, then the "<done> N device(s)" line */
void wf_summary(const char *verb_ing, const char *done_fmt, int rc, int count);

/* JSON of @devs (as `daxctl list` prints them), from the command's own context. */
void wf_print_json(struct daxctl_dev **devs, int n, bool human);

/*
 * Set up @ctx for a write command: SIGINT, SIGTERM and SIGHUP stop an open transaction at
 * its next safe point; library messages only with -v or DAXCTL_LOG; with -v every sysfs
 * write and its result on stderr; a progress line for long memory block loops on a tty.
 */
void wf_setup(struct daxctl_ctx *ctx, bool verbose);
/* Begin a transaction on @region (its lock, its journal); says why on failure. */
int wf_begin(struct daxctl_region *region, const char *who, struct daxctl_txn **txn);
/* A safe point: 0, or -EINTR once a signal arrived during an open transaction. */
int wf_interrupted(void);
/* The last safe point before a write that cannot be undone (delete): -EINTR if a signal
 * arrived; else from now on a signal no longer rolls the transaction back. */
int wf_final(void);
/* End @txn: commit when @rc is 0, else roll back and report each step left in place on
 * behalf of @dev. Returns @rc. */
int wf_end(struct daxctl_txn *txn, const char *dev, int rc);

int wf_reconfig_one(struct daxctl_dev *dev, struct wf_opts *o, int *printed);
int wf_online_one(struct daxctl_dev *dev, struct wf_opts *o);
int wf_offline_one(struct daxctl_dev *dev, struct wf_opts *o);
int wf_resize_one(struct daxctl_dev *dev, struct wf_opts *o);
int wf_check_config_one(struct daxctl_dev *dev, struct wf_opts *o, int *printed);
/* After the last wf_check_config_one(): 0, or the error of the first config file that was
 * skipped (each was reported when read). */
int wf_check_config_end(void);

#endif
