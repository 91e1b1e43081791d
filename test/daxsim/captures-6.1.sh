#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The raw-write rows of kernel-captures/hmem/15, 30, 40 and pmem-e820/30 (Debian 6.1),
# transcribed: write '...' is a write without a newline (Wn), '...'\n with one (W).
HERE=$(cd "$(dirname "$0")" && pwd)
TOPO=$HERE/cap2g.topo
. "$HERE/lib.sh"

v_hmem15() {
	LINK "$(D 0)/driver" device_dax; R $RG/available_size 0
	Wn $RG/create 1 ENOSPC; Wn "$(D 0)/size" 0 EBUSY; Wn "$(D 0)/align" 4096 EBUSY
	Wn $RG/delete dax0.0 EBUSY; Wn "$(D 0)/mapping" 180000000-1801fffff ENOMEM
	EXISTS /sys/module/dax_hmem/parameters/region_idle; R /sys/module/dax_hmem/parameters/region_idle N
	ABSENT /sys/module/kmem/parameters; ABSENT /sys/module/device_dax/parameters
}

topo_v_hmem30() { echo "$HERE/cap30.topo"; }
v_hmem30() {
	local a
	for a in id size available_size; do Wn $RG/$a 1 EACCES; done
	Wn $RG/align 4096 EACCES; Wn $RG/seed dax0.0 EACCES
	Wn $RG/create 2 EINVAL; Wn $RG/create 0 EINVAL; Wn $RG/create x EINVAL
	R $RG/create dax0.4; R $RG/seed dax0.3
	Wn $RG/create 1 ok; R $RG/create dax0.1; R $RG/seed dax0.3
	W $RG/create 1 ok; R $RG/create dax0.2; R $RG/seed dax0.3
	ck "devices" "dax0.0 dax0.1 dax0.2 dax0.3 dax0.4" "$(ls /sys/bus/dax/devices | tr '\n' ' ' | sed 's/ $//')"
	ck "dax0.2 entries" "align dev mapping modalias numa_node power resource size subsystem target_node uevent" \
		"$(ls "$(D 2)" | tr '\n' ' ' | sed 's/ $//')"
	R "$(D 2)/resource" 0x100000000; R "$(D 2)/size" 0; O "$(D 2)/mapping" EACCES r
	# size writes
	Wn "$(D 2)/size" 3221225472 ENOSPC; Wn "$(D 2)/size" 4096 EINVAL; Wn "$(D 2)/size" 0x1000000 ok
	Wn "$(D 2)/size" abc EINVAL; W "$(D 2)/size" 268435456 ok; R "$(D 2)/size" 268435456
	MAP "$(D 2)" 0 0x100000000 0x10fffffff 0x0
	Wn "$(D 2)/size" 134217728 ok; R "$(D 2)/size" 134217728
	Wn "$(D 2)/size" 0 ok; ABSENT "$(D 2)/mapping0"
	# mapping writes
	Wn "$(D 2)/mapping" 0x100000000-0x10fffffff ok; Wn "$(D 2)/mapping" 100000000-10fffffff ENOMEM
	R "$(D 2)/size" 268435456
	Wn "$(D 2)/mapping" 110000000-1101fffff ok; R "$(D 2)/size" 270532608
	Wn "$(D 2)/mapping" 120000000-120000fff ENXIO
	Wn "$(D 2)/mapping" 100000000-10fffffff ENOMEM; Wn "$(D 2)/mapping" 180000000-18fffffff ENOMEM
	Wn "$(D 2)/mapping" f0000000-100ffffff ENOMEM; Wn "$(D 2)/mapping" 130000000 EINVAL
	Wn "$(D 2)/mapping" garbage EINVAL; Wn "$(D 2)/mapping" 140000000-13fffffff EBUSY
	R "$(D 2)/size" 270532608
	MAP "$(D 2)" 0 0x100000000 0x10fffffff 0x0; MAP "$(D 2)" 1 0x110000000 0x1101fffff 0x10000
	# align writes
	Wn "$(D 2)/align" 12345 EINVAL; Wn "$(D 2)/align" abc ENXIO; Wn "$(D 2)/align" 1073741824 EINVAL
	Wn "$(D 2)/align" 4096 ok; R "$(D 2)/align" 4096; Wn "$(D 2)/align" 2097152 ok
	# bound device
	Wn "$(DRV device_dax)/bind" dax0.2 ok; ck "/dev/dax0.2" "character special file" "$(stat -c %F /dev/dax0.2)"
	Wn "$(D 2)/size" 0 EBUSY; Wn "$(D 2)/mapping" 130000000-1301fffff ok; Wn "$(D 2)/align" 4096 EBUSY
	Wn $RG/delete dax0.2 EBUSY; W $RG/delete dax0.2 EBUSY; Wn $RG/delete dax0.0 EBUSY; Wn $RG/delete dax9.9 ENXIO
	# driver edge cases
	Wn "$(DRV device_dax)/bind" dax0.2 EBUSY; Wn "$(DRV kmem)/bind" dax0.2 ENODEV
	Wn "$(DRV device_dax)/unbind" dax0.2 ok; Wn "$(DRV device_dax)/unbind" dax0.2 ENODEV
	Wn "$(DRV kmem)/bind" dax0.2 ENODEV
	Wn "$(DRV kmem)/new_id" dax0.2 ok; W "$(DRV kmem)/new_id" dax0.2 ok
	R "$(DRV kmem)/new_id" EACCES
	ck "kmem directory" "bind dax0.2 module new_id remove_id uevent unbind" "$(ls "$(DRV kmem)" | tr '\n' ' ' | sed 's/ $//')"
	ck "dax0.2 driver" ../../../../bus/dax/drivers/kmem "$(readlink "$(D 2)/driver")"
	local m
	for m in 32 33; do
		R $MEM/memory$m/state offline; R $MEM/memory$m/online 0
		R $MEM/memory$m/valid_zones "Normal Movable"; R $MEM/memory$m/removable 1
	done
	ABSENT $MEM/memory34
	Wn $MEM/memory32/state online_movable ok; Wn $MEM/memory32/state online_movable EINVAL
	Wn $MEM/memory32/state online EINVAL; Wn $MEM/memory32/state bogus EINVAL
	R $MEM/memory32/state online; R $MEM/memory32/valid_zones Movable
	Wn "$(DRV kmem)/unbind" dax0.2 ok; ABSENT "$(D 2)/driver"; EXISTS $MEM/memory32; EXISTS $MEM/memory33
	Wn $MEM/memory32/state offline ok; Wn $MEM/memory32/state offline EINVAL
	Wn $MEM/memory32/online 0 ok; Wn $MEM/memory32/online 1 ok; Wn $MEM/memory32/online 1 ok
	Wn $MEM/memory32/online 0 ok
	Wn "$(DRV kmem)/remove_id" dax0.2 ok; W "$(DRV kmem)/remove_id" dax0.2 ok
	R $RG/available_size 1874853888
}

