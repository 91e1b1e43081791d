// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mode changes (devdax <-> system-ram), memory onlining and offlining, resizing, and
 * reconfigure-device --check-config. Every multi-step change is a transaction: on failure the
 * undo log restores what was found, or reports exactly what was left.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "config.h"
#include "config-file.h"
#include "json.h"
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

/* Undo of a kmem bind: never unbind while a block is online (that leaks the range). */
static int undo_kmem_bind(struct txn *t, const char *dev, const char *arg, unsigned long long v)
{
	struct dax_state st;
	struct memblocks mb;
	struct txn inner;
	int rc;

	(void)t;
	(void)arg;
	(void)v;
	rc = dax_state_read(dev, &st);
	if (rc)
		return rc;
	if (strcmp(st.driver, "kmem"))
		return 0;
	rc = memblocks_read(&st, &mb);
	if (rc)
		return rc;
	txn_init(&inner, "undo");
	rc = memblocks_offline_all(&inner, dev, &mb);
	txn_commit(&inner);
	memblocks_free(&mb);
	if (rc < 0)
		return rc;
	return dax_unbind(dev, "kmem");
}

static int undo_kmem_unbind(struct txn *t, const char *dev, const char *arg,
		unsigned long long v)
{
	(void)t;
	(void)arg;
	(void)v;
	return dax_bind(dev, "kmem");
}

/*
 * Online the offline blocks of a kmem device within @t; 0 or -errno. Blocks that were online
 * already in another zone than requested are an error for online-memory (it asked for that
 * zone), only a warning for reconfigure-device (@reconfig: another agent onlined them, as
 * upstream treats it).
 */
static int online_blocks(struct txn *t, const char *dev, struct dax_state *st,
		struct wf_opts *o, bool reconfig)
{
	struct memblocks mb;
	size_t i, before, wrong = 0, wrong_ours = 0;
	int rc;

	rc = memblocks_read(st, &mb);
	if (rc)
		return rc;
	if (!mb.nr) {
		fprintf(stderr, "%s: no memory blocks found for the device\n", dev);
		memblocks_free(&mb);
		return -ENXIO;
	}
	before = memblocks_online(&mb);
	for (i = 0; i < mb.nr; i++)
		if (mb.b[i].online && strcmp(mb.b[i].zone, want_zone(o)))
			wrong++;
	if (wrong && reconfig) {
		fprintf(stderr, "%s:\n%s", dev, race_warning);
		fprintf(stderr, "%s: %zu memory block%s already online in another zone than %s\n",
				dev, wrong, wrong == 1 ? " was" : "s were", want_zone(o));
		wrong = 0;
	}
	if (before == mb.nr) {
		if (wrong) {
			fprintf(stderr, "%s:\n%s", dev, race_warning);
			fprintf(stderr, "%s: all memory blocks (%zu) already online, %zu not in zone %s as requested; offline them first to change the zone\n",
					dev, mb.nr, wrong, want_zone(o));
			rc = -EBUSY;
		} else {
			fprintf(stderr, "%s: all memory blocks (%zu) already online\n", dev, mb.nr);
		}
		memblocks_free(&mb);
		return rc;
	}
	if (before && o->verbose)
		fprintf(stderr, "%s: %zu memory block%s already online\n", dev, before,
				before == 1 ? "" : "s");
	{
		bool *was = calloc(mb.nr, sizeof(*was));

		if (!was) {
			memblocks_free(&mb);
			return -ENOMEM;
		}
		for (i = 0; i < mb.nr; i++)
			was[i] = mb.b[i].online;
		rc = memblocks_online_all(t, dev, &mb, o->no_movable ? "online" : "online_movable");
		if (rc >= 0) {
			for (i = 0; i < mb.nr; i++)
				if (!was[i] && mb.b[i].online && strcmp(mb.b[i].zone, want_zone(o)))
					wrong_ours++;
			if (o->verbose)
				fprintf(stderr, "%s: %d memory block%s onlined\n", dev, rc,
						rc == 1 ? "" : "s");
			rc = 0;
		}
		free(was);
	}
	if (!rc && wrong_ours) {
		fprintf(stderr, "%s:\n%s", dev, race_warning);
		fprintf(stderr, "%s: %zu memory block%s did not come online in zone %s\n", dev,
				wrong_ours, wrong_ours == 1 ? "" : "s", want_zone(o));
		rc = -EBUSY;
	}
	if (!rc && memblocks_online(&mb) != mb.nr) {
		fprintf(stderr, "%s: failed to online %zu memory blocks\n", dev,
				mb.nr - memblocks_online(&mb));
		rc = -ENXIO;
	}
	memblocks_free(&mb);
	return rc;
}

