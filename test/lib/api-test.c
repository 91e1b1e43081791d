// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Calls every exported libdaxctl function inside daxsim and checks the
 * results against the machine of api.topo and against sysfs itself.
 * Only the public header is used.
 *
 *   api-test main          read path, then every write primitive
 *   api-test mapping       daxctl_dev_set_mapping and kmem over its ranges
 *   api-test fail          under --fail memory72/state:EBUSY and kmem/bind:EBUSY
 *   api-test unpriv        as an unprivileged user: what can be read
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "check.h"
#include "objects.h"

#define SZ_1M (1ULL << 20)
#define SZ_1G (1ULL << 30)
#define MEMDIR "/sys/devices/system/memory"

/* ---- log capture ---- */
static char last_log[4096];
static int log_count;

static void capture_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	(void)ctx; (void)priority; (void)file; (void)line;
	int n = snprintf(last_log, sizeof(last_log), "%s: ", fn);

	vsnprintf(last_log + n, sizeof(last_log) - n, format, args);
	log_count++;
}

static int count_mappings(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m;
	int n = 0;

	daxctl_mapping_foreach(dev, m)
		n++;
	return n;
}

/* state of memory block @i as sysfs says */
static const char *block_state(unsigned i)
{
	char path[128];

	snprintf(path, sizeof(path), MEMDIR "/memory%u/state", i);
	return sys_read(path);
}

static void test_ctx(void)
{
	struct daxctl_ctx *ctx;
	char cfg[] = "/tmp/daxctl-conf";
	int dummy;

	setenv("DAXCTL_LOG", "debug", 1);
	CHECK_INT(daxctl_new(&ctx), 0);
	CHECK_INT(daxctl_get_log_priority(ctx), LOG_DEBUG);
	daxctl_unref(ctx);
	setenv("DAXCTL_LOG", "info", 1);
	CHECK_INT(daxctl_new(&ctx), 0);
	CHECK_INT(daxctl_get_log_priority(ctx), LOG_INFO);
	daxctl_unref(ctx);
	setenv("DAXCTL_LOG", "5", 1);
	CHECK_INT(daxctl_new(&ctx), 0);
	CHECK_INT(daxctl_get_log_priority(ctx), 5);
	daxctl_unref(ctx);
	unsetenv("DAXCTL_LOG");
	CHECK_INT(daxctl_new(&ctx), 0);
	CHECK_INT(daxctl_get_log_priority(ctx), LOG_ERR);
	daxctl_set_log_priority(ctx, LOG_WARNING);
	CHECK_INT(daxctl_get_log_priority(ctx), LOG_WARNING);

	CHECK(daxctl_ref(ctx) == ctx, "daxctl_ref returns its argument");
	daxctl_unref(ctx);	/* back to one reference */
	CHECK(daxctl_get_userdata(ctx) == NULL, "userdata starts NULL");
	daxctl_set_userdata(ctx, &dummy);
	CHECK(daxctl_get_userdata(ctx) == &dummy, "userdata round trip");
	CHECK(daxctl_get_config_path(ctx) != NULL, "default config path");
	CHECK_INT(daxctl_set_config_path(ctx, NULL), -EINVAL);
	CHECK_INT(daxctl_set_config_path(ctx, cfg), 0);
	CHECK_STR(daxctl_get_config_path(ctx), cfg);
	CHECK(daxctl_get_userdata(NULL) == NULL, "NULL ctx userdata");
	daxctl_unref(ctx);
}

