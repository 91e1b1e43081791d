# SPDX-License-Identifier: GPL-2.0-or-later
# The memory hotplug policy attribute; left as found.
A=$MEM/auto_online_blocks
old=$(<"$A")
for v in bogus online_movable online_kernel offline online; do wr "$v" "$A"; rd "$A"; done
wr "$old" "$A"
rd "$A"
