// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The library's write path through LIBDAXCTL_11, inside daxsim on write.topo
 * (kernel 6.1). Only the public header is used.
 *
 *   write-test observer    the write observer sees every write with its exact result;
 *                          enabling binds first and only the device asked for
 *   write-test txn         transactions: create+size+enable rolled back, online
 *                          committed, offline rolled back; journal and lock checks
 *   write-test left        under --fail 3:EBUSY: a rollback whose undo fails reports
 *                          the step left in place (desc, path, errno)
 *   write-test kill        a transaction SIGKILLed while a write is held (--delay on
 *                          size): the next lock taker rolls it back
 *   write-test kill-cli    the same, and the next lock taker is `$DAXCTL create-device`
 *   write-test wait-cli    daxctl waits for a library client's lock, names it, gives up
 *                          after DAXCTL_LOCK_TIMEOUT
 *   write-test workflow    create, system-ram, devdax, destroy through the workflow calls
 * (The fault matrix of each workflow is fault-test.c's.)
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/wait.h>

#include <daxctl/libdaxctl.h>

#include "check.h"
#include "objects.h"

#define SZ_1M (1ULL << 20)
#define DEVDIR "/sys/bus/dax/devices"
#define HMEM0 "/sys/devices/platform/hmem.0"

struct seen {
	char path[256], value[128];
	int result;
};

static struct seen seen[256];
static int nr_seen;

static void observe(struct daxctl_ctx *ctx, const char *path, const char *value,
		int result, void *data)
{
	(void)ctx;
	if (nr_seen < (int)(sizeof(seen) / sizeof(seen[0]))) {
		snprintf(seen[nr_seen].path, sizeof(seen[0].path), "%s", path);
		snprintf(seen[nr_seen].value, sizeof(seen[0].value), "%s", value);
		seen[nr_seen].result = result;
	}
	nr_seen++;
	(*(int *)data)++;
}

static const char *driver_of(const char *dev)
{
	char path[256];

	snprintf(path, sizeof(path), DEVDIR "/%s/driver", dev);
	return sys_link_base(path);
}

#define CHECK_SEEN(i, want_path, want_value, want_result) do { \
	CHECK(nr_seen > (i), "write %d was observed (%d seen)", (i), nr_seen); \
	if (nr_seen > (i)) { \
		CHECK_STR(seen[i].path, want_path); \
		CHECK_STR(seen[i].value, want_value); \
		CHECK_INT(seen[i].result, want_result); \
	} \
} while (0)

static void test_observer(struct daxctl_ctx *ctx)
{
	struct daxctl_dev *d0 = dev_by_name(ctx, "dax0.0");
	struct daxctl_dev *d1 = dev_by_name(ctx, "dax0.1");
	int calls = 0;

	CHECK(d0 && d1, "dax0.0 and dax0.1 found");
	if (!d0 || !d1)
		return;
	daxctl_set_write_observer(ctx, observe, &calls);

	/* 6.1's device_dax matches by itself: one bind, no new_id, dax0.1 stays unbound */
	CHECK_INT(daxctl_dev_enable_devdax(d0), 0);
	CHECK_INT(nr_seen, 1);
	CHECK_SEEN(0, "/sys/bus/dax/drivers/device_dax/bind", "dax0.0", 0);
	CHECK_STR(driver_of("dax0.0"), "device_dax");
	CHECK_STR(driver_of("dax0.1"), "");
	CHECK_INT(daxctl_dev_is_enabled(d1), 0);

	/* 6.1's kmem does not match: bind says ENODEV, then new_id binds it */
	CHECK_INT(daxctl_dev_enable_ram(d1), 0);
	CHECK_INT(nr_seen, 3);
	CHECK_SEEN(1, "/sys/bus/dax/drivers/kmem/bind", "dax0.1", -ENODEV);
	CHECK_SEEN(2, "/sys/bus/dax/drivers/kmem/new_id", "dax0.1", 0);
	CHECK_STR(driver_of("dax0.1"), "kmem");
	CHECK_STR(driver_of("dax0.0"), "device_dax");

	/* the old API keeps -ENXIO; the observer gets the kernel's errno */
	CHECK_INT(daxctl_dev_set_size(d0, 1024 * SZ_1M), -ENXIO);
	CHECK_INT(nr_seen, 4);
	CHECK_SEEN(3, HMEM0 "/dax0.0/size", "0x40000000\n", -EBUSY);
	CHECK_U64(sys_ull(DEVDIR "/dax0.0/size"), 512 * SZ_1M);

	CHECK_INT(daxctl_dev_disable(d0), 0);
	CHECK_INT(nr_seen, 6);
	CHECK_SEEN(4, HMEM0 "/dax0.0/driver/remove_id", "dax0.0", 0);
	CHECK_SEEN(5, HMEM0 "/dax0.0/driver/unbind", "dax0.0", 0);
	CHECK_INT(calls, nr_seen);

	daxctl_set_write_observer(ctx, NULL, NULL);
	CHECK_INT(daxctl_dev_set_size(d0, 256 * SZ_1M), 0);
	CHECK_INT(nr_seen, 6);
	CHECK_U64(sys_ull(DEVDIR "/dax0.0/size"), 256 * SZ_1M);
}

