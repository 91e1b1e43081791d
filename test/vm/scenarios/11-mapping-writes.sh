# SPDX-License-Identifier: GPL-2.0-or-later
# Explicit ranges through the mapping attribute of an unbound device.
D=$BUS/devices/dax0.1
for v in 0x100000000-0x10fffffff 100000000-10fffffff 110000000-1101fffff 120000000-120000fff \
	180000000-18fffffff f0000000-100ffffff 130000000 garbage 140000000-13fffffff; do
	wr "$v" "$D/mapping"
	rd "$D/size"
done
for m in "$D"/mapping[0-9]*; do rd "$m/start" "$m/end" "$m/page_offset"; done
