// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel personalities. This table is the only place where a kernel version
 * difference lives (see kernel-captures/k612/DIFF-6.1-6.12.md):
 *  - 6.1: device_dax matches every device; hmem regions are device-type; no
 *    memmap_on_memory; a misaligned mapping length gives ENXIO; the Debian
 *    default auto_online_blocks is offline.
 *  - 6.12: drivers match by type, hmem/cxl regions are kmem-type (so kmem
 *    binds hmem devices at boot); memmap_on_memory exists; a misaligned
 *    mapping length succeeds without doing anything; auto_online_blocks
 *    defaults to online.
 *  - next: 6.12 plus the 2026 kmem whole-device `state` attribute.
 */
#include <string.h>
#include "daxsim.h"

static const struct kver kvers[] = {
	{ .name = "6.1", .match_always = true, .hmem_kmem_type = false,
	  .auto_online = MMOP_OFFLINE, .memmap_attr = false,
	  .mapping_misaligned_ok = false, .kmem_state = false },
	{ .name = "6.12", .match_always = false, .hmem_kmem_type = true,
	  .auto_online = MMOP_ONLINE, .memmap_attr = true,
	  .mapping_misaligned_ok = true, .kmem_state = false },
	{ .name = "next", .match_always = false, .hmem_kmem_type = true,
	  .auto_online = MMOP_ONLINE, .memmap_attr = true,
	  .mapping_misaligned_ok = true, .kmem_state = true },
};

const char *const kver_names = "6.1, 6.12, next";

const struct kver *kver_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(kvers); i++)
		if (!strcmp(kvers[i].name, name))
			return &kvers[i];
	return NULL;
}
