// SPDX-License-Identifier: LGPL-2.1-or-later
/* Library context: references, logging, user data, config path. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libkmod.h>

#include "config.h"
#include "private.h"

static void log_stderr(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	(void)ctx;
	(void)priority;
	(void)file;
	(void)line;
	fprintf(stderr, "libdaxctl: %s: ", fn);
	vfprintf(stderr, format, args);
}

void daxctl_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, ...)
{
	va_list args;

	if (!ctx->log_fn)
		return;
	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

/* DAXCTL_LOG: a syslog priority number, or err / notice / info / debug. */
static int log_priority_from_env(const char *s)
{
	char *end;
	long prio;

	if (!s || !*s)
		return LOG_ERR;
	prio = strtol(s, &end, 10);
	if (end != s && (*end == '\0' || isspace((unsigned char)*end)))
		return (int)prio;
	if (strncmp(s, "err", 3) == 0)
		return LOG_ERR;
	if (strncmp(s, "notice", 6) == 0)
		return LOG_NOTICE;
	if (strncmp(s, "info", 4) == 0)
		return LOG_INFO;
	if (strncmp(s, "debug", 5) == 0)
		return LOG_DEBUG;
	return LOG_ERR;
}

/**
 * daxctl_new - create a library context
 * @ctx: where to store the new context
 *
 * The context starts with one reference, logs to stderr at the priority
 * given by the DAXCTL_LOG environment variable (default LOG_ERR), and has
 * the build-time configuration directory as its config path. Nothing is
 * read from sysfs until the first region lookup.
 *
 * Returns 0, or -ENOMEM.
 */
DAXCTL_EXPORT int daxctl_new(struct daxctl_ctx **ctx)
{
	struct daxctl_ctx *c;

	if (!ctx)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->refcount = 1;
	c->log_fn = log_stderr;
	c->log_priority = log_priority_from_env(secure_getenv("DAXCTL_LOG"));
	c->config_path = DAXCTL_CONF_DIR;
	list_head_init(&c->regions);
	info(c, "ctx %p created\n", (void *)c);
	dbg(c, "log_priority=%d\n", c->log_priority);
	*ctx = c;
	return 0;
}

/**
 * daxctl_ref - take one more reference on a context
 * @ctx: context from daxctl_new(), may be NULL
 *
 * Returns @ctx.
 */
DAXCTL_EXPORT struct daxctl_ctx *daxctl_ref(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	ctx->refcount++;
	return ctx;
}

/**
 * daxctl_unref - drop a context reference
 * @ctx: context from daxctl_new(), may be NULL
 *
 * Dropping the last reference frees every region, device, mapping and
 * memory object found through the context.
 */
DAXCTL_EXPORT void daxctl_unref(struct daxctl_ctx *ctx)
{
	struct daxctl_region *region, *next;

	if (!ctx)
		return;
	if (--ctx->refcount > 0)
		return;
	list_for_each_safe(&ctx->regions, region, next, list)
		region_free(region);
	if (ctx->kmod_ctx)
		kmod_unref(ctx->kmod_ctx);
	free(ctx->iomem);
	info(ctx, "context %p released\n", (void *)ctx);
	free(ctx);
}

/**
 * daxctl_set_log_fn - replace the log function
 * @ctx: library context
 * @log_fn: called for every message at or above the log priority, with
 *          the syslog priority, source location and a printf format
 *
 * The default writes "libdaxctl: <function>: <message>" to stderr. A NULL
 * @log_fn silences the library.
 */
DAXCTL_EXPORT void daxctl_set_log_fn(struct daxctl_ctx *ctx,
		void (*log_fn)(struct daxctl_ctx *ctx, int priority,
			const char *file, int line, const char *fn,
			const char *format, va_list args))
{
	if (!ctx)
		return;
	ctx->log_fn = log_fn;
	info(ctx, "custom logging function %p registered\n",
			(void *)(unsigned long)log_fn);
}

/**
 * daxctl_get_log_priority - current log priority (syslog LOG_* value)
 * @ctx: library context
 */
DAXCTL_EXPORT int daxctl_get_log_priority(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return -EINVAL;
	return ctx->log_priority;
}

/**
 * daxctl_set_log_priority - set the log priority
 * @ctx: library context
 * @priority: syslog priority: LOG_ERR, LOG_INFO, LOG_DEBUG...
 *
 * Messages of a priority numerically above @priority are dropped.
 */
DAXCTL_EXPORT void daxctl_set_log_priority(struct daxctl_ctx *ctx,
		int priority)
{
	if (!ctx)
		return;
	ctx->log_priority = priority;
}

/**
 * daxctl_set_userdata - attach a caller pointer to the context
 * @ctx: library context
 * @userdata: any pointer, for instance for a custom log function
 */
DAXCTL_EXPORT void daxctl_set_userdata(struct daxctl_ctx *ctx, void *userdata)
{
	if (!ctx)
		return;
	ctx->userdata = userdata;
}

/**
 * daxctl_get_userdata - the pointer stored by daxctl_set_userdata()
 * @ctx: library context, may be NULL
 */
