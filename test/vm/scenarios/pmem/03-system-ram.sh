# SPDX-License-Identifier: GPL-2.0-or-later
# A static pmem device to system-ram and back (kmem hotplugs the memory blocks wholly
# inside the device's range).
dctl reconfigure-device -m system-ram dax0.0
devs
blocks 39 48
dctl list -DMu
dctl reconfigure-device -m devdax -f dax0.0
devs
blocks 39 48
dctl list -DMu
