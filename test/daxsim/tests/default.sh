#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The default machine (no --topology) on each personality. Usage: default.sh KERNEL
HERE=$(cd "$(dirname "$0")" && pwd)
TOPO=
. "$HERE/lib.sh"

v_default() {
	ck "devices" "dax0.0 dax1.0 dax2.0" "$(ls /sys/bus/dax/devices | tr '\n' ' ' | sed 's/ $//')"
	ck "dax2.0 home" ../../../devices/platform/e820_pmem/ndbus0/region2/dax2.0/dax2.0 "$(readlink /sys/bus/dax/devices/dax2.0)"
	LINK /sys/bus/dax/devices/dax2.0/driver device_dax
	LINK /sys/bus/dax/devices/dax1.0/driver kmem
	local i bad=0
	for i in $(seq 48 63); do
		[ "$("$SIO" r $MEM/memory$i/valid_zones)" = Movable ] || bad=1
		[ "$(basename "$(readlink $MEM/memory$i/node1)")" = node1 ] || bad=1
	done
	ck "dax1.0: memory48..63 online Movable on node 1" 0 $bad
	R $MEM/block_size_bytes 8000000
	R /sys/devices/system/node/online 0-1; R /sys/devices/system/node/has_normal_memory 0
	R $MEM/memory0/valid_zones none; R $MEM/memory1/valid_zones DMA32; R $MEM/memory80/valid_zones Normal
	R /sys/module/kmem/initstate live; R /sys/module/device_dax/initstate live
	ck "dev links" "252:0 252:1 252:2" "$(ls /sys/dev/char | tr '\n' ' ' | sed 's/ $//')"
	if [ "$KV" = 6.1 ]; then
		LINK "$(D 0)/driver" device_dax; R $MEM/auto_online_blocks offline; ABSENT $MEM/memory32
		ABSENT "$(D 0)/memmap_on_memory"
	else
		# 6.3+: hmem regions are kmem-type; 6.12's policy onlines them (ZONE_Normal)
		LINK "$(D 0)/driver" kmem; R $MEM/auto_online_blocks online
		R $MEM/memory32/state online; R $MEM/memory47/valid_zones Normal; ABSENT $MEM/memory31
		R "$(D 0)/memmap_on_memory" 0
	fi
	if [ "$KV" = next ]; then R /sys/bus/dax/devices/dax1.0/state online_movable; else ABSENT /sys/bus/dax/devices/dax1.0/state; fi
}

vectors_main "$@"