static int auto_online_races(const char *dev, const struct wf_opts *o)
{
	char pol[64];

	if (o->force || sysfs_read(MEMORY_SYS "/auto_online_blocks", pol, sizeof(pol)))
		return 0;
	if (strncmp(pol, "online", 6))
		return 0;
	/* the kernel onlines the blocks itself: fine only if it does what was asked */
	if (!o->no_online && ((o->no_movable && strcmp(pol, "online_movable")) ||
				(!o->no_movable && strcmp(pol, "online_movable") == 0)))
		return 0;
	fprintf(stderr, "%s: error: kernel policy will auto-online memory, aborting\n", dev);
	fprintf(stderr, "%s: auto_online_blocks is '%s'; use --force to go ahead anyway\n", dev, pol);
	return -EBUSY;
}

static int to_system_ram(const char *dev, struct dax_state *st, struct wf_opts *o)
{
	unsigned long long bs;
	struct txn t;
	int rc, lock;

	if (strcmp(st->driver, "kmem") == 0) {
		fprintf(stderr, "%s was already in system-ram mode\n", dev);
		if (o->no_online)
			return 0;
		txn_init(&t, "reconfigure-device");
		rc = online_blocks(&t, dev, st, o, true);
		if (rc && rc != -EBUSY)
			txn_rollback(&t, dev);
		else
			txn_commit(&t);
		return rc;
	}
	if (st->driver[0] && strcmp(st->driver, "device_dax")) {
		fprintf(stderr, "%s: bound to %s, not device_dax\n", dev, st->driver);
		return -EBUSY;
	}
	if (!st->size) {
		fprintf(stderr, "%s: size is 0: nothing to hot-plug\n", dev);
		return -ENXIO;
	}
	if (st->target_node < 0) {
		fprintf(stderr, "%s: no target_node: kmem cannot hot-plug this device\n", dev);
		return -EINVAL;
	}
	rc = memory_block_size(&bs);
	if (rc)
		return rc;
	if (memblocks_whole(st, bs) == 0) {
		fprintf(stderr, "%s: its ranges hold no whole memory block (block size %#llx): kmem would add no memory\n",
				dev, bs);
		return -EINVAL;
	}
	rc = auto_online_races(dev, o);
	if (rc)
		return rc;

	lock = txn_lock(st->region_id);
	if (lock < 0)
		return lock;
	txn_init(&t, "reconfigure-device");
	if (st->driver[0]) {
		rc = dax_unbind(dev, st->driver);
		if (rc) {
			fprintf(stderr, "%s: failed to disable: %s\n", dev, strerror(-rc));
			goto rollback;
		}
		txn_push(&t, undo_unbind, dev, st->driver, 0, "%s: unbound from %s", dev, st->driver);
	}
	rc = dax_bind(dev, "kmem");
	if (rc) {
		fprintf(stderr, "%s: failed to bind kmem: %s\n", dev, strerror(-rc));
		goto rollback;
	}
	txn_push(&t, undo_kmem_bind, dev, NULL, 0, "%s: bound to kmem", dev);
	rc = dax_state_read(dev, st);
	if (!rc && !o->no_online)
		rc = online_blocks(&t, dev, st, o, true);
rollback:
	return txn_end(&t, lock, dev, rc);
}

