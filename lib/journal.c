// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The write-ahead journal of a transaction: <lock dir>/region<N>.journal,
 * a root-only text file, a line written before each recorded write:
 *
 *   daxctl-journal 1 region <id> pid <pid> <region path>
 *   step <kind> <dev> <arg...>     before a write
 *   step online <dev> <first>-<last>  before a run of block onlines
 *   named <dev>                    the device a create step made
 *   cancel                         the write of the last step failed
 *
 * Whoever next takes the region lock and finds a journal rolls the
 * interrupted transaction back. A journal that is not ours (owner, mode,
 * not a regular file, a symlink) or does not parse is refused, never
 * followed.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

#define JOURNAL_MAGIC "daxctl-journal"
#define JOURNAL_VERSION 1
#define JOURNAL_MAX (16 << 20)
#define RUN_MAX (1ULL << 20)	/* blocks in one journaled run */

/* Create the journal of @region's transaction (none may exist). */
int journal_create(struct daxctl_region *region)
{
	struct daxctl_txn *txn = region->txn;
	char path[PATH_MAX];
	int fd;

	lock_path(path, sizeof(path), region->id, "journal");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			0600);
	if (fd < 0) {
		int rc = -errno;

		err(region->ctx, "region%d: cannot create the journal %s: %s\n",
				region->id, path, strerror(-rc));
		return rc;
	}
	txn->journal_fd = fd;
	return journal_append(txn, JOURNAL_MAGIC " %d region %d pid %d %s",
			JOURNAL_VERSION, region->id, (int)getpid(), region->path);
}

/* Append one line and make it durable. Returns 0 or -errno. */
int journal_append(struct daxctl_txn *txn, const char *fmt, ...)
{
	char line[4352];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return -E2BIG;
	line[n++] = '\n';
	/*
	 * No fsync: a write() is in the file once it returns, whatever happens
	 * to this process next; and what the journal describes (devices,
	 * bindings, online blocks) does not survive a reboot, while the
	 * journal itself lives on /run, which does not either.
	 */
	if (write(txn->journal_fd, line, (size_t)n) != n)
		return errno ? -errno : -EIO;
	return 0;
}

/* The transaction is over: the journal goes. */
void journal_remove(struct daxctl_txn *txn)
{
	char path[PATH_MAX];

	if (txn->journal_fd < 0)
		return;
	lock_path(path, sizeof(path), txn->region->id, "journal");
	unlink(path);
	close(txn->journal_fd);
	txn->journal_fd = -1;
}

static bool valid_devname(const char *s, int region_id)
{
	int r, d, n = 0;

	if (strcmp(s, "-") == 0)
		return true;
	return sscanf(s, "dax%d.%d%n", &r, &d, &n) == 2 && !s[n] &&
		(r == region_id || region_id < 0) && r >= 0 && d >= 0;
}

static bool valid_arg(enum txn_step_kind kind, const char *arg)
{
	unsigned long long a, b;
	char zone[32];
	int n = 0;

	switch (kind) {
	case STEP_CREATE:	/* the youngest device before, "-" for none */
		return !*arg || valid_devname(arg, -1);
	case STEP_SIZE:
		if (strcmp(arg, "-") == 0)
			return true;
		while (sscanf(arg, "%llx-%llx%n", &a, &b, &n) == 2 && a <= b) {
			arg += n;
			if (!*arg)
				return true;
			if (*arg++ != ',')
				return false;
		}
		return false;
	case STEP_ALIGN:
		return sscanf(arg, "%llx%n", &a, &n) == 1 && !arg[n];
	case STEP_BIND:
	case STEP_UNBIND:
		return strcmp(arg, "kmem") == 0 || strcmp(arg, "device_dax") == 0;
	case STEP_ONLINE:
		if (sscanf(arg, "%llu-%llu%n", &a, &b, &n) == 2 && !arg[n])
			return a <= b && b - a < RUN_MAX;
		return sscanf(arg, "%llu%n", &a, &n) == 1 && !arg[n];
	case STEP_OFFLINE:
		return sscanf(arg, "%llu %31s%n", &a, zone, &n) == 2 && !arg[n];
	case STEP_MEMMAP:
		return strcmp(arg, "0") == 0 || strcmp(arg, "1") == 0;
	case STEP_HOTPLUG:
		return strcmp(arg, "unplugged") == 0 || strcmp(arg, "online") == 0 ||
			strcmp(arg, "online_kernel") == 0 ||
			strcmp(arg, "online_movable") == 0 || strcmp(arg, "offline") == 0 ||
			strcmp(arg, "unknown") == 0;
	}
	return false;
}

