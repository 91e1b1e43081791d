# SPDX-License-Identifier: GPL-2.0-or-later
# Our daxctl puts the layout back: dax0.0 over the whole region, bound to device_dax.
dctl disable-device all
for d in "$BUS"/devices/*; do
	n=${d##*/}
	[ "$n" = dax0.0 ] || [ "$(<"$d/size")" = 0 ] || { dctl disable-device "$n"; dctl destroy-device "$n"; }
done
dctl reconfigure-device -s 2G dax0.0
dctl enable-device dax0.0
devs
dctl list -RDMu
