// SPDX-License-Identifier: LGPL-2.1-or-later
/* Reading and writing single sysfs attributes, and small path helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

/*
 * Read one attribute into @buf (NUL terminated, one trailing newline
 * removed). One open, one read, one close. Returns 0 or -errno.
 */
int sysfs_read(struct daxctl_ctx *ctx, const char *path, char *buf,
		size_t len)
{
	_cleanup_close_ int fd = -1;
	ssize_t n;

	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int rc = -errno;

		dbg(ctx, "failed to open %s: %s\n", path, strerror(-rc));
		return rc;
	}
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int rc = -errno;

		dbg(ctx, "failed to read %s: %s\n", path, strerror(-rc));
		return rc;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/*
 * The one place where the library writes to sysfs: @val in a single
 * write() call, with its terminating NUL as the reference library writes
 * it (the kernel stops at the NUL, and daxsim's write log and Debian's
 * binaries on this library see the same bytes). The write observer, if
 * any, is told the path, the value and the result. Returns 0 or the exact
 * -errno of open() or write() (-EIO for a short write); never folded.
 */
int sysfs_write(struct daxctl_ctx *ctx, const char *path, const char *val,
		bool quiet)
{
	_cleanup_close_ int fd = -1;
	size_t len = strlen(val) + 1;
	ssize_t n;
	int rc = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
	} else {
		n = write(fd, val, len);
		if (n < 0)
			rc = -errno;
		else if ((size_t)n != len)
			rc = -EIO;
	}
	if (rc && !quiet)
		dbg(ctx, "failed to write %s to %s: %s\n", val, path,
				strerror(-rc));
	ctx_observe_write(ctx, path, val, rc);
	return rc;
}

/* Read an unsigned number (strtoull with @base). Returns 0 or -errno. */
int sysfs_read_ull(struct daxctl_ctx *ctx, const char *path, int base,
		unsigned long long *val)
{
	char buf[SYSFS_ATTR_SIZE], *end;
	int rc;

	rc = sysfs_read(ctx, path, buf, sizeof(buf));
	if (rc)
		return rc;
	errno = 0;
	*val = strtoull(buf, &end, base);
	if (errno)
		return -errno;
	if (end == buf)
		return -EINVAL;
	return 0;
}

/* readlink() that NUL terminates. Returns the length or -errno. */
int sysfs_readlink(const char *path, char *buf, size_t len)
{
	ssize_t n = readlink(path, buf, len - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return (int)n;
}

/* "dir/name", malloc'ed, or NULL. */
char *path_join(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

/* Remove "." and ".." components of an absolute path, in place. */
static void path_normalize(char *path)
{
	char *src = path, *dst = path;

	while (*src) {
		while (*src == '/')
			src++;
		if (!*src)
			break;
		if (src[0] == '.' && (src[1] == '/' || !src[1])) {
			src += 1;
			continue;
		}
		if (src[0] == '.' && src[1] == '.' && (src[2] == '/' || !src[2])) {
			src += 2;
			while (dst > path && *--dst != '/')
				;
			continue;
		}
		*dst++ = '/';
		while (*src && *src != '/')
			*dst++ = *src++;
	}
	if (dst == path)
		*dst++ = '/';
	*dst = '\0';
}

/*
 * Where the entry @name of directory @dir really lives: one readlink()
 * and a textual resolution of the (relative) target, instead of
 * realpath()'s readlink of every component. Sysfs directories such as
 * /sys/bus/dax/devices are real directories, so this gives the same
 * answer. If the entry is not a symlink, "dir/name" is returned.
 * Returns NULL with errno set on failure (ENOENT: the entry vanished).
 */
char *path_resolve_link(const char *dir, const char *name)
{
	char target[4096];
	_cleanup_free_ char *link = path_join(dir, name);
	char *out;
	int n;

	if (!link)
		return NULL;
	n = sysfs_readlink(link, target, sizeof(target));
	if (n == -EINVAL) {
		out = link;
		link = NULL;
		path_normalize(out);
		return out;
	}
	if (n < 0) {
		errno = -n;
		return NULL;
	}
	if (target[0] == '/')
		out = strdup(target);
	else
		out = path_join(dir, target);
	if (out)
		path_normalize(out);
	return out;
}

const char *path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * The whole of a small text file (/proc/iomem, /proc/cmdline), malloc'ed
 * and NUL terminated, or NULL with errno set.
 */
char *file_read_all(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}