static int kind_from_name(const char *name)
{
	int k;

	for (k = STEP_CREATE; k <= STEP_HOTPLUG; k++)
		if (strcmp(name, txn_kind_name(k)) == 0)
			return k;
	return -1;
}

/* A journaled run of block onlines ("<first>-<last>"): a step per block. */
static int parse_run(struct daxctl_txn *txn, const char *dev, const char *arg)
{
	unsigned long first, last, b;
	char idx[32];

	if (sscanf(arg, "%lu-%lu", &first, &last) != 2)
		return -EBADMSG;
	for (b = first; b <= last; b++) {
		snprintf(idx, sizeof(idx), "%lu", b);
		if (!txn_step_new(txn, STEP_ONLINE, dev, idx))
			return -ENOMEM;
	}
	return 0;
}

/* One body line into @txn. Returns 0 or -EBADMSG. */
static int parse_line(struct daxctl_txn *txn, char *line)
{
	char kname[16], dev[32];
	int n = 0, kind;

	if (strcmp(line, "cancel") == 0) {
		struct daxctl_txn_step *last = list_tail(&txn->steps,
				struct daxctl_txn_step, list);

		if (!last)
			return -EBADMSG;
		list_del(&last->list);
		txn_step_free(last);
		return 0;
	}
	if (sscanf(line, "named %31s%n", dev, &n) == 1 && !line[n]) {
		struct daxctl_txn_step *last = list_tail(&txn->steps,
				struct daxctl_txn_step, list);

		if (!last || last->kind != STEP_CREATE ||
				!valid_devname(dev, txn->region->id))
			return -EBADMSG;
		snprintf(last->dev, sizeof(last->dev), "%s", dev);
		return 0;
	}
	if (sscanf(line, "step %15s %31s %n", kname, dev, &n) != 2)
		return -EBADMSG;
	kind = kind_from_name(kname);
	if (kind < 0 || !valid_devname(dev, txn->region->id) ||
			!valid_arg(kind, line + n))
		return -EBADMSG;
	if (kind == STEP_ONLINE && strchr(line + n, '-'))
		return parse_run(txn, dev, line + n);
	return txn_step_new(txn, kind, dev, line + n) ? 0 : -ENOMEM;
}

/* Header check: magic, version, this region, an absolute path. */
static int parse_header(struct daxctl_region *region, const char *line,
		int *pid, char *rpath, size_t len)
{
	int version, id, n = 0;

	if (sscanf(line, JOURNAL_MAGIC " %d region %d pid %d %n", &version,
				&id, pid, &n) != 3 || !n)
		return -EBADMSG;
	if (version != JOURNAL_VERSION || id != region->id ||
			line[n] != '/' || strstr(line + n, ".."))
		return -EBADMSG;
	snprintf(rpath, len, "%s", line + n);
	return 0;
}

/*
 * Open @path for recovery: a regular file owned by us (root), mode 0600 or
 * stricter, not a symlink. Returns the fd, -ENOENT when there is none, or
 * -EPERM (refused, with a message).
 */
static int journal_open(struct daxctl_region *region, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
			st.st_uid != geteuid() || (st.st_mode & 077) ||
			st.st_size > JOURNAL_MAX) {
		err(region->ctx, "region%d: %s is not a journal of ours (a symlink, another owner, group/other access or too big): refusing it; inspect and remove it\n",
				region->id, path);
		if (fd >= 0)
			close(fd);
		return -EPERM;
	}
	return fd;
}

