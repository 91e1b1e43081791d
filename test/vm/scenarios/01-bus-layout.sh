# SPDX-License-Identifier: GPL-2.0-or-later
# The dax bus at boot: its attributes, both drivers, the devices and their drivers.
dump "$BUS"
dump "$BUS/drivers/device_dax"
dump "$BUS/drivers/kmem"
devs
