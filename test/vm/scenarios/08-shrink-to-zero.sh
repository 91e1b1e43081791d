# SPDX-License-Identifier: GPL-2.0-or-later
# Free the region: unbind dax0.0 and give its space back.
R=$(regdir dax0.0)
D=$BUS/devices/dax0.0
wr 0 "$D/size"
wr dax0.0 "$BUS/drivers/device_dax/unbind"
wr dax0.0 "$BUS/drivers/device_dax/unbind"
rd "$D/uevent"
wr 0 "$D/size"
rd "$D/size" "$R/available_size" "$R/seed"
dump "$D"
devs
