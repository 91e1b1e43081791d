# SPDX-License-Identifier: GPL-2.0-or-later
# The align attribute of an unbound device.
D=$BUS/devices/dax0.1
for v in 12345 abc 1073741824 4096 0 0x200000 2097152; do wr "$v" "$D/align"; rd "$D/align"; done
