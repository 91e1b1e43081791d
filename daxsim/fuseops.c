// SPDX-License-Identifier: GPL-2.0-or-later
/* FUSE low-level operations: serve the tree with sysfs semantics. */
#define FUSE_USE_VERSION 35
#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "daxsim.h"

static struct timespec t0;
static const char *mnt_prefix = "/sys";

struct ofile {
	struct ofile *prev, *next;	/* all open files, freed at teardown if never released */
	struct node *n;
	char buf[SHOW_MAX];
	size_t len;
	bool loaded;
};

static struct ofile *open_files;

static void ofile_link(struct ofile *of)
{
	of->next = open_files;
	if (open_files)
		open_files->prev = of;
	open_files = of;
}

static void ofile_free(struct ofile *of)
{
	if (of->prev)
		of->prev->next = of->next;
	else
		open_files = of->next;
	if (of->next)
		of->next->prev = of->prev;
	free(of);
}

static void fill_stat(const struct node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	/* kernfs: a directory has 2 + number of subdirectories links */
	st->st_nlink = S_ISDIR(n->mode) ? 2 + n->nsubdirs : 1;
	st->st_uid = 0;
	st->st_gid = 0;
	st->st_size = S_ISREG(n->mode) ? 4096 : 0;	/* kernfs symlinks have size 0 */
	st->st_blksize = 4096;
	st->st_atim = st->st_mtim = st->st_ctim = t0;
}

static struct node *live(fuse_ino_t ino)
{
	struct node *n = tree_get(ino);

	return n && !n->gone ? n : NULL;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct node *dir = live(parent), *n;
	struct fuse_entry_param e = { 0 };

	if (!dir) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	if (!strcmp(name, "."))
		n = dir;
	else if (!strcmp(name, ".."))
		n = dir->parent ? dir->parent : dir;
	else
		n = tree_lookup(dir, name);
	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	e.ino = n->ino;
	e.generation = 1;
	/*
	 * Regular files are never cached: every lookup reply also resets the
	 * inode's size to 4096, which a short direct-I/O read shrinks (sendfile(2),
	 * as used by busybox cat, stops at that size). Directories and symlinks
	 * are: a removed node answers ENOENT to every operation, and a name that
	 * comes back gets its old inode number (tree.c), so the cache stays right.
	 */
	e.entry_timeout = S_ISREG(n->mode) ? 0 : 60.0;
	e.attr_timeout = 0;
	fill_stat(n, &e.attr);
	fuse_reply_entry(req, &e);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct node *n = live(ino);
	struct stat st;

	(void)fi;
	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fill_stat(n, &st);
	fuse_reply_attr(req, &st, 0);
}

static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		       struct fuse_file_info *fi)
{
	struct node *n = live(ino);
	struct stat st;

	(void)attr;
	(void)fi;
	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	if (to_set & (FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) {
		fuse_reply_err(req, EPERM);
		return;
	}
	/* truncation (O_TRUNC) and times are ignored, as on sysfs */
	fill_stat(n, &st);
	fuse_reply_attr(req, &st, 0);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct node *n = live(ino);

	if (!n || !S_ISLNK(n->mode))
		fuse_reply_err(req, n ? EINVAL : ENOENT);
	else
		fuse_reply_readlink(req, n->target);
}

static void op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct node *n = live(ino);

	if (!n)
		fuse_reply_err(req, ENOENT);
	else if (!S_ISDIR(n->mode))
		fuse_reply_err(req, ENOTDIR);
	else
		fuse_reply_open(req, fi);
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct node *n = live(ino);
	_cleanup_free_ char *buf = NULL;
	size_t used = 0;

	(void)fi;
	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	tree_sort(n);
	buf = malloc(size);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	for (off_t i = off; ; i++) {
		struct stat st = { 0 };
		const char *name;
		struct node *c;
		size_t need;

		if (i == 0) {
			c = n;
			name = ".";
		} else if (i == 1) {
			c = n->parent ? n->parent : n;
			name = "..";
		} else if ((size_t)(i - 2) < n->nkids) {
			c = n->kids[i - 2];
			name = c->name;
		} else {
			break;
		}
		st.st_ino = c->ino;
		st.st_mode = c->mode;
		need = fuse_add_direntry(req, buf + used, size - used, name, &st, i + 1);
		if (need > size - used)
			break;
		used += need;
	}
	fuse_reply_buf(req, buf, used);
}

