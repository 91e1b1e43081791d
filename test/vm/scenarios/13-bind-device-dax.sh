# SPDX-License-Identifier: GPL-2.0-or-later
# Bind dax0.1 to device_dax; what a bound device refuses; unbind twice.
D=$BUS/devices/dax0.1
R=$(regdir dax0.0)
wr dax0.1 "$BUS/drivers/device_dax/bind"
wr dax0.1 "$BUS/drivers/device_dax/new_id"
wr dax0.1 "$BUS/drivers/device_dax/bind"
devs
stat -c "%n %A %t:%T" /dev/dax0.1
wr 0 "$D/size"
wr 4096 "$D/align"
wr 130000000-1301fffff "$D/mapping"
rd "$D/size"
wr dax0.1 "$R/delete"
wr dax0.1 "$BUS/drivers/device_dax/bind"
wr dax0.1 "$BUS/drivers/kmem/bind"
wr dax0.1 "$BUS/drivers/device_dax/unbind"
wr dax0.1 "$BUS/drivers/device_dax/unbind"
[ -e /dev/dax0.1 ] && echo "/dev/dax0.1 still there" || echo "/dev/dax0.1 gone"
devs
