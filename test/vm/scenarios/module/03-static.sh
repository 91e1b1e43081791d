# SPDX-License-Identifier: GPL-2.0-or-later
# Every static region: no device can be created or resized; disable and enable its device.
for d in "$BUS"/devices/dax*.0; do
	R=$(regdir "${d##*/}")
	[ -e "$R/create" ] && continue
	_get "$R/id"; id=$V
	n=${d##*/}
	wr 0 "$d/size"
	wr 2097152 "$d/align"
	dctl create-device -r "$id" -s 2M
	dctl destroy-device "$n"
	dctl disable-device "$n"
	devs
	dctl enable-device "$n"
	devs
done
