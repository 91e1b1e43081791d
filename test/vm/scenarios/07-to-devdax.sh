# SPDX-License-Identifier: GPL-2.0-or-later
# Bring dax0.0 to device_dax with raw writes, whatever the kernel bound it to at boot
# (6.1: device_dax; 6.12: kmem with its memory online by policy).
D=$BUS/devices/dax0.0
drv=$(drvname "$D")
echo "driver at boot: $drv"
if [ "$drv" = kmem ]; then
	for ((i = 32; i <= 47; i++)); do
		[ "$(<"$MEM/memory$i/state")" = offline ] || wr offline "$MEM/memory$i/state"
	done
	wr dax0.0 "$BUS/drivers/kmem/unbind"
	blocks 31 48
	wr dax0.0 "$BUS/drivers/device_dax/bind"
	wr dax0.0 "$BUS/drivers/device_dax/new_id"
	wr dax0.0 "$BUS/drivers/device_dax/bind"
fi
devs
dump "$BUS/drivers/device_dax"
rd "$D/uevent"