topo_v_hmem40() { echo "$HERE/cap40.topo"; }
v_hmem40() {
	R $RG/available_size 1874853888; R $RG/seed dax0.3; R $RG/create dax0.2
	Wn $RG/create 1 ok; Wn $RG/create 1 ok; EXISTS "$(D 5)"; EXISTS "$(D 6)"
	R $RG/seed dax0.3; R $RG/create dax0.6
	W $RG/delete dax0.5 ok; ABSENT "$(D 5)"; R $RG/seed dax0.3
	Wn $RG/delete dax0.5 ENXIO; R $RG/create dax0.6
	Wn "$(D 6)/size" 2097152 ok; Wn $RG/delete dax0.6 EBUSY; Wn "$(D 6)/size" 0 ok
	Wn $RG/delete dax0.6 ok
	ck "devices" "dax0.0 dax0.1 dax0.2 dax0.3 dax0.4" "$(ls /sys/bus/dax/devices | tr '\n' ' ' | sed 's/ $//')"
	R $RG/seed dax0.3; R $RG/create ""
	Wn $RG/create 1 ok; Wn "$(D 5)/size" 0x200000 ok; Wn "$(D 5)/size" 0x400000 ok
	MAP "$(D 5)" 0 0x110200000 0x1105fffff 0x0; ABSENT "$(D 5)/mapping1"
	Wn $RG/create 1 ok; Wn "$(DRV device_dax)/bind" dax0.6 ENXIO
	ck "/dev nodes" "dax0.0 dax0.1 dax0.2 dax0.3 dax0.4 dax0.5 dax0.6" "$(cd /dev && ls -d dax* | tr '\n' ' ' | sed 's/ $//')"
	R $RG/available_size 1870659584
	# daxctl 76.1 lists in reverse readdir order: dax0.4 dax0.6 dax0.1 dax0.3 dax0.5 dax0.0 dax0.2
	ck "readdir order" "dax0.2 dax0.0 dax0.5 dax0.3 dax0.1 dax0.6 dax0.4" \
		"$(ls -f /sys/devices/platform/hmem.0 | grep '^dax0' | tr '\n' ' ' | sed 's/ $//')"
}

topo_v_pmem30() { echo "$HERE/pmem.topo"; }
v_pmem30() {
	local nd=/sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0
	O $nd/dax_region/create EACCES c; O $nd/dax_region/delete EACCES c
	Wn /sys/bus/dax/devices/dax0.0/size 0 EACCES; Wn /sys/bus/dax/devices/dax0.0/align 4096 EACCES
	O /sys/bus/dax/devices/dax0.0/mapping EACCES c
	O /sys/bus/dax/devices/dax0.0/mapping ENOENT w
	# reconfigure to system-ram as daxctl does: the partial first block is skipped
	W "$(DRV device_dax)/unbind" dax0.0 ok; W "$(DRV kmem)/new_id" dax0.0 ok; LINK /sys/bus/dax/devices/dax0.0/driver kmem
	ABSENT $MEM/memory40; local m
	for m in 41 42 43 44 45 46 47; do R $MEM/memory$m/state offline; done
	ABSENT $MEM/memory48
}

vectors_main "$@"