/* ---- transactions ---- */

static char lockdir[64];

static const char *journal_path(int region)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/region%d.journal", lockdir, region);
	return path;
}

static void use_lock_dir(void)
{
	snprintf(lockdir, sizeof(lockdir), "/tmp/write-test-XXXXXX");
	if (!mkdtemp(lockdir)) {
		perror("mkdtemp");
		exit(1);
	}
	setenv("DAXCTL_LOCK_DIR", lockdir, 1);
}

/* The lock directory and what the library left in it (lock files, journals). */
static void remove_lock_dir(void)
{
	char path[sizeof(lockdir) + 256 + 2];
	struct dirent *e;
	DIR *d;

	if (!lockdir[0] || !(d = opendir(lockdir)))
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", lockdir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(lockdir);
}

static const char *block_state(unsigned i)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%u/state", i);
	return sys_read(path);
}

/* create + size + enable in a transaction, then roll back: the region is as found */
static void txn_create_rollback(struct daxctl_region *r0)
{
	unsigned long long avail = daxctl_region_get_available_size(r0);
	struct daxctl_txn *txn;
	struct daxctl_dev *seed;
	char name[32] = "";

	CHECK_U64(avail, 1024 * SZ_1M);
	CHECK_INT(daxctl_txn_begin(r0, &txn), 0);
	CHECK(sys_exists("%s", journal_path(0)), "journal exists during the transaction");
	CHECK_INT(daxctl_region_create_dev(r0), 0);
	seed = daxctl_region_get_dev_seed(r0);
	CHECK(seed != NULL, "seed after create");
	if (!seed) {
		daxctl_txn_free(txn);
		return;
	}
	snprintf(name, sizeof(name), "%s", daxctl_dev_get_devname(seed));
	CHECK_INT(daxctl_dev_set_align(seed, 4096), 0);
	CHECK_INT(daxctl_dev_set_size(seed, 256 * SZ_1M), 0);
	CHECK_INT(daxctl_dev_enable_devdax(seed), 0);
	CHECK_STR(driver_of(name), "device_dax");
	CHECK_INT(daxctl_txn_get_nr_steps(txn), 4);
	CHECK_INT(daxctl_txn_rollback(txn), 0);
	CHECK(daxctl_txn_get_first_left(txn) == NULL, "nothing left in place");
	daxctl_txn_free(txn);
	CHECK(!sys_exists(DEVDIR "/%s", name), "%s deleted by the rollback", name);
	CHECK_U64(sys_ull(HMEM0 "/dax_region/available_size"), avail);
	CHECK(!sys_exists("%s", journal_path(0)), "journal removed");
	CHECK_STR(driver_of("dax0.0"), "");
	CHECK_STR(driver_of("dax0.1"), "");
}

static void write_file(const char *path, const char *text, mode_t mode);

/*
 * A journaled run left by a killed process: the next lock taker offlines
 * every block of the run (64 and 65 are online); a run backwards is refused.
 */
static void txn_journaled_run(struct daxctl_region *r1)
{
	char text[512];

	snprintf(text, sizeof(text), "daxctl-journal 1 region 1 pid 1 %s\nstep online dax1.0 65-64\n",
			daxctl_region_get_path(r1));
	write_file(journal_path(1), text, 0600);
	CHECK_INT(daxctl_region_lock(r1), -EBADMSG);
	CHECK_STR(block_state(64), "online");
	snprintf(text, sizeof(text), "daxctl-journal 1 region 1 pid 1 %s\nstep online dax1.0 64-65\n",
			daxctl_region_get_path(r1));
	write_file(journal_path(1), text, 0600);
	CHECK_INT(daxctl_region_lock(r1), 0);
	daxctl_region_unlock(r1);
	CHECK(!sys_exists("%s", journal_path(1)), "recovered journal removed");
	CHECK_STR(block_state(64), "offline");
	CHECK_STR(block_state(65), "offline");
}