static int to_devdax(const char *dev, struct dax_state *st, struct wf_opts *o)
{
	struct memblocks mb;
	struct txn t;
	size_t on;
	int rc, lock;

	if (strcmp(st->driver, "device_dax") == 0) {
		fprintf(stderr, "%s was already in devdax mode\n", dev);
		return 0;
	}
	if (st->driver[0] && strcmp(st->driver, "kmem")) {
		fprintf(stderr, "%s: bound to %s, not kmem\n", dev, st->driver);
		return -EBUSY;
	}
	lock = txn_lock(st->region_id);
	if (lock < 0)
		return lock;
	txn_init(&t, "reconfigure-device");
	if (st->driver[0]) {
		rc = memblocks_read(st, &mb);
		if (rc)
			goto rollback;
		on = memblocks_online(&mb);
		if (on && !o->force) {
			fprintf(stderr, "%s: %zu memory block%s online: refusing to change modes (--force offlines them first)\n",
					dev, on, on == 1 ? "" : "s");
			memblocks_free(&mb);
			rc = -EBUSY;
			goto rollback;
		}
		if (!on && o->force && mb.nr)
			fprintf(stderr, "%s: all memory sections (%zu) already offline\n", dev, mb.nr);
		rc = on ? memblocks_offline_all(&t, dev, &mb) : 0;
		on = memblocks_online(&mb);
		memblocks_free(&mb);
		if (rc < 0)
			goto rollback;
		if (on) {
			fprintf(stderr, "%s: %zu memory blocks still online\n", dev, on);
			rc = -EBUSY;
			goto rollback;
		}
		rc = dax_unbind(dev, "kmem");
		if (rc) {
			fprintf(stderr, "%s: failed to unbind kmem: %s\n", dev, strerror(-rc));
			goto rollback;
		}
		txn_push(&t, undo_kmem_unbind, dev, NULL, 0, "%s: unbound from kmem", dev);
	}
	rc = dax_bind(dev, "device_dax");
	if (rc)
		fprintf(stderr, "%s: failed to enable devdax: %s\n", dev, strerror(-rc));
rollback:
	return txn_end(&t, lock, dev, rc);
}

int wf_reconfig_one(const char *dev, struct wf_opts *o, int *printed)
{
	struct dax_state st;
	int rc = dax_state_read(dev, &st);

	if (rc)
		return rc;
	if (strcmp(o->mode, "system-ram") == 0)
		rc = to_system_ram(dev, &st, o);
	else
		rc = to_devdax(dev, &st, o);
	if (!rc)
		*printed = 1;
	return rc;
}

/* Read @dev for online-memory / offline-memory, which apply only to system-ram devices. */
static int read_kmem_state(const char *dev, struct dax_state *st)
{
	int rc = dax_state_read(dev, st);

	if (rc)
		return rc;
	if (strcmp(st->driver, "kmem")) {
		fprintf(stderr, "%s: memory operations are not applicable in devdax mode\n", dev);
		return -ENXIO;
	}
	return 0;
}

int wf_online_one(const char *dev, struct wf_opts *o)
{
	struct dax_state st;
	struct txn t;
	int rc = read_kmem_state(dev, &st);

	if (rc)
		return rc;
	txn_init(&t, "online-memory");
	rc = online_blocks(&t, dev, &st, o, false);
	if (rc)
		txn_rollback(&t, dev);
	else
		txn_commit(&t);
	return rc;
}

int wf_offline_one(const char *dev, struct wf_opts *o)
{
	struct dax_state st;
	struct memblocks mb;
	struct txn t;
	size_t on;
	int rc = read_kmem_state(dev, &st);

	if (rc)
		return rc;
	rc = memblocks_read(&st, &mb);
	if (rc)
		return rc;
	on = memblocks_online(&mb);
	if (!on) {
		fprintf(stderr, "%s: all memory blocks (%zu) already offline\n", dev, mb.nr);
		memblocks_free(&mb);
		return 0;
	}
	if (o->verbose && on < mb.nr)
		fprintf(stderr, "%s: %zu memory block%s already offline\n", dev, mb.nr - on,
				mb.nr - on == 1 ? "" : "s");
	txn_init(&t, "offline-memory");
	rc = memblocks_offline_all(&t, dev, &mb);
	if (rc >= 0 && memblocks_online(&mb)) {
		fprintf(stderr, "%s: failed to offline %zu memory blocks\n", dev,
				memblocks_online(&mb));
		rc = -ENXIO;
	}
	memblocks_free(&mb);
	if (rc < 0) {
		txn_rollback(&t, dev);
		return rc;
	}
	txn_commit(&t);
	return 0;
}

