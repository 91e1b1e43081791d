# SPDX-License-Identifier: GPL-2.0-or-later
# dax0.0 at boot: every attribute, its mapping0 range and the uevent.
dump "$BUS/devices/dax0.0"
dump "$BUS/devices/dax0.0/mapping0"
rd "$BUS/devices/dax0.0/uevent"
