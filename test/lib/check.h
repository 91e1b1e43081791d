/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tiny assertion and sysfs-reading helpers for the library tests. */
#ifndef TEST_LIB_CHECK_H
#define TEST_LIB_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int check_failures, check_count;

static inline void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline void check_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	check_failures++;
}

#define CHECK(cond, ...) do { \
	check_count++; \
	if (!(cond)) \
		check_fail(__FILE__, __LINE__, __VA_ARGS__); \
} while (0)

#define CHECK_INT(expr, want) do { \
	long long _g = (expr), _w = (want); \
	check_count++; \
	if (_g != _w) \
		check_fail(__FILE__, __LINE__, "%s = %lld, want %lld", \
				#expr, _g, _w); \
} while (0)

#define CHECK_U64(expr, want) do { \
	unsigned long long _g = (expr), _w = (want); \
	check_count++; \
	if (_g != _w) \
		check_fail(__FILE__, __LINE__, "%s = %#llx, want %#llx", \
				#expr, _g, _w); \
} while (0)

#define CHECK_STR(expr, want) do { \
	const char *_g = (expr), *_w = (want); \
	check_count++; \
	if (!_g || strcmp(_g, _w) != 0) \
		check_fail(__FILE__, __LINE__, "%s = \"%s\", want \"%s\"", \
				#expr, _g ? _g : "(null)", _w); \
} while (0)

static inline int check_report(const char *what)
{
	fprintf(stderr, "%s: %d checks, %d failed\n", what, check_count,
			check_failures);
	return check_failures ? 1 : 0;
}

/* Contents of a sysfs file without the trailing newline ("" if unreadable). */
static inline const char *sys_read(const char *path)
{
	static char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	buf[0] = '\0';
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

static inline unsigned long long sys_ull(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline unsigned long long sys_ull(const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return strtoull(sys_read(path), NULL, 0);
}

static inline int sys_exists(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline int sys_exists(const char *fmt, ...)
{
	char path[512];
	struct stat st;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return lstat(path, &st) == 0;
}

static inline void sys_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) < 0)
		check_fail(__FILE__, __LINE__, "cannot write %s to %s: %s",
				val, path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* basename of a symlink's target ("" if not a link) */
static inline const char *sys_link_base(const char *path)
{
	static char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	const char *s;

	if (n < 0)
		n = 0;
	buf[n] = '\0';
	s = strrchr(buf, '/');
	return s ? s + 1 : buf;
}

/* major (@minor_wanted 0) or minor (1) of daxX.Y from its sysfs dev file */
static inline unsigned sys_devt(const char *name, int want_minor)
{
	char path[256];
	unsigned maj = 0, min = 0;

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/dev", name);
	if (sscanf(sys_read(path), "%u:%u", &maj, &min) != 2)
		return ~0u;
	return want_minor ? min : maj;
}

#endif /* TEST_LIB_CHECK_H */
