// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Region lock and transactions. A transaction holds its region's lock;
 * every library write to the region's devices or their memory blocks made
 * while it is active is recorded, with what undoes it, in memory and in
 * the journal before the write is made. Commit forgets the steps;
 * rollback undoes them newest first and keeps every step it could not
 * undo, as data, for the caller.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

static const char * const kind_names[] = {
	[STEP_CREATE] = "create",
	[STEP_SIZE] = "size",
	[STEP_ALIGN] = "align",
	[STEP_BIND] = "bind",
	[STEP_UNBIND] = "unbind",
	[STEP_ONLINE] = "online",
	[STEP_OFFLINE] = "offline",
	[STEP_MEMMAP] = "memmap",
	[STEP_HOTPLUG] = "hotplug",
};

const char *txn_kind_name(enum txn_step_kind kind)
{
	return kind_names[kind];
}

/* What @s did into @buf ("dax0.1: bound to kmem"). */
static void step_describe(const struct daxctl_txn_step *s, char *buf, size_t len)
{
	switch (s->kind) {
	case STEP_CREATE:
		snprintf(buf, len, "%s: created", s->dev);
		break;
	case STEP_SIZE:
		snprintf(buf, len, "%s: size changed", s->dev);
		break;
	case STEP_ALIGN:
		snprintf(buf, len, "%s: align changed (was %.32s)",
				s->dev, s->arg);
		break;
	case STEP_BIND:
		snprintf(buf, len, "%s: bound to %.32s", s->dev,
				s->arg);
		break;
	case STEP_UNBIND:
		snprintf(buf, len, "%s: unbound from %.32s",
				s->dev, s->arg);
		break;
	case STEP_ONLINE:
		snprintf(buf, len, "%s: memory%.32s onlined",
				s->dev, s->arg);
		break;
	case STEP_MEMMAP:
		snprintf(buf, len, "%s: memmap_on_memory set (was %.1s)",
				s->dev, s->arg);
		break;
	case STEP_HOTPLUG:
		snprintf(buf, len, "%s: kmem state changed (was %.16s)",
				s->dev, s->arg);
		break;
	case STEP_OFFLINE: {
		const char *zone = strchr(s->arg, ' ');

		snprintf(buf, len, "%s: memory%.*s offlined (was %.16s)",
				s->dev, (int)strcspn(s->arg, " "), s->arg,
				zone ? zone + 1 : "?");
		break;
	}
	}
}

/*
 * The step's description, made when first asked: a transaction of 100,000
 * block steps keeps no text for them. "" when out of memory.
 */
const char *txn_step_desc(struct daxctl_txn_step *s)
{
	char buf[160];

	if (!s->desc) {
		step_describe(s, buf, sizeof(buf));
		s->desc = strdup(buf);
	}
	return s->desc ? s->desc : "";
}

void txn_step_free(struct daxctl_txn_step *s)
{
	free(s->desc);
	free(s->path);
	free(s);
}

/* A new step at the end of @txn's list. Returns it or NULL (-ENOMEM). */
struct daxctl_txn_step *txn_step_new(struct daxctl_txn *txn,
		enum txn_step_kind kind, const char *dev, const char *arg)
{
	size_t len = arg ? strlen(arg) + 1 : 1;
	struct daxctl_txn_step *s = calloc(1, sizeof(*s) + len);

	if (!s)
		return NULL;
	s->txn = txn;
	s->kind = kind;
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	memcpy(s->arg, arg ? arg : "", len);
	list_node_init(&s->list);
	list_add_tail(&txn->steps, &s->list);
	return s;
}

/*
 * Before a write to @region: if a transaction is active, record the step
 * in memory and, unless @in_run, in the journal. Returns 0, or -errno when
 * it could not be recorded (the write must then not be made).
 */
