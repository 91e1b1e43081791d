// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The write commands: destroy-device, enable-device, disable-device, and the entry points of
 * reconfigure-device, online-memory and offline-memory (device-mode.c does the mode changes,
 * device-create.c create-device). Each change is a library transaction (workflow.c): it completes,
 * or the state found is restored, or what is left is reported.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "builtin.h"
#include "filter.h"
#include "parse-options.h"
#include "workflow.h"

int wf_parse_size(const char *opt, const char *s, unsigned long long *out)
{
	unsigned long long v, mult = 1;
	char *end;

	if (!s || !*s || !isdigit((unsigned char)s[0])) {
		fprintf(stderr, "error: %s '%s': not a number\n", opt, s ? s : "");
		return -EINVAL;
	}
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno) {
		fprintf(stderr, "error: %s '%s': out of range\n", opt, s);
		return -EINVAL;
	}
	if (*end) {
		switch (*end) {
		case 'k': case 'K': mult = 1ULL << 10; break;
		case 'm': case 'M': mult = 1ULL << 20; break;
		case 'g': case 'G': mult = 1ULL << 30; break;
		case 't': case 'T': mult = 1ULL << 40; break;
		default:
			fprintf(stderr, "error: %s '%s': unknown suffix '%s' (k, m, g or t)\n", opt, s,
					end);
			return -EINVAL;
		}
		if (end[1]) {
			fprintf(stderr, "error: %s '%s': unexpected '%s' after the suffix\n", opt, s,
					end + 1);
			return -EINVAL;
		}
		if (v > ~0ULL / mult) {
			fprintf(stderr, "error: %s '%s': out of range\n", opt, s);
			return -EINVAL;
		}
	}
	*out = v * mult;
	return 0;
}

/* ---- device selection ---- */

static int valid_dev_ident(const char *id)
{
	int r, d;

	return filter_is_all(id) || filter_parse_dev(id, &r, &d);
}

static int dev_cmp(const void *a, const void *b)
{
	struct daxctl_dev *x = *(struct daxctl_dev * const *)a, *y = *(struct daxctl_dev * const *)b;
	int rx = daxctl_region_get_id(daxctl_dev_get_region(x));
	int ry = daxctl_region_get_id(daxctl_dev_get_region(y));

	return rx != ry ? rx - ry : daxctl_dev_get_id(x) - daxctl_dev_get_id(y);
}

/*
 * The devices a per-device command acts on: the one positional argument (through the shared
 * filter, so /dev/daxX.Y, daxX.Y, X.Y and all work) within the -r filter, in region and id
 * order, in *@out (to free). Returns the count or a negative errno after saying why.
 */
static int collect_devices(struct daxctl_ctx *ctx, const char *arg, const char *region,
		struct daxctl_dev ***out)
{
	const char *ident = filter_dev_arg(arg);
	struct daxctl_dev **devs = NULL, **more;
	struct daxctl_region *r;
	struct daxctl_dev *dev;
	int n = 0, cap = 0;

	*out = NULL;
	if (!valid_dev_ident(ident)) {
		fprintf(stderr, "error: '%s' is not a device (daxX.Y, X.Y or all)\n", arg);
		return -EINVAL;
	}
	daxctl_region_foreach(ctx, r) {
		if (!filter_region(r, region))
			continue;
		filter_dev_foreach(r, dev, ident) {
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				more = realloc(devs, cap * sizeof(*devs));
				if (!more) {
					free(devs);
					return -ENOMEM;
				}
				devs = more;
			}
			devs[n++] = dev;
		}
	}
	if (!n && !filter_is_all(ident)) {
		if (region && !filter_is_all(region))
			fprintf(stderr, "error: no device '%s' in region %s\n", arg, region);
		else
			fprintf(stderr, "error: no device '%s'\n", arg);
		return -ENODEV;
	}
	if (n)
		qsort(devs, n, sizeof(*devs), dev_cmp);
	*out = devs;
	return n;
}

