# SPDX-License-Identifier: GPL-2.0-or-later
# Raw driver moves of the static device: kmem refuses a bind until dax0.0 is in its new_id
# list; then device_dax -> kmem, the blocks offlined, kmem unbound (the memory goes away),
# the id removed and device_dax bound again.
D=$BUS/devices/dax0.0
wr dax0.0 "$BUS/drivers/device_dax/unbind"
devs
wr dax0.0 "$BUS/drivers/kmem/bind"
devs
wr dax0.0 "$BUS/drivers/kmem/new_id"
devs
wr dax0.0 "$BUS/drivers/kmem/bind"
devs
blocks 40 48
rd "$D/mapping0/start" "$D/resource"
dctl offline-memory dax0.0
blocks 40 48
wr dax0.0 "$BUS/drivers/kmem/unbind"
blocks 40 48
wr dax0.0 "$BUS/drivers/kmem/remove_id"
wr dax0.0 "$BUS/drivers/device_dax/bind"
devs
dctl list -DMu