static bool may(const struct node *n, const struct fuse_ctx *ctx, bool rd, bool wr)
{
	if (ctx->uid == 0) {
		if (rd && !(n->mode & S_IRUSR))
			return false;
		if (wr && !(n->mode & S_IWUSR))
			return false;
		return true;
	}
	if (rd && !(n->mode & S_IROTH))
		return false;
	if (wr && !(n->mode & S_IWOTH))
		return false;
	return true;
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct node *n = live(ino);
	int acc = fi->flags & O_ACCMODE;
	struct ofile *of;

	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	if (S_ISDIR(n->mode)) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	if (!may(n, fuse_req_ctx(req), acc != O_WRONLY, acc != O_RDONLY)) {
		fuse_reply_err(req, EACCES);
		return;
	}
	of = calloc(1, sizeof(*of));
	if (!of) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	of->n = n;
	ofile_link(of);
	fi->fh = (uintptr_t)of;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fuse_reply_open(req, fi);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct ofile *of = (struct ofile *)(uintptr_t)fi->fh;

	(void)ino;
	if (of->n->gone) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	if (!of->n->attr || !of->n->attr->show) {
		fuse_reply_err(req, EIO);
		return;
	}
	if (off == 0 || !of->loaded) {
		ssize_t r = of->n->attr->show(of->n->obj, of->buf);

		if (r < 0) {
			fuse_reply_err(req, (int)-r);
			return;
		}
		of->len = (size_t)r < sizeof(of->buf) ? (size_t)r : sizeof(of->buf) - 1;
		of->loaded = true;
	}
	if ((size_t)off >= of->len) {
		fuse_reply_buf(req, NULL, 0);
		return;
	}
	if (size > of->len - off)
		size = of->len - off;
	fuse_reply_buf(req, of->buf + off, size);
}

/* Apply one write to an open attribute and reply: --fail, the store, --log. */
static void apply_write(fuse_req_t req, struct ofile *of, const char *buf, size_t size)
{
	char path[1100], rel[1024];
	unsigned long seq;
	ssize_t r;

	if (of->n->gone) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	tree_path(of->n, rel, sizeof(rel));
	snprintf(path, sizeof(path), "%s%s", mnt_prefix, rel);
	r = faillog_check(path, &seq);
	if (!r) {
		if (!of->n->attr || !of->n->attr->store)
			r = -EIO;
		else {
			/* the store sees a C string: it ends at the first NUL (libdaxctl writes one) */
			size_t len = strnlen(buf, size);

			r = of->n->attr->store(of->n->obj, buf, len);
			if (r >= 0 && (size_t)r == len)
				r = (ssize_t)size;
		}
	}
	faillog_record(seq, path, buf, size, r);
	if (r < 0)
		fuse_reply_err(req, (int)-r);
	else
		fuse_reply_write(req, (size_t)r);
}

/*
 * Writes held back by --delay: the request stays unanswered (its writer blocks) while the
 * poll loop keeps serving everyone else, and is applied when it falls due. Kept in due
 * order; equal times keep their arrival order. The writer holds its file open until the
 * reply, so `of` outlives the entry.
 */
struct delayed {
	struct delayed *next;
	fuse_req_t req;
	struct ofile *of;
	struct timespec due;	/* CLOCK_MONOTONIC */
	size_t size;
	char buf[];
};

static struct delayed *delayed;

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void delay_write(fuse_req_t req, struct ofile *of, const char *buf, size_t size,
			unsigned int ms)
{
	struct delayed *w = malloc(sizeof(*w) + size), **pp;

	if (!w) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	w->req = req;
	w->of = of;
	w->size = size;
	memcpy(w->buf, buf, size);
	clock_gettime(CLOCK_MONOTONIC, &w->due);
	w->due.tv_sec += ms / 1000;
	w->due.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (w->due.tv_nsec >= 1000000000L) {
		w->due.tv_sec++;
		w->due.tv_nsec -= 1000000000L;
	}
	for (pp = &delayed; *pp && !ts_before(&w->due, &(*pp)->due); pp = &(*pp)->next)
		;
	w->next = *pp;
	*pp = w;
}

/* Apply the held writes that are due; returns the poll timeout (ms) until the next, or -1. */
static int delayed_run(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	while (delayed && !ts_before(&now, &delayed->due)) {
		struct delayed *w = delayed;

		delayed = w->next;
		apply_write(w->req, w->of, w->buf, w->size);
		free(w);
	}
	if (!delayed)
		return -1;
	return (int)((delayed->due.tv_sec - now.tv_sec) * 1000 +
		     (delayed->due.tv_nsec - now.tv_nsec + 999999L) / 1000000L);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size,
		     off_t off, struct fuse_file_info *fi)
{
	struct ofile *of = (struct ofile *)(uintptr_t)fi->fh;
	char path[1100], rel[1024];
	unsigned int ms;

	(void)ino;
	(void)off;
	if (of->n->gone) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	if (size > PAGE_SIZE) {
		fuse_reply_err(req, E2BIG);
		return;
	}
	tree_path(of->n, rel, sizeof(rel));
	snprintf(path, sizeof(path), "%s%s", mnt_prefix, rel);
	ms = faillog_delay(path);
	if (ms)
		delay_write(req, of, buf, size, ms);
	else
		apply_write(req, of, buf, size);
}

static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	ofile_free((struct ofile *)(uintptr_t)fi->fh);
	fuse_reply_err(req, 0);
}

static void op_access(fuse_req_t req, fuse_ino_t ino, int mask)
{
	struct node *n = live(ino);
	const struct fuse_ctx *ctx = fuse_req_ctx(req);

	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	if (ctx->uid == 0 || mask == F_OK) {
		fuse_reply_err(req, 0);
		return;
	}
	if (((mask & R_OK) && !(n->mode & S_IROTH)) || ((mask & W_OK) && !(n->mode & S_IWOTH)) ||
	    ((mask & X_OK) && !(n->mode & S_IXOTH)))
		fuse_reply_err(req, EACCES);
	else
		fuse_reply_err(req, 0);
}

