/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small string predicates. */
#ifndef _CCAN_UTIL_STRUTIL_H_
#define _CCAN_UTIL_STRUTIL_H_

#include <stdbool.h>
#include <string.h>

static inline bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static inline bool strstarts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static inline bool strends(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Last path component without modifying @path ("/dev/dax0.0" -> "dax0.0"). */
static inline const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

#endif
