/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scope-bound release of resources: `_cleanup_free_ char *s = NULL;`. */
#ifndef _CCAN_UTIL_CLEANUP_H_
#define _CCAN_UTIL_CLEANUP_H_

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(fn) __attribute__((cleanup(fn)))

#define DEFINE_CLEANUP_FUNC(type, fn)			\
	static inline void fn##p(type *p)		\
	{						\
		if (*p)					\
			fn(*p);				\
	}

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

DEFINE_CLEANUP_FUNC(FILE *, fclose)

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
