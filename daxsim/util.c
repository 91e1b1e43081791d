// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsing helpers with the kernel's input rules, errno names. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "daxsim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(125);
}

/* Allocation that cannot fail: out of memory ends the simulator. */
void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

/* kstrtoull(s, 0): optional one trailing newline, base auto-detected, no sign. */
int parse_u64(const char *s, u64 *v)
{
	unsigned base = 10;
	u64 acc = 0;
	const char *p = s;

	if (*p == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	if (!*p || *p == '\n')
		return -EINVAL;
	for (; *p && *p != '\n'; p++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (isxdigit((unsigned char)*p))
			d = (tolower((unsigned char)*p) - 'a') + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (acc > (~0ULL - d) / base)
			return -ERANGE;
		acc = acc * base + d;
	}
	if (*p == '\n' && p[1])
		return -EINVAL;
	*v = acc;
	return 0;
}

int parse_size(const char *s, u64 *v)
{
	char *end;
	u64 x;
	int shift = 0;

	errno = 0;
	if (!*s || *s == '-')
		return -EINVAL;
	x = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -EINVAL;
	}
	if (*end)
		return -EINVAL;
	if (shift && x > (~0ULL >> shift))
		return -ERANGE;
	*v = x << shift;
	return 0;
}

/* kstrtobool: first character decides; "on"/"off" need the second. */
int parse_bool(const char *s, bool *v)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*v = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*v = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*v = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*v = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/* sysfs_streq: equal, ignoring one trailing newline on either side */
bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (!*a && *b == '\n' && !b[1])
		return true;
	if (*a == '\n' && !a[1] && !*b)
		return true;
	return false;
}

char *strip_nl_dup(const char *buf, size_t len)
{
	char *s = xrealloc(NULL, len + 1);

	memcpy(s, buf, len);
	s[len] = 0;
	return s;
}

static const struct { int e; const char *n; } enames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
	{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" }, { EHWPOISON, "EHWPOISON" },
	{ ENOTSUP, "ENOTSUP" }, { EROFS, "EROFS" }, { ENOSYS, "ENOSYS" }, { EDEADLK, "EDEADLK" },
	{ ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" }, { EMFILE, "EMFILE" }, { ENFILE, "ENFILE" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EPROTO, "EPROTO" }, { ECANCELED, "ECANCELED" },
};

const char *errno_name(int e)
{
	static char buf[16];

	for (size_t i = 0; i < ARRAY_SIZE(enames); i++)
		if (enames[i].e == e)
			return enames[i].n;
	snprintf(buf, sizeof(buf), "%d", e);
	return buf;
}

int errno_parse(const char *s)
{
	char *end;
	long v;

	for (size_t i = 0; i < ARRAY_SIZE(enames); i++)
		if (!strcmp(enames[i].n, s))
			return enames[i].e;
	v = strtol(s, &end, 10);
	if (*s && !*end && v > 0 && v < 4096)
		return (int)v;
	return -1;
}

static const char *const otypes[] = {
	[MMOP_OFFLINE] = "offline", [MMOP_ONLINE] = "online",
	[MMOP_ONLINE_KERNEL] = "online_kernel", [MMOP_ONLINE_MOVABLE] = "online_movable",
};

const char *online_type_name(enum online_type t)
{
	return otypes[t];
}

int online_type_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(otypes); i++)
		if (sysfs_streq(otypes[i], s))
			return (int)i;
	return -1;
}

/* One word of [A-Za-z0-9]+ at s (at most n bytes): its length, 0 if none. */
static size_t alnum_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && isalnum((unsigned char)s[i]))
		i++;
	return i;
}

/* "<uuid>[ KEY=VALUE]..." after a synthetic uevent action, one trailing \n or NUL allowed */
static bool uevent_args_ok(const char *s, size_t n)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i, k, v;

	if (n && (s[n - 1] == '\n' || !s[n - 1]))
		n--;
	if (n < sizeof(shape) - 1)
		return false;
	for (i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	while (i < n) {
		if (s[i++] != ' ')
			return false;
		k = alnum_run(s + i, n - i);
		if (!k || i + k >= n || s[i + k] != '=')
			return false;
		i += k + 1;
		v = alnum_run(s + i, n - i);
		if (!v || (i + v < n && s[i + v] != ' '))
			return false;
		i += v;
	}
	return true;
}

/*
 * Store of every `uevent` attribute: the kernel synthesizes an event for a known action
 * (add remove change move online offline bind unbind), optionally followed by a UUID and
 * KEY=VALUE pairs, and fails anything else with EINVAL. No event is modelled.
 */
/* An attribute that reads as empty (uevent of mappingN and memoryN). */
ssize_t show_empty(void *o, char *b)
{
	(void)o;
	(void)b;
	return 0;
}

ssize_t store_uevent(void *o, const char *buf, size_t len)
{
	static const char *const actions[] = {
		"add", "remove", "change", "move", "online", "offline", "bind", "unbind",
	};
	size_t n = len, w;
	const char *sp;

	(void)o;
	if (n && (buf[n - 1] == '\n' || !buf[n - 1]))
		n--;
	if (!n)
		return -EINVAL;
	sp = memchr(buf, ' ', n);
	w = sp ? (size_t)(sp - buf) : n;
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		if (strlen(actions[i]) != w || strncmp(actions[i], buf, w))
			continue;
		if (sp && !uevent_args_ok(sp + 1, len - (size_t)(sp + 1 - buf)))
			return -EINVAL;
		return len;
	}
	return -EINVAL;
}