static void txn_memory(struct daxctl_ctx *ctx, struct daxctl_region *r1)
{
	struct daxctl_dev *d = dev_by_name(ctx, "dax1.0");
	struct daxctl_memory *mem = d ? daxctl_dev_get_memory(d) : NULL;
	struct daxctl_txn *txn;

	CHECK(mem != NULL, "dax1.0 memory");
	if (!mem)
		return;
	CHECK_INT(daxctl_txn_begin(r1, &txn), 0);
	CHECK_INT(daxctl_txn_begin(r1, &txn), -EBUSY);
	CHECK_INT(daxctl_memory_online(mem), 2);
	CHECK_INT(daxctl_txn_get_nr_steps(txn), 2);
	/* one journal line for the run of blocks, a step in memory for each */
	CHECK(strstr(sys_read(journal_path(1)), "\nstep online dax1.0 64-65") != NULL,
			"the run journaled once: %s", sys_read(journal_path(1)));
	CHECK_INT(daxctl_txn_commit(txn), 0);
	CHECK_INT(daxctl_txn_commit(txn), -EINVAL);
	daxctl_txn_free(txn);
	CHECK_STR(block_state(64), "online");
	CHECK_STR(block_state(65), "online");

	CHECK_INT(daxctl_txn_begin(r1, &txn), 0);
	CHECK_INT(daxctl_memory_offline(mem), 2);
	CHECK_STR(block_state(64), "offline");
	CHECK_INT(daxctl_txn_rollback(txn), 0);
	daxctl_txn_free(txn);
	CHECK_STR(block_state(64), "online");
	CHECK_STR(block_state(65), "online");
	CHECK_STR(sys_read("/sys/devices/system/memory/memory64/valid_zones"), "Movable");
	txn_journaled_run(r1);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL, "create %s", path);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* journals that are not ours or do not parse are refused and left alone */
static void txn_bad_journals(struct daxctl_region *r0)
{
	const char *j = journal_path(0);
	char target[128];

	write_file(j, "daxctl-journal 1 region 0 pid 1 /sys/devices/platform/hmem.0\nstep frob dax0.0 x\n", 0600);
	CHECK_INT(daxctl_region_lock(r0), -EBADMSG);
	CHECK(sys_exists("%s", j), "malformed journal left in place");
	write_file(j, "daxctl-journal 1 region 7 pid 1 /sys/devices/platform/hmem.0\n", 0600);
	CHECK_INT(daxctl_region_lock(r0), -EBADMSG);
	write_file(j, "daxctl-journal 1 region 0 pid 1 /sys/devices/platform/hmem.0\n", 0644);
	CHECK_INT(daxctl_region_lock(r0), -EPERM);
	unlink(j);
	snprintf(target, sizeof(target), "%s/elsewhere", lockdir);
	write_file(target, "daxctl-journal 1 region 0 pid 1 /sys/devices/platform/hmem.0\n", 0600);
	CHECK_INT(symlink(target, j), 0);
	CHECK_INT(daxctl_region_lock(r0), -EPERM);
	unlink(j);
	/* an empty, well-formed journal: nothing to undo, then it is gone */
	write_file(j, "daxctl-journal 1 region 0 pid 1 /sys/devices/platform/hmem.0\n", 0600);
	CHECK_INT(daxctl_region_lock(r0), 0);
	CHECK(!sys_exists("%s", j), "recovered journal removed");
	daxctl_region_unlock(r0);
	/* a lock directory others can write is refused */
	chmod(lockdir, 0777);
	CHECK_INT(daxctl_region_lock(r0), -EPERM);
	chmod(lockdir, 0755);
	CHECK_INT(daxctl_region_lock(r0), 0);
	daxctl_region_unlock(r0);
}

static void test_txn(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0 = region_by_id(ctx, 0), *r1 = region_by_id(ctx, 1);

	use_lock_dir();
	CHECK(r0 && r1, "regions 0 and 1");
	if (!r0 || !r1)
		return;
	txn_create_rollback(r0);
	txn_memory(ctx, r1);
	txn_bad_journals(r0);
}

