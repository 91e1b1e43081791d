// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One workflow through its library call, for the library's fault matrix
 * (run-fault-matrix.sh runs it under daxsim --fail N:ERRNO for each write N
 * of a clean run), inside daxsim on test/topologies/lib-fault.topo. Only the
 * public header is used; the lock directory is DAXCTL_LOCK_DIR.
 *
 *   fault-test WORKFLOW
 *
 * WORKFLOW, in a transaction the program begins (so that each step a
 * rollback leaves in place can be read): create, layout (create from saved
 * ranges), create-ram (create, then system-ram), ram, devdax, destroy (the
 * workflow calls), online, offline (daxctl_memory_online/offline). Prints the machine before and after (devices, free space,
 * memory blocks), each step left in place, and the outcome: "requested"
 * (success), "prior" (failed, and the machine is as it was: checked here),
 * or "reported" (failed, steps left in place and named).
 */
#include <dirent.h>
#include <stdbool.h>

#include <daxctl/libdaxctl.h>

#include "check.h"
#include "objects.h"

#define SZ_1M (1ULL << 20)
#define DEVDIR "/sys/bus/dax/devices"
#define MEMDIR "/sys/devices/system/memory"

static size_t put(char *buf, size_t len, size_t used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t put(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (used >= len)
		return used;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	return n < 0 ? used : used + (size_t)n;
}

static int by_block_index(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name + 6) - atoi((*b)->d_name + 6);
}

static int is_block(const struct dirent *e)
{
	return strncmp(e->d_name, "memory", 6) == 0 && e->d_name[6] >= '0' &&
		e->d_name[6] <= '9' && atoi(e->d_name + 6) >= 16;	/* not boot memory */
}

/* Every device (size, driver), each region's free space, every hot-plugged block. */
static void dump_state(char *buf, size_t len)
{
	struct dirent **names;
	char path[512];
	size_t used = 0;
	int i, n;

	buf[0] = '\0';
	n = scandir(DEVDIR, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *d = names[i]->d_name;

		/* one sys_*() per put(): they return a static buffer */
		if (d[0] != '.') {
			snprintf(path, sizeof(path), DEVDIR "/%s/driver", d);
			used = put(buf, len, used, "%s %llu ", d, sys_ull(DEVDIR "/%s/size", d));
			used = put(buf, len, used, "%s; ", sys_link_base(path));
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	for (i = 0; i < 3; i++)
		used = put(buf, len, used, "region%d avail %llu; ", i,
				sys_ull("/sys/devices/platform/hmem.%d/dax_region/available_size", i));
	n = scandir(MEMDIR, &names, is_block, by_block_index);
	for (i = 0; i < n; i++) {
		const char *b = names[i]->d_name;

		snprintf(path, sizeof(path), MEMDIR "/%s/state", b);
		used = put(buf, len, used, "%s %s ", b, sys_read(path));
		snprintf(path, sizeof(path), MEMDIR "/%s/valid_zones", b);
		used = put(buf, len, used, "%s; ", sys_read(path));
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* Online or offline a kmem device's memory. */
static int memory_change(struct daxctl_dev *dev, bool online)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc;

	if (!mem)
		return -ENODEV;
	rc = online ? daxctl_memory_online(mem) : daxctl_memory_offline(mem);
	return rc < 0 ? rc : 0;
}

/* The device WORKFLOW acts on (NULL for the ones that make a device). */
static const char *target(const char *wf)
{
	static const struct { const char *wf, *dev; } t[] = {
		{ "create", NULL }, { "layout", NULL }, { "create-ram", NULL },
		{ "ram", "dax0.0" }, { "devdax", "dax1.0" }, { "destroy", "dax0.1" },
		{ "online", "dax2.0" }, { "offline", "dax1.0" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(wf, t[i].wf) == 0)
			return t[i].dev ? t[i].dev : "";
	return NULL;
}

/* WORKFLOW inside @txn, active on its region: 0 or -errno. */
static int run(struct daxctl_region *r0, struct daxctl_dev *dev, const char *wf,
		struct daxctl_txn *txn)
{
	/* 128M at 0x160000000, then 128M at 0x140000000, in region 0's free half */
	static const unsigned long long layout[] = {
		0x160000000ULL, 0x167ffffffULL, 0x140000000ULL, 0x147ffffffULL,
	};
	struct daxctl_dev *made;
	int rc;

	if (strcmp(wf, "create") == 0)
		return daxctl_region_create_devdax(r0, 256 * SZ_1M, 4096, txn, &made);
	if (strcmp(wf, "layout") == 0)
		return daxctl_region_create_devdax_mappings(r0, layout, 2, 2 * SZ_1M, txn, &made);
	if (strcmp(wf, "create-ram") == 0) {
		rc = daxctl_region_create_devdax(r0, 256 * SZ_1M, 4096, txn, &made);
		return rc ? rc : daxctl_dev_reconfigure_ram(made, 1, txn);
	}
	if (strcmp(wf, "ram") == 0)
		return daxctl_dev_reconfigure_ram(dev, 1, txn);
	if (strcmp(wf, "devdax") == 0)
		return daxctl_dev_reconfigure_devdax(dev, txn);
	if (strcmp(wf, "destroy") == 0)
		return daxctl_dev_destroy(dev, txn);
	return memory_change(dev, strcmp(wf, "online") == 0);
}

int main(int argc, char **argv)
{
	static char before[8192], after[8192];
	const char *wf = argc == 2 ? argv[1] : "", *name = target(wf);
	struct daxctl_region *region;
	struct daxctl_dev *dev = NULL;
	struct daxctl_txn_step *s;
	struct daxctl_txn *txn;
	struct daxctl_ctx *ctx;
	int rc, left = 0;

	if (!name) {
		fprintf(stderr, "usage: fault-test create|layout|create-ram|ram|devdax|destroy|online|offline\n");
		return 2;
	}
	if (daxctl_new(&ctx) != 0) {
		fprintf(stderr, "daxctl_new failed\n");
		return 1;
	}
	daxctl_set_log_fn(ctx, quiet_log);
	dump_state(before, sizeof(before));
	region = region_by_id(ctx, 0);
	if (*name) {
		dev = dev_by_name(ctx, name);
		region = dev ? daxctl_dev_get_region(dev) : NULL;
	}
	CHECK(region != NULL, "%s: its device or region is missing", wf);
	if (!region)
		return check_report(wf);
	rc = daxctl_txn_begin(region, &txn);
	CHECK_INT(rc, 0);
	if (rc)
		return check_report(wf);
	rc = run(region, dev, wf, txn);
	if (rc)
		daxctl_txn_rollback(txn);
	else
		CHECK_INT(daxctl_txn_commit(txn), 0);
	daxctl_txn_foreach_left(txn, s) {
		printf("left: %s (%s: %s)\n", daxctl_txn_step_get_desc(s),
				daxctl_txn_step_get_path(s),
				strerror(-daxctl_txn_step_get_errno(s)));
		left++;
	}
	daxctl_txn_free(txn);
	daxctl_unref(ctx);
	dump_state(after, sizeof(after));
	printf("before: %s\nafter: %s\n", before, after);
	if (rc == 0) {
		printf("outcome: requested\n");
	} else if (left) {
		CHECK(strcmp(before, after) != 0, "left steps reported but the state is prior");
		printf("outcome: reported (%s)\n", strerror(-rc));
	} else {
		CHECK_STR(after, before);
		printf("outcome: prior (%s)\n", strerror(-rc));
	}
	return check_report(wf);
}