int wf_parse_common_sizes(struct wf_opts *o)
{
	int rc;

	if (o->size_str) {
		rc = wf_parse_size("--size", o->size_str, &o->size);
		if (rc)
			return rc;
		o->has_size = true;
	}
	if (o->align_str) {
		rc = wf_parse_size("--align", o->align_str, &o->align);
		if (rc)
			return rc;
		if (o->align < 4096 || (o->align & (o->align - 1))) {
			fprintf(stderr, "error: --align '%s': not a power of two of at least 4096\n",
					o->align_str);
			return -EINVAL;
		}
		o->has_align = true;
	}
	return 0;
}

void wf_summary(const char *verb_ing, const char *done_fmt, int rc, int count)
{
	if (rc < 0)
		fprintf(stderr, "error %s: %s\n", verb_ing, strerror(-rc));
	fprintf(stderr, done_fmt, count, count == 1 ? "" : "s");
	fputc('\n', stderr);
}

/* ---- destroy, enable, disable ---- */

/* The device's online memory blocks (0 unless in system-ram mode), or -errno. */
static int online_blocks(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem;

	if (!daxctl_dev_is_system_ram_capable(dev))
		return 0;
	mem = daxctl_dev_get_memory(dev);
	return mem ? daxctl_memory_is_online(mem) : -ENXIO;
}

static int destroy_one(struct daxctl_dev *dev, struct wf_opts *o)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_region *region = daxctl_dev_get_region(dev);
	struct daxctl_txn *txn;
	int rc, on;

	if (daxctl_dev_is_enabled(dev) && !o->force) {
		fprintf(stderr, "%s is active, specify --force for deletion\n", name);
		return -ENXIO;
	}
	if (!daxctl_region_is_dynamic(region)) {
		fprintf(stderr, "%s: static region: the device cannot be destroyed\n", name);
		return -EOPNOTSUPP;
	}
	rc = wf_begin(region, name, &txn);
	if (rc)
		return rc;
	/* under the lock: nobody onlines a block between this check and the unbind */
	on = online_blocks(dev);
	if (on) {
		if (on > 0)
			fprintf(stderr, "%s: %d memory block%s online: run 'daxctl offline-memory %s' first\n",
					name, on, on == 1 ? "" : "s", name);
		return wf_end(txn, name, on > 0 ? -EBUSY : on);
	}
	rc = daxctl_dev_disable(dev);
	if (rc) {
		fprintf(stderr, "%s: failed to disable: %s\n", name, strerror(-rc));
		return wf_end(txn, name, rc);
	}
	if (daxctl_dev_get_size(dev)) {
		rc = daxctl_dev_set_size(dev, 0);
		if (rc) {
			fprintf(stderr, "%s: failed to free its memory: %s\n", name, strerror(-rc));
			return wf_end(txn, name, rc);
		}
	}
	/* the kernel never deletes daxX.0: at size 0 it counts as destroyed (as v81 does) */
	rc = wf_final();
	if (!rc && daxctl_dev_get_id(dev) != 0) {
		rc = daxctl_region_destroy_dev(region, dev);
		if (rc)
			fprintf(stderr, "%s: delete failed: %s\n", name, strerror(-rc));
	}
	return wf_end(txn, name, rc);
}

/* enable-device and disable-device apply only to devdax-mode devices. */
static int check_devdax_mode(struct daxctl_dev *dev)
{
	if (!daxctl_dev_is_system_ram_capable(dev))
		return 0;
	fprintf(stderr, "%s: status operations are only applicable in devdax mode\n",
			daxctl_dev_get_devname(dev));
	return -ENXIO;
}

static int enable_one(struct daxctl_dev *dev)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_txn *txn;
	int rc = check_devdax_mode(dev);

	if (rc || daxctl_dev_is_enabled(dev))
		return rc;
	if (!daxctl_dev_get_size(dev)) {
		fprintf(stderr, "%s: size is 0: nothing to enable\n", name);
		return -ENXIO;
	}
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	rc = daxctl_dev_enable_devdax(dev);
	if (rc)
		fprintf(stderr, "%s: failed to enable: %s\n", name, strerror(-rc));
	return wf_end(txn, name, rc);
}

static int disable_one(struct daxctl_dev *dev)
{
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_txn *txn;
	int rc = check_devdax_mode(dev);

	if (rc || !daxctl_dev_is_enabled(dev))
		return rc;
	rc = wf_begin(daxctl_dev_get_region(dev), name, &txn);
	if (rc)
		return rc;
	rc = daxctl_dev_disable(dev);
	if (rc)
		fprintf(stderr, "%s: failed to disable: %s\n", name, strerror(-rc));
	return wf_end(txn, name, rc);
}