static int record(struct daxctl_region *region, enum txn_step_kind kind,
		const char *dev, const char *arg, bool in_run)
{
	struct daxctl_txn *txn = region ? region->txn : NULL;
	struct daxctl_txn_step *s;
	int rc;

	if (!txn || !txn->active)
		return 0;
	s = txn_step_new(txn, kind, dev, arg);
	if (!s)
		return -ENOMEM;
	s->in_run = in_run;
	rc = in_run ? 0 : journal_append(txn, "step %s %s %s",
			kind_names[kind], dev, s->arg);
	if (rc) {
		err(region->ctx, "region%d: cannot write the journal: %s\n",
				region->id, strerror(-rc));
		list_del(&s->list);
		txn_step_free(s);
		return rc;
	}
	txn->pending = s;
	return 0;
}

int txn_record(struct daxctl_region *region, enum txn_step_kind kind,
		const char *dev, const char *arg)
{
	return record(region, kind, dev, arg, false);
}

/*
 * Ahead of a run of block onlines, one journal line for the blocks
 * @first..@last ("step online DEV FIRST-LAST"), instead of one per block;
 * each block is then recorded with txn_record_in_run(), in memory only,
 * so a rollback by this process undoes and reports exactly the blocks
 * onlined. A recovery from the journal offlines every block of the range
 * that is online: the run only holds blocks that were offline, and a
 * block it never reached is still offline.
 */
int txn_journal_run(struct daxctl_region *region, const char *dev,
		unsigned long first, unsigned long last)
{
	struct daxctl_txn *txn = region ? region->txn : NULL;
	int rc;

	if (!txn || !txn->active)
		return 0;
	rc = journal_append(txn, "step %s %s %lu-%lu", kind_names[STEP_ONLINE],
			dev, first, last);
	if (rc)
		err(region->ctx, "region%d: cannot write the journal: %s\n",
				region->id, strerror(-rc));
	return rc;
}

/* A block online of a run journaled by txn_journal_run(). */
int txn_record_in_run(struct daxctl_region *region, const char *dev,
		const char *arg)
{
	return record(region, STEP_ONLINE, dev, arg, true);
}

/* Has @region's active transaction recorded a step @kind on @dev with @arg? */
bool txn_has_step(struct daxctl_region *region, enum txn_step_kind kind,
		const char *dev, const char *arg)
{
	struct daxctl_txn *txn = region ? region->txn : NULL;
	struct daxctl_txn_step *s;

	if (!txn || !txn->active)
		return false;
	list_for_each(&txn->steps, s, list)
		if (s->kind == kind && strcmp(s->dev, dev) == 0 && strcmp(s->arg, arg) == 0)
			return true;
	return false;
}

/* After the write of the step just recorded: a failed write is forgotten. */
void txn_done(struct daxctl_region *region, int rc)
{
	struct daxctl_txn *txn = region ? region->txn : NULL;
	struct daxctl_txn_step *s;

	if (!txn || !txn->pending)
		return;
	s = txn->pending;
	txn->pending = NULL;
	if (rc == 0)
		return;
	list_del(&s->list);
	/* a block of a journaled run needs no cancel: its undo is a no-op */
	if (!s->in_run)
		journal_append(txn, "cancel");
	txn_step_free(s);
}

/* The device a create step made, once known. */
void txn_name_created(struct daxctl_region *region, const char *dev)
{
	struct daxctl_txn *txn = region ? region->txn : NULL;
	struct daxctl_txn_step *s;

	if (!txn || !txn->active)
		return;
	s = list_tail(&txn->steps, struct daxctl_txn_step, list);
	if (!s || s->kind != STEP_CREATE)
		return;
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	free(s->desc);
	s->desc = NULL;
	journal_append(txn, "named %s", dev);
}

/*
 * Undo every step of @txn newest first; the ones that fail move to
 * txn->left with the path and errno. With @region_path NULL the steps
 * are only freed.
 */
void txn_undo_all(struct daxctl_txn *txn, const char *region_path)
{
	struct daxctl_ctx *ctx = region_path ? txn->region->ctx : NULL;
	struct daxctl_txn_step *s;
	char path[256];

	while ((s = list_tail(&txn->steps, struct daxctl_txn_step, list))) {
		list_del(&s->list);
		if (!region_path) {
			txn_step_free(s);
			continue;
		}
		s->err = undo_step(ctx, region_path, s);
		if (!s->err) {
			dbg(ctx, "undone: %s\n", txn_step_desc(s));
			txn_step_free(s);
			continue;
		}
		undo_target(region_path, s, path, sizeof(path));
		s->path = strdup(path);
		list_add(&txn->left, &s->list);	/* keep the undo order */
	}
}