/* --fail 3:EBUSY: online 64, 65 (writes 1, 2); the rollback's offline of 65 fails */
static void test_left(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r1 = region_by_id(ctx, 1);
	struct daxctl_dev *d = dev_by_name(ctx, "dax1.0");
	struct daxctl_memory *mem = d ? daxctl_dev_get_memory(d) : NULL;
	struct daxctl_txn_step *s;
	struct daxctl_txn *txn;
	int n = 0;

	use_lock_dir();
	CHECK(r1 && mem, "region 1 and dax1.0 memory");
	if (!r1 || !mem)
		return;
	CHECK_INT(daxctl_txn_begin(r1, &txn), 0);
	CHECK_INT(daxctl_memory_online(mem), 2);
	CHECK_INT(daxctl_txn_rollback(txn), -EBUSY);
	daxctl_txn_foreach_left(txn, s)
		n++;
	CHECK_INT(n, 1);
	s = daxctl_txn_get_first_left(txn);
	if (s) {
		CHECK_STR(daxctl_txn_step_get_desc(s), "dax1.0: memory65 onlined");
		CHECK_STR(daxctl_txn_step_get_path(s),
				"/sys/devices/system/memory/memory65/state");
		CHECK_INT(daxctl_txn_step_get_errno(s), -EBUSY);
	}
	daxctl_txn_free(txn);
	CHECK_STR(block_state(64), "offline");
	CHECK_STR(block_state(65), "online");
	CHECK(!sys_exists("%s", journal_path(1)), "journal removed");
}

/* the child: create and size a device; the size write is held by --delay */
static void kill_child(void)
{
	struct daxctl_region *r0;
	struct daxctl_txn *txn;
	struct daxctl_dev *seed;
	struct daxctl_ctx *ctx;

	if (daxctl_new(&ctx) || !(r0 = region_by_id(ctx, 0)))
		_exit(2);
	if (daxctl_txn_begin(r0, &txn) || daxctl_region_create_dev(r0))
		_exit(3);
	seed = daxctl_region_get_dev_seed(r0);
	if (!seed || daxctl_dev_set_size(seed, 256 * SZ_1M))
		_exit(4);
	_exit(5);	/* never reached before the kill */
}

static bool journal_has(const char *what)
{
	const char *text = sys_read(journal_path(0));

	return strstr(text, what) != NULL;
}

/* fork the child and SIGKILL it while its size write is held; returns 0 when killed */
static int kill_in_size_write(void)
{
	int i, status = 0;
	pid_t pid = fork();

	if (pid == 0)
		kill_child();
	for (i = 0; i < 2000 && !journal_has("step size"); i++)
		usleep(5000);
	CHECK(journal_has("named dax0.2"), "the child named its device: %s",
			sys_read(journal_path(0)));
	CHECK(journal_has("step size dax0.2 -"), "size step journaled before the write");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status), "child killed (status %#x)", status);
	CHECK(sys_exists("%s", journal_path(0)), "journal left by the killed child");
	return WIFSIGNALED(status) ? 0 : -1;
}

static void test_kill(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0 = region_by_id(ctx, 0);

	use_lock_dir();
	CHECK(r0 != NULL, "region 0");
	if (!r0 || kill_in_size_write())
		return;
	/* the next lock taker rolls the interrupted transaction back */
	CHECK_INT(daxctl_region_lock(r0), 0);
	CHECK(!sys_exists("%s", journal_path(0)), "journal gone after recovery");
	CHECK(!sys_exists(DEVDIR "/dax0.2"), "dax0.2 deleted by the recovery");
	CHECK_U64(sys_ull(HMEM0 "/dax_region/available_size"), 1024 * SZ_1M);
	daxctl_region_unlock(r0);
}