/* ---- per-device command driver ---- */

enum action { ACT_DESTROY, ACT_ENABLE, ACT_DISABLE, ACT_RECONFIG, ACT_ONLINE, ACT_OFFLINE };

static const struct {
	const char *name, *ing, *done;
} act_text[] = {
	[ACT_DESTROY] = { "destroy-device", "destroying devices", "destroyed %d device%s" },
	[ACT_ENABLE] = { "enable-device", "enabling devices", "enabled %d device%s" },
	[ACT_DISABLE] = { "disable-device", "disabling device", "disabled %d device%s" },
	[ACT_RECONFIG] = { "reconfigure-device", "reconfiguring devices", "reconfigured %d device%s" },
	[ACT_ONLINE] = { "online-memory", "onlining memory", "onlined memory for %d device%s" },
	[ACT_OFFLINE] = { "offline-memory", "offlining memory", "offlined memory for %d device%s" },
};

static int memmap_cb(const struct option *opt, const char *arg, int unset)
{
	(void)arg;
	*(int *)opt->value = unset ? -1 : 1;
	return 0;
}

/* The combinations reconfigure-device refuses; 0 or -EINVAL (usage exits 129). */
static int reconfig_checks(struct wf_opts *o, const char * const *u,
		const struct option *options)
{
	if (o->check_config && (o->mode || o->no_online || o->no_movable)) {
		error("--check-config cannot be combined with --mode, --no-online or --no-movable");
		usage_with_options(u, options);
	}
	if (!o->check_config && !o->mode && !o->size_str && !o->align_str) {
		error("a 'align', 'mode' or 'size' option is required");
		usage_with_options(u, options);
	}
	if (wf_parse_common_sizes(o))
		return -EINVAL;
	if (o->mode && strcmp(o->mode, "system-ram") && strcmp(o->mode, "devdax")) {
		fprintf(stderr, "error: unknown mode '%s' (system-ram or devdax)\n", o->mode);
		return -EINVAL;
	}
	if ((o->has_size || o->has_align) && o->mode) {
		error("--mode cannot be combined with --size or --align");
		usage_with_options(u, options);
	}
	if (o->mode && strcmp(o->mode, "devdax") == 0 && o->no_online) {
		error("--no-online is incompatible with --mode=devdax");
		usage_with_options(u, options);
	}
	if (o->memmap && (!o->mode || strcmp(o->mode, "system-ram"))) {
		error("--memmap-on-memory and --no-memmap-on-memory go with --mode=system-ram");
		usage_with_options(u, options);
	}
	return 0;
}

/* One device: 0 done, 1 nothing to do, or -errno; *@printed when its JSON is wanted. */
static int act_one(enum action act, struct daxctl_dev *dev, struct wf_opts *o, int *printed)
{
	switch (act) {
	case ACT_DESTROY: return destroy_one(dev, o);
	case ACT_ENABLE: return enable_one(dev);
	case ACT_DISABLE: return disable_one(dev);
	case ACT_ONLINE: return wf_online_one(dev, o);
	case ACT_OFFLINE: return wf_offline_one(dev, o);
	case ACT_RECONFIG:
	default:
		if (o->check_config)
			return wf_check_config_one(dev, o, printed);
		if (o->has_size || o->has_align)
			return wf_resize_one(dev, o);
		return wf_reconfig_one(dev, o, printed);
	}
}

/* Every selected device in turn, then the JSON of the changed ones and the summary. */
static int act_all(enum action act, struct daxctl_dev **devs, int n, struct wf_opts *o)
{
	struct daxctl_dev **done_devs = calloc(n ? n : 1, sizeof(*done_devs));
	int i, rc = 0, done = 0, printed = 0;

	if (!done_devs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		int r, p = 0;

		r = act_one(act, devs[i], o, &p);
		if (r < 0) {
			rc = r;
			continue;
		}
		if (r == 1)	/* nothing to do for this device (check-config without a section) */
			continue;
		if (p)
			done_devs[printed++] = devs[i];
		done++;
	}
	if (o->check_config) {	/* a skipped config file fails the command, at the end */
		int conf_rc = wf_check_config_end();

		if (!rc)
			rc = conf_rc;
	}
	if (printed)
		wf_print_json(done_devs, printed, o->human);
	wf_summary(act_text[act].ing, act_text[act].done, rc, done);
	free(done_devs);
	return rc;
}