/**
 * daxctl_region_lock - take the region lock that daxctl takes
 * @region: a region
 *
 * An exclusive flock(2) on region<N>.lock in $DAXCTL_LOCK_DIR or
 * /run/daxctl, the directory checked first (a real directory, owned by
 * root, not writable by group or others), the file opened without
 * following symlinks. A held lock is waited for, at most
 * $DAXCTL_LOCK_TIMEOUT seconds (default 300), naming the holder after two
 * seconds. If an earlier holder left the journal of an interrupted
 * transaction, it is rolled back now. Calls nest.
 *
 * Returns 0, -ETIMEDOUT, -EPERM (untrusted directory or journal),
 * -EBADMSG (malformed journal, left in place) or -errno.
 */
DAXCTL_EXPORT int daxctl_region_lock(struct daxctl_region *region)
{
	int fd, rc;

	if (!region)
		return -EINVAL;
	if (region->lock_count > 0) {
		region->lock_count++;
		return 0;
	}
	fd = lock_take(region->ctx, region->id);
	if (fd < 0)
		return fd;
	region->lock_fd = fd;
	region->lock_count = 1;
	rc = journal_recover(region);
	if (rc) {
		region->lock_count = 0;
		region->lock_fd = -1;
		close(fd);
	}
	return rc;
}

/**
 * daxctl_region_unlock - drop a daxctl_region_lock()
 * @region: a region locked by this context
 *
 * The last unlock releases the lock file.
 */
DAXCTL_EXPORT void daxctl_region_unlock(struct daxctl_region *region)
{
	if (!region || region->lock_count <= 0)
		return;
	if (--region->lock_count > 0)
		return;
	close(region->lock_fd);
	region->lock_fd = -1;
}

/**
 * daxctl_txn_begin - start a transaction on a region
 * @region: the region whose devices the transaction changes
 * @out: where to store the transaction
 *
 * Takes the region lock (see daxctl_region_lock(), which also rolls back
 * an interrupted transaction) and creates the journal. Until
 * daxctl_txn_commit() or daxctl_txn_rollback(), every library write to
 * the region's devices (size, align, mapping, enable, disable, create)
 * and to their memory blocks (online, offline) is recorded with its
 * inverse before it is made. One transaction per region at a time.
 *
 * Returns 0, -EBUSY when the region already has one, or -errno.
 */
DAXCTL_EXPORT int daxctl_txn_begin(struct daxctl_region *region,
		struct daxctl_txn **out)
{
	struct daxctl_txn *txn;
	int rc;

	if (!region || !out)
		return -EINVAL;
	if (region->txn)
		return -EBUSY;
	txn = calloc(1, sizeof(*txn));
	if (!txn)
		return -ENOMEM;
	txn->region = region;
	txn->journal_fd = -1;
	list_head_init(&txn->steps);
	list_head_init(&txn->left);
	rc = daxctl_region_lock(region);
	if (rc) {
		free(txn);
		return rc;
	}
	region->txn = txn;
	rc = journal_create(region);
	if (rc) {
		journal_remove(txn);
		region->txn = NULL;
		daxctl_region_unlock(region);
		free(txn);
		return rc;
	}
	txn->active = true;
	*out = txn;
	return 0;
}

static void txn_end(struct daxctl_txn *txn)
{
	struct daxctl_region *region = txn->region;

	txn->active = false;
	journal_remove(txn);
	if (region->txn == txn)
		region->txn = NULL;
	daxctl_region_unlock(region);
}

/**
 * daxctl_txn_commit - keep what the transaction did
 * @txn: an active transaction
 *
 * Forgets the recorded steps, removes the journal and releases the lock.
 * Returns 0, or -EINVAL if @txn is not active.
 */
