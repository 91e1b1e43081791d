# SPDX-License-Identifier: GPL-2.0-or-later
# Size writes on an unbound size-0 device: limits, parsing, grow and shrink.
R=$(regdir dax0.0)
D=$BUS/devices/dax0.1
rd "$D/size" "$R/available_size"
for v in 3221225472 4096 abc 0x1000000 0 268435456 ' 1' 2147483649; do wr "$v" "$D/size"; rd "$D/size"; done
wrn 268435456 "$D/size"
dump "$D/mapping0"
wr 134217728 "$D/size"
rd "$D/size" "$R/available_size" "$D/mapping0/start" "$D/mapping0/end"
wr 0 "$D/size"
ls "$D" | grep -c '^mapping[0-9]'