static int run_daxctl(const char *args, const char *out)
{
	const char *daxctl = getenv("DAXCTL");
	char cmd[512];
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s >%s 2>&1", daxctl ? daxctl : "daxctl", args, out);
	status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char *file_text(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* a library client's interrupted transaction is rolled back by the next daxctl command */
static void test_kill_cli(struct daxctl_ctx *ctx)
{
	char out[128];

	(void)ctx;
	use_lock_dir();
	if (kill_in_size_write())
		return;
	snprintf(out, sizeof(out), "%s/out", lockdir);
	CHECK_INT(run_daxctl("create-device -r 0 -s 128M", out), 0);
	CHECK(strstr(file_text(out), "created 1 device") != NULL, "daxctl: %s", file_text(out));
	CHECK(!sys_exists("%s", journal_path(0)), "journal gone after daxctl took the lock");
	CHECK_U64(sys_ull(HMEM0 "/dax_region/available_size"), (1024 - 128) * SZ_1M);
	CHECK_U64(sys_ull(DEVDIR "/dax0.2/size"), 128 * SZ_1M);
}

/* daxctl waits for the lock a library client holds, names it, and gives up */
static void test_wait_cli(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0 = region_by_id(ctx, 0);
	struct daxctl_txn *txn;
	char out[128], want[128];
	int rc;

	use_lock_dir();
	CHECK(r0 != NULL, "region 0");
	if (!r0)
		return;
	CHECK_INT(daxctl_txn_begin(r0, &txn), 0);
	setenv("DAXCTL_LOCK_TIMEOUT", "3", 1);
	snprintf(out, sizeof(out), "%s/out", lockdir);
	rc = run_daxctl("create-device -r 0 -s 128M", out);
	CHECK(rc != 0, "daxctl failed while the lock was held (rc %d)", rc);
	snprintf(want, sizeof(want), "region0: waiting for the lock held by pid %d (write-test)",
			(int)getpid());
	CHECK(strstr(file_text(out), want) != NULL, "holder named: %s", file_text(out));
	CHECK(strstr(file_text(out), "gave up after 3s") != NULL, "bounded: %s", file_text(out));
	CHECK_U64(sys_ull(HMEM0 "/dax_region/available_size"), 1024 * SZ_1M);
	CHECK_INT(daxctl_txn_commit(txn), 0);
	daxctl_txn_free(txn);
	CHECK_INT(run_daxctl("create-device -r 0 -s 128M", out), 0);
}

/* ---- workflows ---- */

static void test_workflow(struct daxctl_ctx *ctx)
{
	struct daxctl_region *r0 = region_by_id(ctx, 0);
	struct daxctl_dev *dev = NULL;
	int calls = 0;

	use_lock_dir();
	CHECK(r0 != NULL, "region 0");
	if (!r0)
		return;
	daxctl_set_write_observer(ctx, observe, &calls);
	CHECK_INT(daxctl_region_create_devdax(r0, 2048 * SZ_1M, 0, NULL, &dev), -ENOSPC);
	CHECK_INT(daxctl_region_create_devdax(r0, 256 * SZ_1M + 4096, 2 * SZ_1M, NULL, &dev),
			-EINVAL);
	CHECK_INT(calls, 0);	/* refused before any write */
	CHECK_INT(daxctl_region_create_devdax(r0, 256 * SZ_1M, 4096, NULL, &dev), 0);
	CHECK(dev != NULL, "new device");
	if (!dev)
		return;
	CHECK_STR(daxctl_dev_get_devname(dev), "dax0.2");
	CHECK_U64(sys_ull(DEVDIR "/dax0.2/size"), 256 * SZ_1M);
	CHECK_U64(sys_ull(DEVDIR "/dax0.2/align"), 4096);
	CHECK_STR(driver_of("dax0.2"), "device_dax");
	CHECK_STR(driver_of("dax0.0"), "");
	CHECK_U64(sys_ull(HMEM0 "/dax_region/available_size"), 768 * SZ_1M);

	CHECK_INT(daxctl_dev_reconfigure_ram(dev, 1, NULL), 0);
	CHECK_STR(driver_of("dax0.2"), "kmem");
	CHECK_STR(block_state(40), "online");
	CHECK_STR(block_state(41), "online");
	CHECK_STR(sys_read("/sys/devices/system/memory/memory41/valid_zones"), "Movable");
	CHECK_INT(daxctl_dev_destroy(dev, NULL), -EBUSY);

	CHECK_INT(daxctl_dev_reconfigure_devdax(dev, NULL), 0);
	CHECK_STR(driver_of("dax0.2"), "device_dax");
	CHECK_STR(block_state(40), "");	/* hot-removed with kmem */

	CHECK_INT(daxctl_dev_destroy(dev, NULL), 0);
	CHECK(!sys_exists(DEVDIR "/dax0.2"), "dax0.2 deleted");
	CHECK_U64(sys_ull(HMEM0 "/dax_region/available_size"), 1024 * SZ_1M);
	CHECK(!sys_exists("%s", journal_path(0)), "no journal left");
	daxctl_set_write_observer(ctx, NULL, NULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "observer";
	struct daxctl_ctx *ctx;

	if (daxctl_new(&ctx) != 0) {
		fprintf(stderr, "daxctl_new failed\n");
		return 1;
	}
	daxctl_set_log_fn(ctx, quiet_log);
	if (strcmp(mode, "observer") == 0) {
		test_observer(ctx);
	} else if (strcmp(mode, "txn") == 0) {
		test_txn(ctx);
	} else if (strcmp(mode, "left") == 0) {
		test_left(ctx);
	} else if (strcmp(mode, "kill") == 0) {
		test_kill(ctx);
	} else if (strcmp(mode, "kill-cli") == 0) {
		test_kill_cli(ctx);
	} else if (strcmp(mode, "wait-cli") == 0) {
		test_wait_cli(ctx);
	} else if (strcmp(mode, "workflow") == 0) {
		test_workflow(ctx);
	} else {
		fprintf(stderr, "unknown mode %s\n", mode);
		return 2;
	}
	daxctl_unref(ctx);
	remove_lock_dir();
	return check_report(mode);
}
