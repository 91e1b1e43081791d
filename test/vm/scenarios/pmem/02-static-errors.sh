# SPDX-License-Identifier: GPL-2.0-or-later
# A static region has no create, delete or seed, and its device has no writable size,
# align or mapping: writes to read-only attributes and to absent files fail.
R=$(regdir dax0.0)
for a in id size align; do wr 1 "$R/$a"; done
for a in available_size seed create delete; do rd "$R/$a"; wr 1 "$R/$a"; done
D=$BUS/devices/dax0.0
for a in size align mapping dev target_node numa_node; do wr 1 "$D/$a"; done
wr 0 "$D/size"
rd "$D/size" "$D/align"
dctl create-device -r 0
dctl destroy-device dax0.0
