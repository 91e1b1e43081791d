// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Transactions for the write workflows: sysfs access that keeps the kernel's errno, the
 * per-region advisory lock, the undo log, and driver binding.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "txn.h"

int txn_verbose;

int sysfs_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		buf[--n] = '\0';
	return 0;
}

int sysfs_read_u64(const char *path, unsigned long long *val)
{
	char buf[64], *end;
	int rc = sysfs_read(path, buf, sizeof(buf));

	if (rc)
		return rc;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

int sysfs_write(const char *path, const char *value)
{
	size_t len = strlen(value);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int rc = 0;

	if (fd < 0) {
		rc = -errno;
	} else {
		n = write(fd, value, len);
		if (n < 0)
			rc = -errno;
		else if ((size_t)n != len)
			rc = -EIO;
		close(fd);
	}
	if (txn_verbose)
		fprintf(stderr, "daxctl: write %s <- '%.*s': %s\n", path,
				(int)(len && value[len - 1] == '\n' ? len - 1 : len), value,
				rc ? strerror(-rc) : "ok");
	return rc;
}

int sysfs_writef(const char *path, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return sysfs_write(path, buf);
}

/* ---- device state ---- */

static int parse_devname(const char *name, int *region, int *id)
{
	char tail;

	if (sscanf(name, "dax%d.%d%c", region, id, &tail) != 2 || *region < 0 || *id < 0)
		return -EINVAL;
	return 0;
}

int dax_state_read(const char *name, struct dax_state *st)
{
	char p[PATH_MAX + 128], buf[256], real[PATH_MAX];
	unsigned long long v;
	int i, rc;

	memset(st, 0, sizeof(*st));
	if (strlen(name) >= sizeof(st->name) || parse_devname(name, &st->region_id, &st->id))
		return -EINVAL;
	strcpy(st->name, name);
	snprintf(p, sizeof(p), DAX_BUS "/devices/%s", name);
	if (!realpath(p, real))
		return errno == ENOENT ? -ENODEV : -errno;
	snprintf(st->path, sizeof(st->path), "%s", real);
	snprintf(st->region, sizeof(st->region), "%s", real);
	*strrchr(st->region, '/') = '\0';

	snprintf(p, sizeof(p), "%s/driver", st->path);
	if (realpath(p, real))
		snprintf(st->driver, sizeof(st->driver), "%s", strrchr(real, '/') + 1);
	snprintf(p, sizeof(p), "%s/size", st->path);
	rc = sysfs_read_u64(p, &st->size);
	if (rc)
		return rc;
	snprintf(p, sizeof(p), "%s/align", st->path);
	if (sysfs_read_u64(p, &st->align))
		st->align = 0;
	st->target_node = -1;
	snprintf(p, sizeof(p), "%s/target_node", st->path);
	if (sysfs_read(p, buf, sizeof(buf)) == 0)
		st->target_node = atoi(buf);
	snprintf(p, sizeof(p), "%s/dax_region/create", st->region);
	st->dynamic = access(p, F_OK) == 0;

	for (i = 0; i < MAX_MAPPINGS; i++) {
		struct dax_range *r = &st->range[i];

		snprintf(p, sizeof(p), "%s/mapping%d/start", st->path, i);
		if (sysfs_read_u64(p, &r->start))
			break;
		snprintf(p, sizeof(p), "%s/mapping%d/end", st->path, i);
		rc = sysfs_read_u64(p, &r->end);
		snprintf(p, sizeof(p), "%s/mapping%d/page_offset", st->path, i);
		if (!rc)
			rc = sysfs_read_u64(p, &v);
		if (rc)
			return rc;
		r->pgoff = v;
	}
	st->nr_ranges = i;
	/* keep the ranges in page_offset order */
	for (i = 1; i < st->nr_ranges; i++) {
		struct dax_range r = st->range[i];
		int j = i;

		while (j > 0 && st->range[j - 1].pgoff > r.pgoff) {
			st->range[j] = st->range[j - 1];
			j--;
		}
		st->range[j] = r;
	}
	return 0;
}

int dax_region_attr(const struct dax_state *st, const char *attr, char *buf, size_t len)
{
	char p[PATH_MAX + 128];

	snprintf(p, sizeof(p), "%s/dax_region/%s", st->region, attr);
	return sysfs_read(p, buf, len);
}

/* ---- lock ---- */

/*
 * The region lock is the library's (daxctl_region_lock): one lock file and one journal
 * recovery for daxctl and every library user. The handle is the region id.
 */
static struct daxctl_ctx *lock_ctx;

static struct daxctl_region *lock_region(int region_id)
{
	struct daxctl_region *region;

	if (!lock_ctx && daxctl_new(&lock_ctx) < 0)
		return NULL;
	daxctl_region_foreach(lock_ctx, region)
		if (daxctl_region_get_id(region) == region_id)
			return region;
	return NULL;
}

int txn_lock(int region_id)
{
	struct daxctl_region *region = lock_region(region_id);
	int rc;

	if (!region)
		return -ENODEV;
	rc = daxctl_region_lock(region);
	return rc < 0 ? rc : region_id;
}

void txn_unlock(int lock)
{
	struct daxctl_region *region;

	if (lock < 0)
		return;
	region = lock_region(lock);
	if (region)
		daxctl_region_unlock(region);
}

/* ---- signals ---- */

/*
 * SIGINT, SIGTERM and SIGHUP while a transaction is open only set txn_signal: the workflow
 * stops at its next safe point (txn_interrupted), rolls back and exits non-zero. Outside a
 * transaction they act as before.
 */
volatile sig_atomic_t txn_signal;
static volatile sig_atomic_t txn_open;
static int in_rollback;		/* a rollback is never interrupted */

static void on_signal(int sig)
{
	if (txn_open > 0) {
		txn_signal = sig;
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static bool done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

int txn_interrupted(const char *dev)
{
	if (!txn_signal || in_rollback)
		return 0;
	fprintf(stderr, "%s: interrupted by %s: rolling back\n", dev, strsignal(txn_signal));
	return -EINTR;
}

/* ---- undo log ---- */

void txn_init(struct txn *t, const char *cmd)
{
	catch_signals();
	memset(t, 0, sizeof(*t));
	t->cmd = cmd;
	t->open = true;
	txn_open++;
}

int txn_push(struct txn *t, undo_fn undo, const char *dev, const char *arg,
		unsigned long long val, const char *what_fmt, ...)
{
	struct txn_step *s;
	va_list ap;

	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct txn_step *n = realloc(t->steps, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		t->steps = n;
		t->cap = cap;
	}
	s = &t->steps[t->nr++];
	memset(s, 0, sizeof(*s));
	s->undo = undo;
	snprintf(s->dev, sizeof(s->dev), "%s", dev ? dev : "");
	snprintf(s->arg, sizeof(s->arg), "%s", arg ? arg : "");
	s->val = val;
	va_start(ap, what_fmt);
	vsnprintf(s->what, sizeof(s->what), what_fmt, ap);
	va_end(ap);
	return 0;
}

void txn_commit(struct txn *t)
{
	if (t->open) {
		t->open = false;
		txn_open--;
	}
	free(t->steps);
	t->steps = NULL;
	t->nr = t->cap = 0;
}

int txn_end(struct txn *t, int lock, const char *dev, int rc)
{
	if (rc)
		txn_rollback(t, dev);
	else
		txn_commit(t);
	txn_unlock(lock);
	return rc;
}

int txn_rollback(struct txn *t, const char *dev)
{
	int first = 0;
	size_t i, left = 0;

	in_rollback++;
	for (i = t->nr; i-- > 0;) {
		struct txn_step *s = &t->steps[i];
		int rc = s->undo ? s->undo(t, s->dev, s->arg, s->val) : 0;

		if (rc) {
			if (!left++)
				fprintf(stderr, "%s: could not restore the state found; left in place:\n",
						dev);
			fprintf(stderr, "%s:   %s (undo failed: %s)\n", dev, s->what, strerror(-rc));
			if (!first)
				first = rc;
		} else if (txn_verbose) {
			fprintf(stderr, "%s: undone: %s\n", dev, s->what);
		}
	}
	if (left)
		fprintf(stderr, "%s: 'daxctl list -d %s -M' shows the state now\n", dev, dev);
	in_rollback--;
	txn_commit(t);
	return first;
}

/* ---- driver binding ---- */

static int bound_to(const char *dev, char *drv, size_t len)
{
	char p[PATH_MAX + 128], real[PATH_MAX];

	snprintf(p, sizeof(p), DAX_BUS "/devices/%s/driver", dev);
	if (!realpath(p, real)) {
		drv[0] = '\0';
		return 0;
	}
	snprintf(drv, len, "%s", strrchr(real, '/') + 1);
	return 1;
}

int dax_bind(const char *dev, const char *drv)
{
	char p[PATH_MAX + 128], cur[64];
	int rc;

	snprintf(p, sizeof(p), DAX_BUS "/drivers/%s", drv);
	if (access(p, F_OK) < 0) {
		/* a modular driver not loaded yet: ask modprobe, quietly */
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "modprobe -q %s >/dev/null 2>&1", drv);
		if (system(cmd) != 0 || access(p, F_OK) < 0)
			return -ENODEV;
	}
	/*
	 * bind first: new_id makes the driver attach to every unbound device it matches (all of
	 * them for 6.1's device_dax), so it is used only when the driver does not match this
	 * device by itself (kmem before 6.3, device_dax on a kmem-type region since 6.3).
	 */
	snprintf(p, sizeof(p), DAX_BUS "/drivers/%s/bind", drv);
	rc = sysfs_write(p, dev);
	if (bound_to(dev, cur, sizeof(cur)))
		return strcmp(cur, drv) == 0 ? 0 : -EBUSY;
	if (rc != -ENODEV)
		return rc ? rc : -ENXIO;
	snprintf(p, sizeof(p), DAX_BUS "/drivers/%s/new_id", drv);
	rc = sysfs_write(p, dev);
	if (!rc && !bound_to(dev, cur, sizeof(cur))) {
		snprintf(p, sizeof(p), DAX_BUS "/drivers/%s/bind", drv);
		rc = sysfs_write(p, dev);
	}
	if (bound_to(dev, cur, sizeof(cur)) && strcmp(cur, drv) == 0)
		return 0;
	/* leave no id behind that could make the driver grab the device later */
	snprintf(p, sizeof(p), DAX_BUS "/drivers/%s/remove_id", drv);
	sysfs_write(p, dev);
	return rc ? rc : -ENXIO;
}

int dax_unbind(const char *dev, const char *drv)
{
	char p[PATH_MAX + 128], cur[64];
	int rc;

	if (!bound_to(dev, cur, sizeof(cur)))
		return 0;
	if (strcmp(cur, drv) != 0)
		return -EBUSY;
	snprintf(p, sizeof(p), DAX_BUS "/drivers/%s/remove_id", drv);
	rc = sysfs_write(p, dev);
	if (rc)
		return rc;
	snprintf(p, sizeof(p), DAX_BUS "/drivers/%s/unbind", drv);
	rc = sysfs_write(p, dev);
	if (bound_to(dev, cur, sizeof(cur)))
		return rc ? rc : -EBUSY;
	return 0;
}

int undo_bind(struct txn *t, const char *dev, const char *drv, unsigned long long v)
{
	(void)t;
	(void)v;
	return dax_unbind(dev, drv);
}

int undo_unbind(struct txn *t, const char *dev, const char *drv, unsigned long long v)
{
	(void)t;
	(void)v;
	return dax_bind(dev, drv);
}

int undo_align(struct txn *t, const char *dev, const char *arg, unsigned long long old)
{
	char p[PATH_MAX + 128];

	(void)t;
	(void)arg;
	snprintf(p, sizeof(p), DAX_BUS "/devices/%s/align", dev);
	return sysfs_writef(p, "%#llx\n", old);
}