static int undo_resize(struct txn *t, const char *dev, const char *arg, unsigned long long v)
{
	const struct dax_state *old = (const struct dax_state *)(uintptr_t)v;
	char p[PATH_MAX + 128];
	int rc;

	(void)t;
	(void)arg;
	(void)dev;
	snprintf(p, sizeof(p), "%s/size", old->path);
	rc = sysfs_write(p, "0\n");
	return rc ? rc : wf_restore_ranges(old);
}

int wf_resize_one(const char *dev, struct wf_opts *o)
{
	struct dax_state st, now;
	char p[PATH_MAX + 128], buf[64];
	unsigned long long avail = 0, align;
	struct txn t;
	int rc, lock;

	rc = dax_state_read(dev, &st);
	if (rc)
		return rc;
	if (!st.dynamic) {
		fprintf(stderr, "%s: static region: size and align are fixed\n", dev);
		return -EOPNOTSUPP;
	}
	if (st.driver[0]) {
		fprintf(stderr, "%s: device is active: run 'daxctl disable-device %s' first\n", dev, dev);
		return -EBUSY;
	}
	lock = txn_lock(st.region_id);
	if (lock < 0)
		return lock;
	if (dax_region_attr(&st, "available_size", buf, sizeof(buf)) == 0)
		avail = strtoull(buf, NULL, 0);
	align = o->has_align ? o->align : st.align;
	rc = -ENOSPC;
	if (o->has_size && o->size > st.size + avail) {
		fprintf(stderr, "%s: size %#llx is more than its %#llx plus the available %#llx\n",
				dev, o->size, st.size, avail);
		goto unlock;
	}
	rc = -EINVAL;
	if (align && (o->has_size ? o->size : st.size) % align) {
		fprintf(stderr, "%s: size %#llx is not a multiple of align %#llx\n", dev,
				o->has_size ? o->size : st.size, align);
		goto unlock;
	}
	txn_init(&t, "reconfigure-device");
	rc = 0;
	if (o->has_align && o->align != st.align) {
		snprintf(p, sizeof(p), "%s/align", st.path);
		rc = sysfs_writef(p, "%#llx\n", o->align);
		if (rc) {
			fprintf(stderr, "%s: failed to set align: %s\n", dev, strerror(-rc));
			goto rollback;
		}
		txn_push(&t, undo_align, dev, NULL, st.align, "%s: align set", dev);
	}
	if (o->has_size && o->size != st.size) {
		snprintf(p, sizeof(p), "%s/size", st.path);
		rc = sysfs_writef(p, "%#llx\n", o->size);
		if (rc) {
			fprintf(stderr, "%s: failed to set size: %s\n", dev, strerror(-rc));
			goto rollback;
		}
		txn_push(&t, undo_resize, dev, NULL, (uintptr_t)&st, "%s: resized", dev);
		rc = dax_state_read(dev, &now);
		if (!rc && now.size != o->size) {
			fprintf(stderr, "%s: size is %#llx, not %#llx\n", dev, now.size, o->size);
			rc = -EIO;
		}
	}
rollback:
	return txn_end(&t, lock, dev, rc);
unlock:
	txn_unlock(lock);
	return rc;
}

/* ---- --check-config ---- */

/*
 * The uuid an nvdimm devdax namespace is known by: `ndctl list` prints the nd_dax device's
 * uuid (<nd region>/daxX.Y/uuid, the parent of the dax region, kernel-captures/pmem-nfit); the
 * namespace's own (<nd region>/<namespace>/uuid) is the second choice. @which: 0 or 1.
 */
