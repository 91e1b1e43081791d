// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * migrate-device-model: opt in to the /sys/bus/dax device model by linking the installed
 * modprobe snippet into <sysconfdir>/modprobe.d. Takes effect at the next boot or module
 * reload. DAXCTL_MODPROBE_DIR overrides the target directory (for tests).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "builtin.h"
#include "parse-options.h"

int cmd_migrate_device_model(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	const char * const u[] = { "daxctl migrate-device-model", NULL };
	const char *dir = getenv("DAXCTL_MODPROBE_DIR");
	char from[PATH_MAX], to[PATH_MAX + 16], etc[PATH_MAX];
	int i;

	(void)ctx;
	argc = parse_options(argc, argv, options, u, 0);
	for (i = 0; i < argc; i++)
		error("unknown extra parameter \"%s\"", argv[i]);
	if (argc)
		usage_with_options(u, options);
	if (!dir || !*dir) {
		/* <sysconfdir>/modprobe.d, beside <sysconfdir>/daxctl.conf.d */
		snprintf(etc, sizeof(etc), "%s", DAXCTL_CONF_DIR);
		*strrchr(etc, '/') = '\0';
		strcat(etc, "/modprobe.d");
		dir = etc;
	}
	snprintf(from, sizeof(from), "%s/daxctl.conf", DAXCTL_DATA_DIR);
	snprintf(to, sizeof(to), "%s/daxctl.conf", dir);
	if (symlink(from, to) < 0) {
		fprintf(stderr, "failed to install %s: %s\n", to, strerror(errno));
		return 1;
	}
	fprintf(stderr, " success: installed %s\n", to);
	return 0;
}
