// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A provisioning agent in a loop, for the concurrency test: N times, create a device of
 * SIZE in region 0 (daxctl_region_create_devdax, its own transaction under the region lock
 * daxctl takes), then destroy it (daxctl_dev_destroy). Prints "created daxX.Y" and
 * "destroyed daxX.Y", or "error create|destroy: <errno text>", one line each.
 * usage: agent-loop N SIZE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

static struct daxctl_region *region0(struct daxctl_ctx *ctx)
{
	struct daxctl_region *region;

	daxctl_region_foreach(ctx, region)
		if (daxctl_region_get_id(region) == 0)
			return region;
	return NULL;
}

static void one(unsigned long long size)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	struct daxctl_ctx *ctx;
	int rc;

	if (daxctl_new(&ctx) < 0) {
		printf("error create: no context\n");
		return;
	}
	region = region0(ctx);
	rc = region ? daxctl_region_create_devdax(region, size, 0, NULL, &dev) : -19;
	if (rc) {
		printf("error create: %s\n", strerror(-rc));
	} else {
		printf("created %s\n", daxctl_dev_get_devname(dev));
		rc = daxctl_dev_destroy(dev, NULL);
		if (rc)
			printf("error destroy %s: %s\n", daxctl_dev_get_devname(dev), strerror(-rc));
		else
			printf("destroyed %s\n", daxctl_dev_get_devname(dev));
	}
	fflush(stdout);
	daxctl_unref(ctx);
}

int main(int argc, char **argv)
{
	int i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: agent-loop N SIZE\n");
		return 2;
	}
	n = atoi(argv[1]);
	for (i = 0; i < n; i++)
		one(strtoull(argv[2], NULL, 0));
	return 0;
}