DAXCTL_EXPORT void *daxctl_get_userdata(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	return ctx->userdata;
}

/**
 * daxctl_set_config_path - set the directory of daxctl configuration files
 * @ctx: library context
 * @config_path: directory; the string is not copied and must outlive @ctx
 *
 * Returns 0, or -EINVAL if either argument is NULL.
 */
DAXCTL_EXPORT int daxctl_set_config_path(struct daxctl_ctx *ctx,
		char *config_path)
{
	if (!ctx || !config_path)
		return -EINVAL;
	ctx->config_path = config_path;
	return 0;
}

/**
 * daxctl_get_config_path - directory of daxctl configuration files
 * @ctx: library context, may be NULL
 */
DAXCTL_EXPORT const char *daxctl_get_config_path(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	return ctx->config_path;
}

/**
 * daxctl_set_write_observer - be told of every sysfs write of the library
 * @ctx: library context
 * @fn: called after each write with the attribute's path, the value
 *      written (without the terminating NUL that is also written), the
 *      result (0 or the exact negative errno) and @data; NULL to stop
 * @data: passed to @fn
 *
 * Every write the library makes to sysfs, through any function, goes
 * through one routine that calls @fn, in the order the writes were made.
 * @fn must not call back into the library with @ctx.
 */
DAXCTL_EXPORT void daxctl_set_write_observer(struct daxctl_ctx *ctx,
		daxctl_write_observer_fn fn, void *data)
{
	if (!ctx)
		return;
	ctx->observer = fn;
	ctx->observer_data = data;
}

void ctx_observe_write(struct daxctl_ctx *ctx, const char *path,
		const char *val, int result)
{
	if (ctx && ctx->observer)
		ctx->observer(ctx, path, val, result, ctx->observer_data);
}

/* The kmod context, created on first use. Returns 0 or -ENXIO. */
int ctx_kmod(struct daxctl_ctx *ctx, struct kmod_ctx **out)
{
	if (!ctx->kmod_ctx) {
		ctx->kmod_ctx = kmod_new(NULL, NULL);
		if (!ctx->kmod_ctx) {
			err(ctx, "failed to create a kmod context\n");
			return -ENXIO;
		}
	}
	*out = ctx->kmod_ctx;
	return 0;
}

/* block_size_bytes (hex, no 0x), read once per context; 0 if unknown. */
unsigned long ctx_block_size(struct daxctl_ctx *ctx)
{
	unsigned long long v;

	if (!ctx->block_size_read) {
		ctx->block_size_read = true;
		if (sysfs_read_ull(ctx, MEMORY_DIR "/block_size_bytes", 16,
					&v) == 0 && v && v != ~0ULL)
			ctx->block_size = (unsigned long)v;
	}
	return ctx->block_size;
}

/*
 * Start of the /proc/iomem entry named @devname, the fallback for an
 * unreadable (0400) resource attribute; 0 if not found or hidden.
 * /proc/iomem is read at most once per context.
 */
unsigned long long ctx_iomem_resource(struct daxctl_ctx *ctx,
		const char *devname)
{
	const char *line;

	if (!ctx->iomem_read) {
		ctx->iomem_read = true;
		ctx->iomem = file_read_all("/proc/iomem");
	}
	if (!ctx->iomem)
		return 0;
	for (line = ctx->iomem; line && *line;) {
		const char *eol = strchr(line, '\n');
		const char *name = strstr(line, " : ");
		size_t nlen = strlen(devname);

		if (name && (!eol || name < eol)) {
			name += 3;
			if (strncmp(name, devname, nlen) == 0 &&
			    (name[nlen] == '\n' || name[nlen] == '\0'))
				return strtoull(line, NULL, 16);
		}
		line = eol ? eol + 1 : NULL;
	}
	return 0;
}

/**
 * daxctl_get_memory_block_size - the kernel's memory block size
 * @ctx: library context
 *
 * From /sys/devices/system/memory/block_size_bytes, read once per
 * context. A device in system-ram mode adds only the blocks wholly inside
 * its ranges. Returns the size in bytes, or 0 when it cannot be read.
 */
DAXCTL_EXPORT unsigned long daxctl_get_memory_block_size(struct daxctl_ctx *ctx)
{
	return ctx ? ctx_block_size(ctx) : 0;
}

/**
 * daxctl_get_auto_online_policy - what the kernel does with hot-added memory
 * @ctx: library context
 * @buf: where to store the policy: "offline", "online", "online_kernel"
 *       or "online_movable"
 * @len: size of @buf
 *
 * Reads /sys/devices/system/memory/auto_online_blocks on each call (udev
 * rules or an administrator may change it). Returns 0 or -errno.
 */
DAXCTL_EXPORT int daxctl_get_auto_online_policy(struct daxctl_ctx *ctx,
		char *buf, size_t len)
{
	if (!ctx || !buf || !len)
		return -EINVAL;
	return sysfs_read(ctx, MEMORY_DIR "/auto_online_blocks", buf, len);
}