static int per_device(int argc, const char **argv, struct daxctl_ctx *ctx, enum action act)
{
	struct wf_opts o = { 0 };
	struct option options[16];
	const struct option base[] = {
		OPT_STRING('r', "region", &o.region, "region-id", "filter by region"),
		OPT_BOOLEAN('u', "human", &o.human, "use human friendly number formats"),
		OPT_BOOLEAN('v', "verbose", &o.verbose, "emit more debug messages"),
	}, reconfig[] = {
		OPT_STRING('s', "size", &o.size_str, "size", "size to set the device to"),
		OPT_STRING('a', "align", &o.align_str, "align", "alignment to set"),
		OPT_FILENAME(0, "input", &o.input, "file", "accepted for compatibility, unused"),
		OPT_STRING('m', "mode", &o.mode, "mode", "mode to switch the device to (system-ram, devdax)"),
		OPT_BOOLEAN('N', "no-online", &o.no_online, "don't auto-online memory sections"),
		OPT_BOOLEAN('f', "force", &o.force, "attempt to offline memory sections before reconfiguration"),
		OPT_BOOLEAN('C', "check-config", &o.check_config, "use config files to determine parameters for the operation"),
	}, memmap = OPT_CALLBACK_NOOPT(0, "memmap-on-memory", &o.memmap, NULL,
			"with -m system-ram: kmem puts the memmap on the device's own memory", memmap_cb),
	  movable = OPT_BOOLEAN(0, "no-movable", &o.no_movable,
			"online memory in ZONE_NORMAL, not ZONE_MOVABLE"),
	  destroy_force = OPT_BOOLEAN('f', "force", &o.force, "disable the device if necessary");
	char ubuf[96];
	const char * const u[] = { ubuf, NULL };
	struct daxctl_dev **devs = NULL;
	int i, k = 0, n, rc;

	snprintf(ubuf, sizeof(ubuf), "daxctl %s <device> [<options>]", act_text[act].name);
	for (i = 0; i < 3; i++)
		options[k++] = base[i];
	if (act == ACT_RECONFIG)
		for (i = 0; i < 7; i++)
			options[k++] = reconfig[i];
	if (act == ACT_DESTROY)
		options[k++] = destroy_force;
	if (act == ACT_RECONFIG || act == ACT_ONLINE)
		options[k++] = movable;
	if (act == ACT_RECONFIG)	/* ours, after upstream's options */
		options[k++] = memmap;
	options[k] = (struct option)OPT_END();
	argc = parse_options(argc, argv, options, u, 0);
	if (argc == 0) {
		error("specify a device, or 'all'");
		usage_with_options(u, options);
	}
	for (i = 1; i < argc; i++)
		error("unknown extra parameter \"%s\"", argv[i]);
	if (argc > 1)
		usage_with_options(u, options);
	wf_setup(ctx, o.verbose);
	if (act == ACT_RECONFIG && reconfig_checks(&o, u, options))
		return -EINVAL;
	n = collect_devices(ctx, argv[0], o.region, &devs);
	if (n < 0) {
		wf_summary(act_text[act].ing, act_text[act].done, n, 0);
		return n;
	}
	rc = act_all(act, devs, n, &o);
	free(devs);
	return rc;
}

int cmd_destroy_device(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return per_device(argc, argv, ctx, ACT_DESTROY);
}

int cmd_enable_device(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return per_device(argc, argv, ctx, ACT_ENABLE);
}

int cmd_disable_device(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return per_device(argc, argv, ctx, ACT_DISABLE);
}

int cmd_reconfigure_device(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return per_device(argc, argv, ctx, ACT_RECONFIG);
}

int cmd_online_memory(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return per_device(argc, argv, ctx, ACT_ONLINE);
}

int cmd_offline_memory(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	return per_device(argc, argv, ctx, ACT_OFFLINE);
}
