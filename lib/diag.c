// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Why no dax region shows: the facts a program can see from user space
 * (sysfs, /proc/iomem, /proc/cmdline), read fresh on every call.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

#define SYS_BUS_DAX "/sys/bus/dax"
#define SYS_BUS_CXL_DEVICES "/sys/bus/cxl/devices"

/* Number of entries named "<prefix><digits>" in @dir (0 if unreadable). */
static int count_entries(const char *dir_path, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *dir = opendir(dir_path);
	int n = 0;

	if (!dir)
		return 0;
	while ((de = readdir(dir)) != NULL) {
		const char *p = de->d_name + plen;

		if (strncmp(de->d_name, prefix, plen) != 0 || !*p)
			continue;
		p += strspn(p, "0123456789.");
		if (!*p)
			n++;
	}
	closedir(dir);
	return n;
}

/* efi=nosoftreserve, alone or in efi='s comma-separated list */
static bool cmdline_nosoftreserve(void)
{
	_cleanup_free_ char *cmdline = file_read_all("/proc/cmdline");
	char *save = NULL, *word;

	if (!cmdline)
		return false;
	for (word = strtok_r(cmdline, " \t\n", &save); word;
			word = strtok_r(NULL, " \t\n", &save)) {
		char *opts, *osave = NULL, *opt;

		if (strncmp(word, "efi=", 4) != 0)
			continue;
		opts = word + 4;
		for (opt = strtok_r(opts, ",", &osave); opt;
				opt = strtok_r(NULL, ",", &osave))
			if (strcmp(opt, "nosoftreserve") == 0)
				return true;
	}
	return false;
}

struct iomem_line {
	int depth;		/* two spaces of indentation per level */
	const char *name;	/* after " : " */
	size_t name_len;
};

static bool iomem_parse(const char *line, const char *eol,
		struct iomem_line *out)
{
	const char *sep = strstr(line, " : ");
	const char *p = line;

	if (!sep || sep >= eol)
		return false;
	while (p < eol && *p == ' ')
		p++;
	out->depth = (int)(p - line) / 2;
	out->name = sep + 3;
	out->name_len = (size_t)(eol - out->name);
	return true;
}

static bool name_is(const struct iomem_line *l, const char *name)
{
	return l->name_len == strlen(name) &&
		strncmp(l->name, name, l->name_len) == 0;
}

static bool name_starts(const struct iomem_line *l, const char *prefix)
{
	return l->name_len >= strlen(prefix) &&
		strncmp(l->name, prefix, strlen(prefix)) == 0;
}

/*
 * /proc/iomem: a "Soft Reserved" range with nothing inside (no dax device
 * claimed it), a "CXL Window" with no region inside.
 */
static int iomem_causes(struct daxctl_ctx *ctx)
{
	_cleanup_free_ char *iomem = file_read_all("/proc/iomem");
	const char *line, *eol;
	int causes = 0;

	if (!iomem) {
		dbg(ctx, "/proc/iomem: %s\n", strerror(errno));
		return 0;
	}
	for (line = iomem; *line; line = *eol ? eol + 1 : eol) {
		struct iomem_line l, c;
		const char *child, *ceol;
		bool has_child = false, has_region = false;

		eol = strchrnul(line, '\n');
		if (!iomem_parse(line, eol, &l))
			continue;
		if (!name_is(&l, "Soft Reserved") &&
				!name_starts(&l, "CXL Window"))
			continue;
		/* the lines right after it that are deeper are its contents */
		for (child = *eol ? eol + 1 : eol; *child;
				child = *ceol ? ceol + 1 : ceol) {
			ceol = strchrnul(child, '\n');
			if (!iomem_parse(child, ceol, &c))
				continue;
			if (c.depth <= l.depth)
				break;
			has_child = true;
			if (c.depth == l.depth + 1 && name_starts(&c, "region"))
				has_region = true;
		}
		if (name_is(&l, "Soft Reserved") && !has_child)
			causes |= DAXCTL_SOFT_RESERVED_UNCLAIMED;
		else if (name_starts(&l, "CXL Window") && !has_region)
			causes |= DAXCTL_CXL_WITHOUT_REGION;
	}
	return causes;
}

/**
 * daxctl_get_no_region_causes - facts that keep dax regions from appearing
 * @ctx: library context
 *
 * Meant for a machine where no dax region (or no device) is found; each
 * fact is read now, from sysfs, /proc/iomem and /proc/cmdline:
 *
 * %DAXCTL_NO_DAX_BUS: there is no /sys/bus/dax (device-dax is not built
 * or its modules are not loaded).
 * %DAXCTL_DAX_CLASS_MODEL: /sys/class/dax holds devices: the kernel uses
 * the legacy dax class model, where devices cannot be reconfigured.
 * %DAXCTL_SOFT_RESERVE_OFF: the kernel was booted with efi=nosoftreserve,
 * so specific-purpose (soft-reserved) memory became ordinary System RAM.
 * %DAXCTL_SOFT_RESERVED_UNCLAIMED: /proc/iomem lists "Soft Reserved"
 * memory that no dax device claims (dax_hmem not loaded, or the range
 * waits for a CXL region).
 * %DAXCTL_CXL_WITHOUT_REGION: a CXL window in /proc/iomem holds no region,
 * or CXL memory devices exist and no CXL region does.
 *
 * Returns the mask of the facts found (0 when none), or -EINVAL.
 */
DAXCTL_EXPORT int daxctl_get_no_region_causes(struct daxctl_ctx *ctx)
{
	int causes = 0;

	if (!ctx)
		return -EINVAL;
	if (access(SYS_BUS_DAX, F_OK) < 0)
		causes |= DAXCTL_NO_DAX_BUS;
	if (count_entries(DAX_CLASS_DIR, "dax") > 0)
		causes |= DAXCTL_DAX_CLASS_MODEL;
	if (cmdline_nosoftreserve())
		causes |= DAXCTL_SOFT_RESERVE_OFF;
	causes |= iomem_causes(ctx);
	if (count_entries(SYS_BUS_CXL_DEVICES, "mem") > 0 &&
			count_entries(SYS_BUS_CXL_DEVICES, "region") == 0)
		causes |= DAXCTL_CXL_WITHOUT_REGION;
	dbg(ctx, "no-region causes: %#x\n", causes);
	return causes;
}
