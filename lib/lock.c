// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The advisory region lock shared by daxctl and library users: flock(2) on
 * <dir>/region<N>.lock, dir $DAXCTL_LOCK_DIR or /run/daxctl. The holder
 * writes "pid comm" into the file so a waiter can name it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "private.h"

#define LOCK_NOTICE_MS 2000		/* name the holder after this wait */
#define LOCK_TIMEOUT_S 300		/* default bound of the wait */

/* The lock directory: $DAXCTL_LOCK_DIR or /run/daxctl. */
const char *lock_dir(void)
{
	const char *dir = secure_getenv("DAXCTL_LOCK_DIR");

	return dir && *dir ? dir : "/run/daxctl";
}

/*
 * Create the lock directory if needed and check it: a real directory (not
 * a symlink), owned by root or by the caller, not writable by group or
 * others. Returns 0 or -errno (-EPERM when it is not trustworthy).
 */
int lock_dir_check(struct daxctl_ctx *ctx)
{
	const char *dir = lock_dir();
	struct stat st;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		int rc = -errno;

		err(ctx, "cannot create the lock directory %s: %s\n", dir,
				strerror(-rc));
		return rc;
	}
	if (lstat(dir, &st) < 0) {
		int rc = -errno;

		err(ctx, "lock directory %s: %s\n", dir, strerror(-rc));
		return rc;
	}
	if (!S_ISDIR(st.st_mode)) {
		err(ctx, "lock directory %s is not a directory (a symlink?): refusing it\n",
				dir);
		return -EPERM;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		err(ctx, "lock directory %s is owned by uid %u, not root: refusing it\n",
				dir, (unsigned)st.st_uid);
		return -EPERM;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		err(ctx, "lock directory %s is writable by group or others (mode %04o): refusing it\n",
				dir, (unsigned)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

/* "<lock dir>/region<id>.<ext>" into @buf. */
void lock_path(char *buf, size_t len, int region_id, const char *ext)
{
	snprintf(buf, len, "%s/region%d.%s", lock_dir(), region_id, ext);
}

static void read_holder(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	if (n <= 0) {
		snprintf(buf, len, "an unknown process");
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static void write_holder(int fd)
{
	char comm[64] = "", line[128];
	int cfd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (cfd >= 0) {
		n = read(cfd, comm, sizeof(comm) - 1);
		comm[n > 0 ? n : 0] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		close(cfd);
	}
	n = snprintf(line, sizeof(line), "pid %d (%s)\n", (int)getpid(),
			comm[0] ? comm : "?");
	if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n, 0) < 0)
		return;	/* the name is a courtesy to waiters */
}

static long lock_timeout_ms(void)
{
	const char *s = secure_getenv("DAXCTL_LOCK_TIMEOUT");
	long v = s && *s ? strtol(s, NULL, 10) : LOCK_TIMEOUT_S;

	return (v > 0 ? v : LOCK_TIMEOUT_S) * 1000L;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * flock(@fd) with a bounded wait: after LOCK_NOTICE_MS the holder is
 * named once; after the timeout -ETIMEDOUT. Returns 0 or -errno.
 */
static int wait_lock(struct daxctl_ctx *ctx, int fd, int region_id)
{
	long start = now_ms(), limit = lock_timeout_ms(), sleep_us = 1000;
	bool told = false;
	char who[128];

	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		long waited = now_ms() - start;

		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (!told && waited >= LOCK_NOTICE_MS) {
			read_holder(fd, who, sizeof(who));
			err(ctx, "region%d: waiting for the lock held by %s\n",
					region_id, who);
			told = true;
		}
		if (waited >= limit) {
			read_holder(fd, who, sizeof(who));
			err(ctx, "region%d: gave up after %lds waiting for the lock held by %s\n",
					region_id, limit / 1000, who);
			return -ETIMEDOUT;
		}
		usleep((useconds_t)sleep_us);
		if (sleep_us < 50000)
			sleep_us *= 2;
	}
	return 0;
}

/* Open and take the lock of region @id. Returns the fd or -errno. */
int lock_take(struct daxctl_ctx *ctx, int region_id)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, rc;

	rc = lock_dir_check(ctx);
	if (rc)
		return rc;
	lock_path(path, sizeof(path), region_id, "lock");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = -errno;
		err(ctx, "region%d: cannot open the lock %s: %s\n", region_id,
				path, strerror(-rc));
		return rc;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err(ctx, "region%d: %s is not a regular file: refusing it\n",
				region_id, path);
		close(fd);
		return -EPERM;
	}
	rc = wait_lock(ctx, fd, region_id);
	if (rc) {
		close(fd);
		return rc;
	}
	write_holder(fd);
	return fd;
}