/* hmem region 0 has no nvdimm uuid; pmem region 2's provider has one, its e820 namespace none */
static void test_nvdimm_uuid(struct daxctl_region *r0, struct daxctl_region *r2)
{
	char want[64], buf[64], path[512];

	snprintf(path, sizeof(path), "%s/uuid", daxctl_region_get_path(r2));
	snprintf(want, sizeof(want), "%s", sys_read(path));
	CHECK(strlen(want) == 36, "%s holds a uuid: '%s'", path, want);
	CHECK_INT(daxctl_region_get_nvdimm_uuid(r2, 0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, want);
	CHECK_INT(daxctl_region_get_nvdimm_uuid(r2, 1, buf, sizeof(buf)), -ENOENT);
	CHECK_INT(daxctl_region_get_nvdimm_uuid(r0, 0, buf, sizeof(buf)), -ENOENT);
	CHECK_INT(daxctl_region_get_nvdimm_uuid(r0, 1, buf, sizeof(buf)), -ENOENT);
	CHECK_INT(daxctl_region_get_nvdimm_uuid(r2, 2, buf, sizeof(buf)), -EINVAL);
	CHECK_INT(daxctl_region_get_nvdimm_uuid(NULL, 0, buf, sizeof(buf)), -EINVAL);
}

static void test_read(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0, *r1, *r2, *r, *tmp;
	struct daxctl_dev *d0, *d1, *d2, *d, *dtmp;
	struct daxctl_mapping *m;
	struct daxctl_memory *mem;
	uuid_t uu, zero = { 0 };
	unsigned char want_uu[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		13, 14, 15, 16 };
	int n = 0;

	daxctl_region_foreach_safe(ctx, r, tmp)
		n++;
	CHECK_INT(n, 4);
	r0 = region_by_id(ctx, 0);
	r1 = region_by_id(ctx, 1);
	r2 = region_by_id(ctx, 2);
	CHECK(r0 && r1 && r2, "regions 0, 1, 2 found");
	if (!r0 || !r1 || !r2)
		return;
	CHECK(daxctl_region_get_ctx(r0) == ctx, "region ctx");
	CHECK_U64(daxctl_region_get_size(r0), 2 * SZ_1G);
	CHECK_U64(daxctl_region_get_align(r0), 2 * SZ_1M);
	CHECK_U64(daxctl_region_get_available_size(r0), SZ_1G);
	CHECK_U64(daxctl_region_get_available_size(r1), 2 * SZ_1G - 512 * SZ_1M);
	CHECK_U64(daxctl_region_get_available_size(r2), 0);
	CHECK_U64(daxctl_region_get_size(r2), SZ_1G);
	CHECK_STR(daxctl_region_get_devname(r0), "hmem.0");
	CHECK(strncmp(daxctl_region_get_path(r0), "/sys/devices/", 13) == 0,
			"region path under /sys/devices: %s",
			daxctl_region_get_path(r0));
	CHECK(sys_exists("%s/dax_region/size", daxctl_region_get_path(r1)),
			"region path holds dax_region");
	daxctl_region_get_uuid(r0, uu);
	CHECK(memcmp(uu, zero, 16) == 0, "sysfs region has a zero uuid");
	test_nvdimm_uuid(r0, r2);

	/* daxctl_new_region: same path gives the same object; a new one adds */
	CHECK(daxctl_new_region(ctx, 0, zero, daxctl_region_get_path(r0)) == r0,
			"new_region deduplicates by path");
	r = daxctl_new_region(ctx, 7, want_uu, "/sys/devices/platform/nowhere");
	CHECK(r != NULL, "new_region adds a region");
	if (r) {
		CHECK_INT(daxctl_region_get_id(r), 7);
		daxctl_region_get_uuid(r, uu);
		CHECK(memcmp(uu, want_uu, 16) == 0, "uuid round trip");
		CHECK(daxctl_dev_get_first(r) == NULL, "no devices there");
		daxctl_region_ref(r);
		daxctl_region_unref(r);
		CHECK(region_by_id(ctx, 7) == r, "ref/unref keeps it");
		daxctl_region_unref(r);
		CHECK(region_by_id(ctx, 7) == NULL, "last unref removes it");
	}

	d0 = daxctl_dev_get_first(r0);
	CHECK(d0 && daxctl_dev_get_next(d0) == NULL, "hmem0 has one device");
	d1 = dev_by_name(ctx, "dax1.0");
	d2 = dev_by_name(ctx, "dax2.0");
	CHECK(d0 && d1 && d2, "dax0.0 dax1.0 dax2.0 found");
	if (!d0 || !d1 || !d2)
		return;
	n = 0;
	daxctl_dev_foreach_safe(r1, d, dtmp)
		n++;
	CHECK_INT(n, 1);
	CHECK_STR(daxctl_dev_get_devname(d0), "dax0.0");
	CHECK_INT(daxctl_dev_get_id(d0), 0);
	CHECK(daxctl_dev_get_region(d1) == r1, "dev region");
	CHECK(daxctl_dev_get_ctx(d1) == ctx, "dev ctx");
	CHECK_INT(daxctl_dev_get_major(d0), (int)sys_devt("dax0.0", 0));
	CHECK_INT(daxctl_dev_get_minor(d1), (int)sys_devt("dax1.0", 1));
	CHECK_U64(daxctl_dev_get_size(d0), SZ_1G);
	CHECK_U64(daxctl_dev_get_size(d1), 512 * SZ_1M);
	CHECK_U64(daxctl_dev_get_resource(d0), 0x100000000ULL);
	CHECK_U64(daxctl_dev_get_resource(d1), 0x200000000ULL);
	CHECK_U64(daxctl_dev_get_align(d0), 2 * SZ_1M);
	CHECK_INT(daxctl_dev_get_target_node(d1), 0);
	CHECK_INT(daxctl_dev_is_enabled(d0), 1);
	CHECK_INT(daxctl_dev_is_system_ram_capable(d0), 0);
	CHECK_INT(daxctl_dev_is_system_ram_capable(d1), 1);
	CHECK(daxctl_dev_get_memory(d0) == NULL, "devdax has no memory");
	CHECK_INT(daxctl_dev_has_online_memory(d0), 0);

	/* mappings come highest index first */
	CHECK_INT(count_mappings(d0), 1);
	CHECK_INT(count_mappings(d1), 2);
	m = daxctl_mapping_get_first(d1);
	if (m) {
		CHECK_U64(daxctl_mapping_get_start(m), 0x240000000ULL);
		CHECK_U64(daxctl_mapping_get_end(m), 0x24fffffffULL);
		CHECK_U64(daxctl_mapping_get_offset(m), 0x10000);
		CHECK_U64(daxctl_mapping_get_size(m), 256 * SZ_1M);
		m = daxctl_mapping_get_next(m);
		CHECK(m != NULL, "second mapping");
		if (m) {
			CHECK_U64(daxctl_mapping_get_start(m), 0x200000000ULL);
			CHECK_U64(daxctl_mapping_get_offset(m), 0);
			CHECK(daxctl_mapping_get_next(m) == NULL, "two mappings");
		}
	}

	/* memory blocks from both ranges: 64, 65, 72, 73 */
	mem = daxctl_dev_get_memory(d1);
	CHECK(mem != NULL, "kmem device has memory");
	if (!mem)
		return;
	CHECK(daxctl_memory_get_dev(mem) == d1, "memory dev");
	CHECK_U64(daxctl_memory_get_block_size(mem), 128 * SZ_1M);
	CHECK_STR(daxctl_memory_get_node_path(mem), "/sys/devices/system/node/node0");
	CHECK_INT(daxctl_memory_num_sections(mem), 4);
	CHECK_INT(daxctl_dev_get_nr_memblocks(d1), 4);
	CHECK_INT(daxctl_memory_is_online(mem), 4);
	CHECK_INT(daxctl_memory_is_movable(mem), 1);
	CHECK_INT(daxctl_dev_has_online_memory(d1), 4);
	/* devdax dax0.0, 1G at 0x100000000: what kmem would add */
	CHECK_INT(daxctl_dev_get_nr_memblocks(dev_by_name(ctx, "dax0.0")), 8);
	CHECK_INT(daxctl_dev_get_nr_memblocks(NULL), -EINVAL);
	CHECK(!sys_exists(MEMDIR "/memory66"), "no block between the ranges");

	/* 0x401000000 + 512M: blocks ceil(start/B) .. floor((end+1)/B) - 1 */
	d = dev_by_name(ctx, "dax3.0");
	mem = d ? daxctl_dev_get_memory(d) : NULL;
	CHECK(mem != NULL, "dax3.0 memory");
	if (mem) {
		CHECK_INT(daxctl_memory_num_sections(mem), 3);
		CHECK_INT(daxctl_dev_get_nr_memblocks(d), 3);
		CHECK_INT(daxctl_memory_is_online(mem), 3);
		CHECK(sys_exists(MEMDIR "/memory129") && sys_exists(MEMDIR "/memory131"),
				"blocks 129 and 131 exist");
		CHECK(!sys_exists(MEMDIR "/memory128") && !sys_exists(MEMDIR "/memory132"),
				"partial blocks 128 and 132 were trimmed");
	}
}

static void test_memory(struct daxctl_ctx *ctx)
{
	struct daxctl_dev *d1 = dev_by_name(ctx, "dax1.0");
	struct daxctl_memory *mem;
	static const unsigned blocks[] = { 64, 65, 72, 73 };
	unsigned i;
	int movable;

	if (!d1)
		return;
	CHECK_INT(daxctl_dev_will_auto_online_memory(d1), 0);
	sys_write(MEMDIR "/auto_online_blocks", "online_movable");
	CHECK_INT(daxctl_dev_will_auto_online_memory(d1), 1);
	sys_write(MEMDIR "/auto_online_blocks", "offline");

	mem = daxctl_dev_get_memory(d1);
	if (!mem)
		return;
	CHECK_INT(daxctl_memory_offline(mem), 4);
	for (i = 0; i < 4; i++)
		CHECK_STR(block_state(blocks[i]), "offline");
	CHECK_INT(daxctl_memory_is_online(mem), 0);
	CHECK_INT(daxctl_memory_num_sections(mem), 4);
	CHECK_INT(daxctl_memory_is_movable(mem), -ENXIO);
	CHECK_INT(daxctl_memory_offline(mem), 0);

	CHECK_INT(daxctl_memory_online_no_movable(mem), 4);
	movable = 1;
	for (i = 0; i < 4; i++) {
		char path[128];

		CHECK_STR(block_state(blocks[i]), "online");
		snprintf(path, sizeof(path), MEMDIR "/memory%u/valid_zones",
				blocks[i]);
		if (strcmp(sys_read(path), "Movable") != 0)
			movable = 0;
	}
	mem = daxctl_dev_get_memory(d1);
	CHECK_INT(daxctl_memory_is_movable(mem), movable);
	CHECK_INT(daxctl_memory_offline(mem), 4);
	CHECK_INT(daxctl_memory_online(mem), 4);
	for (i = 0; i < 4; i++) {
		char path[128];

		snprintf(path, sizeof(path), MEMDIR "/memory%u/valid_zones",
				blocks[i]);
		CHECK_STR(sys_read(path), "Movable");
	}
	CHECK_INT(daxctl_memory_is_movable(mem), 1);
	CHECK_INT(daxctl_memory_online(mem), 0);	/* nothing left to do */

	/* devdax and back to system-ram */
	CHECK_INT(daxctl_memory_offline(mem), 4);
	CHECK_INT(daxctl_dev_disable(d1), 0);
	CHECK(!sys_exists("/sys/bus/dax/devices/dax1.0/driver"), "unbound");
	CHECK_INT(daxctl_dev_is_enabled(d1), 0);
	CHECK(daxctl_dev_get_memory(d1) == NULL, "no memory when disabled");
	CHECK_INT(daxctl_dev_disable(d1), 0);
	CHECK_INT(daxctl_dev_enable_devdax(d1), 0);
	CHECK_STR(sys_link_base("/sys/bus/dax/devices/dax1.0/driver"), "device_dax");
	CHECK_INT(daxctl_dev_is_system_ram_capable(d1), 0);
	CHECK_INT(daxctl_dev_enable_devdax(d1), 0);
	CHECK_INT(daxctl_dev_disable(d1), 0);
	CHECK_INT(daxctl_dev_enable_ram(d1), 0);
	CHECK_STR(sys_link_base("/sys/bus/dax/devices/dax1.0/driver"), "kmem");
	mem = daxctl_dev_get_memory(d1);
	CHECK(mem != NULL, "memory again");
	if (!mem)
		return;
	CHECK_INT(daxctl_memory_num_sections(mem), 4);
	CHECK_INT(daxctl_memory_is_online(mem), 0);
	CHECK_INT(daxctl_memory_online(mem), 4);
	CHECK_INT(daxctl_memory_is_online(mem), 4);
}

static void test_resize(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0 = region_by_id(ctx, 0), *r2 = region_by_id(ctx, 2);
	struct daxctl_dev *d0 = dev_by_name(ctx, "dax0.0"), *seed, *d;
	const char *sys0 = "/sys/bus/dax/devices/dax0.0";

	if (!r0 || !r2 || !d0)
		return;
	log_count = 0;
	CHECK_INT(daxctl_dev_set_size(d0, 512 * SZ_1M), -ENXIO);	/* bound */
	CHECK_INT(log_count, 1);
	CHECK_STR(last_log, "daxctl_dev_set_size: dax0.0: failed to set size\n");
	CHECK_U64(sys_ull("%s/size", sys0), SZ_1G);
	CHECK_U64(daxctl_dev_get_size(d0), SZ_1G);

	CHECK_INT(daxctl_dev_disable(d0), 0);
	CHECK_INT(daxctl_dev_set_align(d0, 4096), 0);
	CHECK_U64(sys_ull("%s/align", sys0), 4096);
	CHECK_U64(daxctl_dev_get_align(d0), 4096);
	CHECK_INT(daxctl_dev_set_align(d0, 12345), -ENXIO);
	CHECK_U64(daxctl_dev_get_align(d0), 4096);
	CHECK_INT(daxctl_dev_set_align(d0, 2 * SZ_1M), 0);

	CHECK_INT(daxctl_dev_set_size(d0, 0), 0);
	CHECK_U64(sys_ull("%s/size", sys0), 0);
	CHECK_U64(daxctl_dev_get_size(d0), 0);
	CHECK_U64(daxctl_region_get_available_size(r0), 2 * SZ_1G);
	CHECK(daxctl_mapping_get_first(d0) == NULL, "no ranges at size 0");

	CHECK_INT(daxctl_dev_set_size(d0, 512 * SZ_1M), 0);
	CHECK_U64(sys_ull("%s/size", sys0), 512 * SZ_1M);
	CHECK_U64(sys_ull("%s/mapping0/start", sys0), 0x100000000ULL);
	CHECK_INT(count_mappings(d0), 1);
	CHECK_INT(daxctl_dev_set_size(d0, 3 * SZ_1G), -ENXIO);	/* too big */
	CHECK_U64(daxctl_dev_get_size(d0), 512 * SZ_1M);

	/* create, size, bind, refuse to destroy, then destroy */
	CHECK(daxctl_region_get_dev_seed(r0) == NULL, "no seed initially");
	CHECK_INT(daxctl_region_create_dev(r0), 0);
	CHECK_STR(sys_read("/sys/devices/platform/hmem.0/dax_region/seed"), "dax0.1");
	seed = daxctl_region_get_dev_seed(r0);
	CHECK(seed != NULL, "seed dax0.1 found");
	if (!seed)
		return;
	CHECK_STR(daxctl_dev_get_devname(seed), "dax0.1");
	CHECK_INT(daxctl_dev_get_id(seed), 1);
	CHECK_U64(daxctl_dev_get_size(seed), 0);
	CHECK_INT(daxctl_dev_is_enabled(seed), 0);
	CHECK_INT(daxctl_dev_set_size(seed, 256 * SZ_1M), 0);
	CHECK_INT(daxctl_dev_enable_devdax(seed), 0);
	CHECK_STR(sys_link_base("/sys/bus/dax/devices/dax0.1/driver"), "device_dax");
	CHECK(daxctl_region_get_dev_seed(r0) == NULL, "bound seed is cleared");
	CHECK_INT(daxctl_region_destroy_dev(r0, seed), -EBUSY);
	CHECK_INT(daxctl_dev_disable(seed), 0);
	CHECK_INT(daxctl_dev_set_size(seed, 0), 0);
	CHECK_INT(daxctl_region_destroy_dev(r0, seed), 0);
	CHECK(!sys_exists("/sys/bus/dax/devices/dax0.1"), "dax0.1 deleted");
	CHECK(dev_by_name(ctx, "dax0.1") == NULL, "dax0.1 no longer listed");
	CHECK_INT(daxctl_region_destroy_dev(r0, d0), -EBUSY);

	/* fill the region: then create fails */
	CHECK_INT(daxctl_region_create_dev(r0), 0);
	seed = daxctl_region_get_dev_seed(r0);
	CHECK(seed != NULL, "seed again");
	if (seed)
		CHECK_INT(daxctl_dev_set_size(seed, SZ_1G + 512 * SZ_1M), 0);
	CHECK_U64(daxctl_region_get_available_size(r0), 0);
	CHECK_INT(daxctl_region_create_dev(r0), -ENOSPC);

	/* static region: no create, fixed size */
	d = daxctl_dev_get_first(r2);
	CHECK(d != NULL, "dax2.0");
	CHECK_INT(daxctl_region_create_dev(r2), -ENOENT);
	CHECK(daxctl_region_get_dev_seed(r2) == NULL, "static: no seed");
	if (d)
		CHECK_INT(daxctl_dev_set_size(d, 0), -ENXIO);

	/* system-ram over dax0.0's 512M at 0x100000000: blocks 32-35 */
	CHECK_INT(daxctl_dev_enable_ram(d0), 0);
	CHECK_INT(daxctl_dev_is_system_ram_capable(d0), 1);
	{
		struct daxctl_memory *mem = daxctl_dev_get_memory(d0);

		CHECK(mem != NULL, "dax0.0 memory");
		if (mem) {
			CHECK_INT(daxctl_memory_num_sections(mem), 4);
			CHECK_INT(daxctl_memory_is_online(mem), 0);
			CHECK_INT(daxctl_memory_online(mem), 4);
			CHECK_STR(block_state(32), "online");
			CHECK_STR(block_state(35), "online");
		}
	}
}

/* daxctl_dev_set_mapping, then system-ram over the two ranges it made */
static void test_mapping(struct daxctl_ctx *ctx)
{
	struct daxctl_dev *d0 = dev_by_name(ctx, "dax0.0");
	const char *sys0 = "/sys/bus/dax/devices/dax0.0";
	struct daxctl_memory *mem;
	struct daxctl_mapping *m;

	if (!d0)
		return;
	CHECK_INT(daxctl_dev_disable(d0), 0);
	CHECK_INT(daxctl_dev_set_size(d0, 0), 0);
	CHECK(daxctl_mapping_get_first(d0) == NULL, "no ranges at size 0");
	CHECK_INT(daxctl_dev_set_mapping(d0, 0x140000000ULL, 0x14fffffffULL), 0);
	CHECK_U64(daxctl_dev_get_size(d0), 256 * SZ_1M);
	CHECK_U64(sys_ull("%s/mapping0/start", sys0), 0x140000000ULL);
	CHECK_INT(daxctl_dev_set_mapping(d0, 0x100000000ULL, 0x10fffffffULL), 0);
	CHECK_U64(daxctl_dev_get_size(d0), 512 * SZ_1M);
	CHECK_U64(sys_ull("%s/size", sys0), 512 * SZ_1M);
	m = daxctl_mapping_get_first(d0);
	CHECK(m != NULL, "mapping1");
	if (m) {
		CHECK_U64(daxctl_mapping_get_start(m), 0x100000000ULL);
		CHECK_U64(daxctl_mapping_get_offset(m), 0x10000);
	}
	CHECK_INT(daxctl_dev_set_mapping(d0, 0x100000000ULL, 0x10fffffffULL),
			-ENXIO);	/* overlaps */

	/* blocks 40, 41 (first range) and 32, 33 (second) */
	CHECK_INT(daxctl_dev_enable_ram(d0), 0);
	mem = daxctl_dev_get_memory(d0);
	CHECK(mem != NULL, "dax0.0 memory");
	if (!mem)
		return;
	CHECK_INT(daxctl_memory_num_sections(mem), 4);
	CHECK_INT(daxctl_memory_online(mem), 4);
	CHECK_STR(block_state(40), "online");
	CHECK_STR(block_state(33), "online");
	CHECK_INT(daxctl_memory_is_movable(mem), 1);
}

static void test_fail(struct daxctl_ctx *ctx)
{
	struct daxctl_dev *d1 = dev_by_name(ctx, "dax1.0");
	struct daxctl_dev *d0 = dev_by_name(ctx, "dax0.0");
	struct daxctl_memory *mem;

	if (!d0 || !d1)
		return;
	mem = daxctl_dev_get_memory(d1);
	if (!mem)
		return;
	log_count = 0;
	CHECK_INT(daxctl_memory_offline(mem), -EBUSY);	/* memory72 */
	CHECK(strstr(last_log, "Failed to offline") != NULL, "log: %s", last_log);
	CHECK_STR(block_state(64), "offline");
	CHECK_STR(block_state(72), "online");
	mem = daxctl_dev_get_memory(d1);
	CHECK_INT(daxctl_memory_is_online(mem), 2);

	CHECK_INT(daxctl_dev_disable(d0), 0);
	CHECK_INT(daxctl_dev_enable_ram(d0), -EBUSY);	/* kmem/bind */
	CHECK_INT(daxctl_dev_is_enabled(d0), 0);
	CHECK(strstr(last_log, "dax0.0: failed to enable") != NULL, "log: %s",
			last_log);
}

static void test_unpriv(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0 = region_by_id(ctx, 0);
	struct daxctl_dev *d1 = dev_by_name(ctx, "dax1.0");
	struct daxctl_memory *mem;

	CHECK(geteuid() != 0, "running unprivileged");
	CHECK(r0 != NULL && d1 != NULL, "regions and devices are listed");
	if (!r0 || !d1)
		return;
	CHECK_U64(daxctl_region_get_align(r0), ULONG_MAX);	/* 0400 */
	CHECK_U64(daxctl_region_get_size(r0), 2 * SZ_1G);
	CHECK_U64(daxctl_dev_get_size(d1), 512 * SZ_1M);
	CHECK(daxctl_mapping_get_first(d1) == NULL, "mappings are 0400");
	if (daxctl_dev_get_resource(d1) == 0) {
		mem = daxctl_dev_get_memory(d1);
		CHECK(mem != NULL, "memory object");
		if (mem)
			CHECK_INT(daxctl_memory_num_sections(mem), -EACCES);
		CHECK_INT(daxctl_dev_get_nr_memblocks(d1), -EACCES);
	}
}

/*
 * daxctl_region_get_dev_by_id: in a fresh context, before the region is
 * listed, each device of each region is found alone and is the object
 * the listing then returns, in the order a context without lookups lists.
 */
static void test_lookup(void)
{
	struct daxctl_ctx *a, *b;
	struct daxctl_region *ra, *rb;
	struct daxctl_dev *da, *db, *found[64];
	int n;

	if (daxctl_new(&a) != 0 || daxctl_new(&b) != 0) {
		CHECK(0, "daxctl_new failed");
		return;
	}
	CHECK(daxctl_region_get_dev_by_id(NULL, 0) == NULL, "NULL region: NULL");
	for (ra = daxctl_region_get_first(a), rb = daxctl_region_get_first(b); ra && rb;
			ra = daxctl_region_get_next(ra), rb = daxctl_region_get_next(rb)) {
		CHECK_INT(daxctl_region_get_id(rb), daxctl_region_get_id(ra));
		CHECK(daxctl_region_get_dev_by_id(rb, 99) == NULL, "region%d: no dax.99",
				daxctl_region_get_id(rb));
		CHECK(daxctl_region_get_dev_by_id(rb, -1) == NULL, "negative id: NULL");
		/* look every device up, before b lists the region */
		memset(found, 0, sizeof(found));
		n = 0;
		daxctl_dev_foreach(ra, da)
			n++;
		CHECK(n > 0 && n <= 64, "region%d has %d devices", daxctl_region_get_id(ra), n);
		daxctl_dev_foreach(ra, da) {
			int id = daxctl_dev_get_id(da);

			db = daxctl_region_get_dev_by_id(rb, id);
			CHECK(db && strcmp(daxctl_dev_get_devname(db), daxctl_dev_get_devname(da)) == 0,
					"%s found alone", daxctl_dev_get_devname(da));
			if (!db || id < 0 || id >= 64)
				continue;
			CHECK(daxctl_dev_get_size(db) == daxctl_dev_get_size(da), "%s: size",
					daxctl_dev_get_devname(db));
			found[id] = db;
			CHECK(daxctl_region_get_dev_by_id(rb, id) == db, "a second lookup: same object");
		}
		/* the listing returns the same objects, in the same order as a */
		for (da = daxctl_dev_get_first(ra), db = daxctl_dev_get_first(rb); da && db;
				da = daxctl_dev_get_next(da), db = daxctl_dev_get_next(db)) {
			int id = daxctl_dev_get_id(da);

			CHECK_INT(daxctl_dev_get_id(db), id);
			CHECK(id >= 0 && id < 64 && found[id] == db, "%s: the looked-up object",
					daxctl_dev_get_devname(db));
		}
		CHECK(!da && !db, "region%d: as many devices listed", daxctl_region_get_id(ra));
	}
	CHECK(!ra && !rb, "as many regions");
	daxctl_unref(a);
	daxctl_unref(b);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "main";
	struct daxctl_ctx *ctx;

	if (strcmp(mode, "main") == 0) {
		test_ctx();
		test_lookup();
	}
	if (daxctl_new(&ctx) != 0) {
		fprintf(stderr, "daxctl_new failed\n");
		return 1;
	}
	daxctl_set_log_fn(ctx, capture_log);
	if (strcmp(mode, "main") == 0) {
		test_read(ctx);
		test_memory(ctx);
		test_resize(ctx);
	} else if (strcmp(mode, "mapping") == 0) {
		test_mapping(ctx);
	} else if (strcmp(mode, "fail") == 0) {
		test_fail(ctx);
	} else if (strcmp(mode, "unpriv") == 0) {
		test_unpriv(ctx);
	} else {
		fprintf(stderr, "unknown mode %s\n", mode);
		return 2;
	}
	daxctl_unref(ctx);
	return check_report(mode);
}
