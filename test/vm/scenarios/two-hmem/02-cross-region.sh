# SPDX-License-Identifier: GPL-2.0-or-later
# Writes that name the other region's device or range.
R0=$(regdir dax0.0) R1=$(regdir dax1.0)
d=$(drvname "$BUS/devices/dax0.0")
wr dax0.0 "$BUS/drivers/$d/unbind"
wr 0 "$BUS/devices/dax0.0/size"
wr dax1.0 "$R0/delete"
wr 140000000-1401fffff "$BUS/devices/dax0.0/mapping"
wr 100000000-1001fffff "$BUS/devices/dax0.0/mapping"
rd "$BUS/devices/dax0.0/size" "$R0/available_size" "$R1/available_size" "$R0/seed" "$R1/seed"
wr 0 "$BUS/devices/dax0.0/size"
wr 1 "$R0/create"
rd "$R0/seed"
devs
dctl list -RDi
