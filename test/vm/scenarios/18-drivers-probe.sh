# SPDX-License-Identifier: GPL-2.0-or-later
# drivers_probe, new_id and remove_id on a device with a size.

S=dax0.1
D=$BUS/devices/$S
wr 134217728 "$D/size"
wr dax9.9 "$BUS/drivers_probe"
wr "$S" "$BUS/drivers_probe"
devs
rd "$BUS/drivers_autoprobe"
d=$(drvname "$D")
[ "$d" = - ] || wr "$S" "$BUS/drivers/$d/unbind"
wr garbage "$BUS/drivers/kmem/remove_id"
wr "$S" "$BUS/drivers/kmem/remove_id"
wr "$S" "$BUS/drivers/device_dax/remove_id"
wr 0 "$D/size"
devs