static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
		      struct fuse_file_info *fi)
{
	(void)name;
	(void)mode;
	(void)fi;
	/* sysfs refuses to create files; a directory that is gone has no entries */
	fuse_reply_err(req, live(parent) ? EACCES : ENOENT);
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	(void)name;
	(void)mode;
	(void)rdev;
	fuse_reply_err(req, live(parent) ? EACCES : ENOENT);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	(void)name;
	(void)mode;
	fuse_reply_err(req, live(parent) ? EPERM : ENOENT);
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	(void)name;
	fuse_reply_err(req, live(parent) ? EPERM : ENOENT);
}

static const struct fuse_lowlevel_ops ops = {
	.lookup = op_lookup,
	.getattr = op_getattr,
	.setattr = op_setattr,
	.readlink = op_readlink,
	.opendir = op_opendir,
	.readdir = op_readdir,
	.open = op_open,
	.read = op_read,
	.write = op_write,
	.release = op_release,
	.access = op_access,
	.create = op_create,
	.mknod = op_mknod,
	.mkdir = op_mkdir,
	.unlink = op_unlink,
	.rmdir = op_unlink,
};

static void quiet_log(enum fuse_log_level level, const char *fmt, va_list ap)
{
	if (level <= FUSE_LOG_ERR)
		vfprintf(stderr, fmt, ap);
}

/*
 * Mount the FUSE device at @mountpoint ourselves and return its fd, which libfuse then takes
 * as "/dev/fd/N". libfuse's own mount would, as root, run mount(8) to record the mount where
 * /etc/mtab is not a symlink (a fresh minimal chroot): mount(8) stats the new mount point,
 * whose server is daxsim itself, still waiting for mount(8): a deadlock. Returns -errno.
 */
static int mount_fuse(const char *mountpoint, bool allow_other)
{
	char opts[128];
	struct stat st;
	int fd;

	if (stat(mountpoint, &st))
		return -errno;
	fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=%o,user_id=%u,group_id=%u%s", fd,
			(unsigned int)(st.st_mode & S_IFMT), (unsigned int)getuid(),
			(unsigned int)getgid(), allow_other ? ",allow_other" : "");
	if (mount("daxsim", mountpoint, "fuse", MS_NOSUID | MS_NODEV, opts)) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

/*
 * Mount at `mountpoint` and serve until the child exits (child > 0) or a
 * SIGINT/SIGTERM arrives (child == 0). Returns 0, or -errno when the mount fails.
 */
int fuse_serve(const char *mountpoint, bool allow_other, pid_t child, int *child_status)
{
	char *argv[] = { "daxsim", "-o", allow_other ? "allow_other" : "fsname=daxsim", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct fuse_session *se;
	struct fuse_buf fbuf = { .mem = NULL };
	char fdpath[32];
	sigset_t mask;
	int sfd, fd, rc = 0;

	(void)child;
	(void)child_status;
	clock_gettime(CLOCK_REALTIME, &t0);
	fuse_set_log_func(quiet_log);
	if (strcmp(mountpoint, "/sys"))
		mnt_prefix = "/sys";
	se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
	fuse_opt_free_args(&args);
	if (!se)
		return -EIO;
	fd = mount_fuse(mountpoint, allow_other);
	snprintf(fdpath, sizeof(fdpath), "/dev/fd/%d", fd);
	if (fd < 0 || fuse_session_mount(se, fdpath)) {
		if (fd >= 0) {
			umount2(mountpoint, MNT_DETACH);
			close(fd);
		}
		fuse_session_destroy(se);
		return -EPERM;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	/* tell the caller we are mounted: it starts the child now */
	if (child_status)
		*child_status = -1;
	daxsim_mounted();
	for (;;) {
		struct pollfd p[2] = { { fuse_session_fd(se), POLLIN, 0 }, { sfd, POLLIN, 0 } };
		int timeout = delayed_run();

		if (fuse_session_exited(se))
			break;
		if (poll(p, 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (p[1].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si) && daxsim_signal((int)si.ssi_signo))
				break;
		}
		if (p[0].revents & (POLLIN | POLLERR | POLLHUP)) {
			int r = fuse_session_receive_buf(se, &fbuf);

			if (r == -EINTR || r == -EAGAIN)
				continue;
			if (r <= 0)
				break;
			fuse_session_process_buf(se, &fbuf);
		}
	}
	free(fbuf.mem);
	while (delayed) {	/* writers still waiting when the run ends: their write did nothing */
		struct delayed *w = delayed;

		delayed = w->next;
		fuse_reply_err(w->req, EIO);
		free(w);
	}
	while (open_files)
		ofile_free(open_files);
	close(sfd);
	umount2(mountpoint, MNT_DETACH);	/* libfuse only knows the fd */
	fuse_session_unmount(se);
	fuse_session_destroy(se);
	return rc;
}