static int nvdimm_uuid(const struct dax_state *st, int which, char *uuid, size_t len)
{
	char p[PATH_MAX + 128], ns[64], parent[PATH_MAX];

	if (which == 0) {
		snprintf(p, sizeof(p), "%s/uuid", st->region);
		return sysfs_read(p, uuid, len);
	}
	snprintf(p, sizeof(p), "%s/namespace", st->region);
	if (sysfs_read(p, ns, sizeof(ns)) || !ns[0])
		return -ENOENT;
	snprintf(parent, sizeof(parent), "%s", st->region);
	*strrchr(parent, '/') = '\0';
	snprintf(p, sizeof(p), "%s/%s/uuid", parent, ns);
	return sysfs_read(p, uuid, len);
}

/* The configuration, read once per command: every file's problem is reported once. */
static struct conf config;
static bool config_loaded;
static int config_status;

static void config_report(void *data, const char *msg)
{
	(void)data;
	fprintf(stderr, "error: %s: file skipped\n", msg);
}

int wf_check_config_end(void)
{
	conf_free(&config);
	config_loaded = false;
	return config_status;
}

int wf_check_config_one(const char *dev, struct wf_opts *o, int *printed)
{
	const char *dir = getenv("DAXCTL_CONF_DIR");
	const struct conf_section *s;
	struct conf_key key = { 0 };
	struct dax_state st;
	char uuid[64];
	int rc, i;

	if (!dir || !*dir)
		dir = DAXCTL_CONF_DIR;
	rc = dax_state_read(dev, &st);
	if (rc)
		return rc;
	if (!config_loaded) {
		config_status = conf_load_dir(&config, dir, config_report, NULL);
		config_loaded = true;
	}
	if (strncmp(st.region, "/sys/devices", 12) == 0)
		key.region_path = st.region + 12;
	if (st.nr_ranges) {
		key.resource = st.range[0].start;
		key.has_resource = true;
	}
	s = conf_match(&config, &key);
	for (i = 0; !s && i < 2; i++)
		if (nvdimm_uuid(&st, i, uuid, sizeof(uuid)) == 0 && uuid[0]) {
			key.uuid = uuid;
			s = conf_match(&config, &key);
		}
	if (!s) {
		fprintf(stderr, "%s: no section in %s matches it (", dev, dir);
		if (key.uuid)
			fprintf(stderr, "nvdimm.uuid = %s", key.uuid);
		else if (key.has_resource && key.region_path)
			fprintf(stderr, "dax.region = %s, dax.resource = %#llx", key.region_path,
					key.resource);
		else
			fprintf(stderr, "the device has no ranges");
		fprintf(stderr, "): nothing to do\n");
		return 1;
	}
	if (o->verbose)
		fprintf(stderr, "%s: using [reconfigure-device %s] of %s:%d\n", dev, s->name,
				s->file, s->line);
	o->mode = s->mode == CONF_MODE_SYSTEM_RAM ? "system-ram" : "devdax";
	o->no_online = s->online == 0;
	o->no_movable = s->movable == 0;
	o->force = o->force || s->force == 1;
	return wf_reconfig_one(dev, o, printed);
}

/* ---- output ---- */

void wf_print_json(char (*names)[32], int n, bool human)
{
	struct json_object *jdevs = json_object_new_array();
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	int i;

	/* a fresh context: the library caches what it read before our writes */
	if (!jdevs || daxctl_new(&ctx) < 0) {
		json_object_put(jdevs);
		return;
	}
	for (i = 0; i < n; i++)
		daxctl_region_foreach(ctx, region)
			daxctl_dev_foreach(region, dev)
				if (strcmp(daxctl_dev_get_devname(dev), names[i]) == 0)
					json_object_array_add(jdevs,
						json_dev(dev, human ? JSON_HUMAN : 0));
	json_print_array(stdout, jdevs, human ? JSON_HUMAN : 0);
	daxctl_unref(ctx);
}
