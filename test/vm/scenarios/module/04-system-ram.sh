# SPDX-License-Identifier: GPL-2.0-or-later
# dax0.0 (region 0 at 0x180000000, target node 1) as system-ram: on 6.1 by daxctl, on 6.12
# the kernel did it at creation; its blocks, offline, and back to devdax.
if [ "$(drvname "$BUS/devices/dax0.0")" != kmem ]; then
	dctl reconfigure-device -m system-ram dax0.0
fi
blocks 47 56
dctl list -d dax0.0 -M
dctl offline-memory dax0.0
blocks 47 56
dctl reconfigure-device -m devdax dax0.0
devs
blocks 47 56
