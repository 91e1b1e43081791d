# SPDX-License-Identifier: GPL-2.0-or-later
# Two hmem regions (memmap 1G%4G and 1G%5G): the bus, both regions and devices, our list.
devs
for d in dax0.0 dax1.0; do
	readlink -f "$BUS/devices/$d"
	dump "$(regdir $d)"
	dump "$BUS/devices/$d"
done
dctl list -RDMu
dctl list -RDMi -r 1