DAXCTL_EXPORT int daxctl_txn_commit(struct daxctl_txn *txn)
{
	if (!txn || !txn->active || !txn->region)
		return -EINVAL;
	txn_undo_all(txn, NULL);
	txn_end(txn);
	return 0;
}

/**
 * daxctl_txn_rollback - undo what the transaction did
 * @txn: an active transaction
 *
 * Undoes the recorded steps newest first (each undo checks first whether
 * it is needed), removes the journal and releases the lock. A step whose
 * undo fails stays in place and is listed by daxctl_txn_get_first_left().
 *
 * Returns 0 when everything was undone, else the first undo's -errno
 * (-EINVAL if @txn is not active).
 */
DAXCTL_EXPORT int daxctl_txn_rollback(struct daxctl_txn *txn)
{
	struct daxctl_txn_step *s;

	if (!txn || !txn->active || !txn->region)
		return -EINVAL;
	txn->active = false;	/* undo writes are not recorded */
	txn_undo_all(txn, txn->region->path);
	txn_end(txn);
	s = list_top(&txn->left, struct daxctl_txn_step, list);
	return s ? s->err : 0;
}

/**
 * daxctl_txn_free - free a transaction
 * @txn: a transaction, may be NULL
 *
 * An active transaction is rolled back first. Free transactions before
 * their context: once the context is gone, nothing can be undone (the
 * journal stays for the next lock taker).
 */
DAXCTL_EXPORT void daxctl_txn_free(struct daxctl_txn *txn)
{
	struct daxctl_txn_step *s;

	if (!txn)
		return;
	if (txn->active && txn->region)
		daxctl_txn_rollback(txn);
	txn_undo_all(txn, NULL);
	if (txn->journal_fd >= 0)
		close(txn->journal_fd);	/* context gone: left for the next taker */
	while ((s = list_top(&txn->left, struct daxctl_txn_step, list))) {
		list_del(&s->list);
		txn_step_free(s);
	}
	free(txn);
}

/**
 * daxctl_txn_get_nr_steps - number of steps recorded so far
 * @txn: a transaction
 */
DAXCTL_EXPORT int daxctl_txn_get_nr_steps(struct daxctl_txn *txn)
{
	struct daxctl_txn_step *s;
	int n = 0;

	if (!txn)
		return -EINVAL;
	list_for_each(&txn->steps, s, list)
		n++;
	return n;
}

/**
 * daxctl_txn_get_first_left - first step a rollback left in place
 * @txn: a rolled-back transaction
 *
 * Steps come in the order the rollback tried them (newest first).
 * Returns NULL when everything was undone.
 */
DAXCTL_EXPORT struct daxctl_txn_step *daxctl_txn_get_first_left(
		struct daxctl_txn *txn)
{
	if (!txn)
		return NULL;
	return list_top(&txn->left, struct daxctl_txn_step, list);
}

/**
 * daxctl_txn_get_next_left - next step left in place, or NULL
 * @step: a step from daxctl_txn_get_first_left()
 */
DAXCTL_EXPORT struct daxctl_txn_step *daxctl_txn_get_next_left(
		struct daxctl_txn_step *step)
{
	if (!step)
		return NULL;
	return list_next(&step->txn->left, step, list);
}

/**
 * daxctl_txn_step_get_desc - what the step did, e.g. "dax0.1: bound to kmem"
 * @step: a step
 */
DAXCTL_EXPORT const char *daxctl_txn_step_get_desc(
		struct daxctl_txn_step *step)
{
	return step ? txn_step_desc(step) : NULL;
}

/**
 * daxctl_txn_step_get_path - the sysfs attribute the failed undo wrote
 * @step: a step left in place
 */
DAXCTL_EXPORT const char *daxctl_txn_step_get_path(
		struct daxctl_txn_step *step)
{
	return step ? (step->path ? step->path : "") : NULL;
}

/**
 * daxctl_txn_step_get_errno - why the undo failed (a negative errno)
 * @step: a step left in place
 */
DAXCTL_EXPORT int daxctl_txn_step_get_errno(struct daxctl_txn_step *step)
{
	return step ? step->err : -EINVAL;
}
