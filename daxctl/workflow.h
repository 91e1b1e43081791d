/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between the write commands (device.c, device-mode.c). */
#ifndef _DAXCTL_WORKFLOW_H_
#define _DAXCTL_WORKFLOW_H_

#include <stdbool.h>

#include "txn.h"

struct daxctl_ctx;

struct wf_opts {
	const char *region;
	const char *size_str, *align_str, *input, *mode;
	unsigned long long size, align;
	bool has_size, has_align;
	bool no_online, no_movable, force, human, verbose, check_config;
};

/* Strict size parser: decimal/hex/octal with one optional k/m/g/t suffix (binary units). */
int wf_parse_size(const char *opt, const char *s, unsigned long long *out);

/* JSON of the named devices (read afresh), as `daxctl list` prints them. */
void wf_print_json(char (*names)[32], int n, bool human);

int wf_reconfig_one(const char *dev, struct wf_opts *o, int *printed);
int wf_online_one(const char *dev, struct wf_opts *o);
int wf_offline_one(const char *dev, struct wf_opts *o);
int wf_check_config_one(const char *dev, struct wf_opts *o, int *printed);
/* After the last wf_check_config_one(): 0, or the error of the first config file that was
 * skipped (each was reported when read). */
int wf_check_config_end(void);
int wf_resize_one(const char *dev, struct wf_opts *o);

int wf_parse_common_sizes(struct wf_opts *o);	/* --size, --align */
/* "error <verb_ing>: <strerror>" when rc < 0, then the "<done> N device(s)" line */
void wf_summary(const char *verb_ing, const char *done_fmt, int rc, int count);
/* undo step: free a device's memory, then put back the ranges of the saved state (v), if any */
int wf_undo_size(struct txn *t, const char *dev, const char *arg, unsigned long long v);

/* Restore @st's ranges on a disabled device whose size is now 0. */
int wf_restore_ranges(const struct dax_state *st);

#endif