static char *read_all(int fd)
{
	struct stat st;
	char *buf;
	ssize_t n;

	if (fstat(fd, &st) < 0)
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return NULL;
	n = pread(fd, buf, (size_t)st.st_size, 0);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Parse the journal text @buf into @txn. Returns 0 or -EBADMSG. */
static int journal_parse(struct daxctl_txn *txn, char *buf, int *pid,
		char *rpath, size_t len, int *bad_line)
{
	char *line, *save = NULL;
	int rc, nr = 0;

	if (strlen(buf) == 0 || buf[strlen(buf) - 1] != '\n') {
		/* a crash can cut the last line: drop it, that write never started */
		char *nl = strrchr(buf, '\n');

		if (!nl)
			return -EBADMSG;
		nl[1] = '\0';
	}
	for (line = strtok_r(buf, "\n", &save); line;
			line = strtok_r(NULL, "\n", &save)) {
		*bad_line = ++nr;
		rc = nr == 1 ? parse_header(txn->region, line, pid, rpath, len)
			: parse_line(txn, line);
		if (rc)
			return rc;
	}
	return nr ? 0 : -EBADMSG;
}

static void report_recovery(struct daxctl_region *region, struct daxctl_txn *txn,
		int pid, int undone)
{
	struct daxctl_txn_step *s;

	if (list_empty(&txn->left)) {
		info(region->ctx, "region%d: rolled back the interrupted transaction of pid %d (%d steps)\n",
				region->id, pid, undone);
		return;
	}
	err(region->ctx, "region%d: the interrupted transaction of pid %d could not be rolled back; left in place:\n",
			region->id, pid);
	list_for_each(&txn->left, s, list)
		err(region->ctx, "region%d:   %s (%s: %s)\n", region->id,
				txn_step_desc(s), s->path ? s->path : "", strerror(-s->err));
}

/*
 * Under the region lock: roll back the transaction an earlier holder left
 * in the journal. Returns 0 (also when there was none), -EPERM or
 * -EBADMSG for a journal refused (left untouched), or -errno.
 */
int journal_recover(struct daxctl_region *region)
{
	struct daxctl_txn txn = { .region = region, .journal_fd = -1 };
	char path[PATH_MAX], rpath[PATH_MAX];
	_cleanup_free_ char *buf = NULL;
	int fd, rc, pid = 0, bad = 0, undone = 0;
	struct daxctl_txn_step *s;

	lock_path(path, sizeof(path), region->id, "journal");
	fd = journal_open(region, path);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	buf = read_all(fd);
	close(fd);
	if (!buf)
		return -ENOMEM;
	list_head_init(&txn.steps);
	list_head_init(&txn.left);
	rc = journal_parse(&txn, buf, &pid, rpath, sizeof(rpath), &bad);
	if (rc) {
		err(region->ctx, "region%d: journal %s is malformed (line %d): refusing it; inspect and remove it\n",
				region->id, path, bad);
		txn_undo_all(&txn, NULL);	/* frees, undoes nothing */
		return rc;
	}
	list_for_each(&txn.steps, s, list)
		undone++;
	txn_undo_all(&txn, rpath);
	report_recovery(region, &txn, pid, undone);
	while ((s = list_top(&txn.left, struct daxctl_txn_step, list))) {
		list_del(&s->list);
		txn_step_free(s);
	}
	unlink(path);
	return 0;
}

/**
 * daxctl_region_get_interrupted_txn - is a transaction of the region interrupted
 * @region: a region
 *
 * Looks, without taking the region lock and without changing anything, for
 * the journal of a transaction whose process died (SIGKILL, a crash, a
 * power loss): a journal that exists while nobody holds the region lock.
 * The next daxctl_region_lock() or daxctl_txn_begin() on the region rolls
 * it back. Returns the pid that wrote it (its header), 0 when there is
 * none or its transaction is still running, -EBADMSG when the journal
 * does not parse, or -errno (-EACCES for a caller who may not read it).
 */
DAXCTL_EXPORT int daxctl_region_get_interrupted_txn(struct daxctl_region *region)
{
	char path[PATH_MAX], head[512];
	_cleanup_close_ int lock = -1;
	_cleanup_close_ int fd = -1;
	int id, version, pid;
	ssize_t n;

	if (!region)
		return -EINVAL;
	if (region->txn)
		return 0;	/* ours, running */
	lock_path(path, sizeof(path), region->id, "journal");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	lock_path(path, sizeof(path), region->id, "lock");
	lock = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (lock >= 0 && flock(lock, LOCK_SH | LOCK_NB) < 0)
		return errno == EWOULDBLOCK ? 0 : -errno;	/* held: running */
	n = read(fd, head, sizeof(head) - 1);
	if (n < 0)
		return -errno;
	head[n] = '\0';
	if (sscanf(head, JOURNAL_MAGIC " %d region %d pid %d", &version, &id,
				&pid) != 3 || id != region->id || pid <= 0)
		return -EBADMSG;
	return pid;
}
