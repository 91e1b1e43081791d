# SPDX-License-Identifier: GPL-2.0-or-later
# Memory hotplug globals and the blocks around the hmem range (0x100000000+2G = 32..47).
rd "$MEM/block_size_bytes" "$MEM/auto_online_blocks"
blocks 30 49
dump "$MEM/memory48"
