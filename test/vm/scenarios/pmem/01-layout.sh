# SPDX-License-Identifier: GPL-2.0-or-later
# Static pmem (memmap=1G!5G, namespace0.0 in devdax mode): the bus, the static region's
# attributes, the device, its mapping, the memory blocks around it, our list.
devs
readlink -f "$BUS/devices/dax0.0"
dump "$(regdir dax0.0)"
dump "$BUS/devices/dax0.0"
dump "$BUS/devices/dax0.0/mapping0"
blocks 31 48
dctl list -RDMu
dctl list -RDMiu
