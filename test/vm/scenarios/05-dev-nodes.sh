# SPDX-License-Identifier: GPL-2.0-or-later
# Character devices: device_dax makes /dev/daxX.Y, kmem does not.
for d in "$BUS"/devices/*; do
	n=${d##*/}
	if [ -e "/dev/$n" ]; then stat -c "%n %A %t:%T" "/dev/$n"; else echo "/dev/$n absent"; fi
	rd "$d/dev"
done
