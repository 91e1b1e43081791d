# SPDX-License-Identifier: GPL-2.0-or-later
# Give dax0.0 the whole region again and bind it to device_dax.
R=$(regdir dax0.0)
D=$BUS/devices/dax0.0
for d in "$BUS"/devices/*; do
	n=${d##*/}
	[ "$n" = dax0.0 ] && continue
	[ "$(<"$d/size")" = 0 ] || wr 0 "$d/size"
done
rd "$R/available_size"
wr "$(<"$R/available_size")" "$D/size"
wr dax0.0 "$BUS/drivers/device_dax/bind"
devs
rd "$R/available_size" "$R/seed" "$D/mapping0/start" "$D/mapping0/end"
