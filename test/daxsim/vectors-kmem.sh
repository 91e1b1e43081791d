#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sim-test-vectors.md V23-V26 and V31, plus the 6.12 kmem captures. Usage: vectors-kmem.sh KERNEL [v_NAME...]
HERE=$(cd "$(dirname "$0")" && pwd)
TOPO=$HERE/kmem4g.topo
. "$HERE/lib.sh"
G1=1073741824 G2=2147483648 G4=4294967296

# V23: static (pmem) region layout
topo_v_23() { echo "$HERE/pmem.topo"; }
v_23() {
	local nd=/sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0
	ck "dax_region entries" "align id size" "$(ls $nd/dax_region | tr '\n' ' ' | sed 's/ $//')"
	O $nd/dax_region/available_size ENOENT r; O $nd/dax_region/create ENOENT w
	O $nd/dax_region/create EACCES c
	ck "mode of size" 444 "$(stat -c %a $nd/dax0.0/size)"
	ck "mode of align" 444 "$(stat -c %a $nd/dax0.0/align)"
	ABSENT $nd/dax0.0/mapping
	O $nd/dax0.0/size EACCES w; O $nd/dax0.0/mapping ENOENT w
	MAP $nd/dax0.0 0 0x141200000 0x17fffffff 0x0
	LINK $nd/dax0.0/driver device_dax
	R /sys/bus/dax/devices/dax0.0/resource 0x141200000
	R $nd/dax_region/size 1054867456; R $nd/dax_region/align 2097152
	ck "/dev/dax0.0" "c $DM:0" "$(stat -c '%F' /dev/dax0.0 | sed 's/character special file/c/') $(stat -c '%Hr:%Lr' /dev/dax0.0)"
	ck "readlink devices/dax0.0" ../../../devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax0.0 "$(readlink /sys/bus/dax/devices/dax0.0)"
}

v_24() {
	R "$(D 0)/size" $G4; LINK "$(D 0)/driver" kmem; R $RG/available_size 0; R $RG/seed ""; R $RG/create ""
	W $RG/create 1 ENOSPC; W "$(D 0)/size" $G2 EBUSY
	ABSENT $MEM/memory31; ABSENT $MEM/memory64
	R $MEM/memory32/phys_index 00000020; R $MEM/memory63/phys_index 0000003f
	local bad=0 i
	for i in $(seq 32 63); do
		[ "$("$SIO" r $MEM/memory$i/state)" = online ] || bad=1
		[ "$("$SIO" r $MEM/memory$i/online)" = 1 ] || bad=1
		[ "$("$SIO" r $MEM/memory$i/valid_zones)" = Movable ] || bad=1
	done
	ck "memory32..63 online Movable" 0 $bad
	R /sys/devices/system/node/has_memory 0-1; R /sys/devices/system/node/has_normal_memory 0
}
skip_v_24() { [ "$1" = 6.1 ]; }

v_25() {
	local i
	for i in $(seq 32 63); do W $MEM/memory$i/state offline ok; done
	R $MEM/memory32/state offline; R $MEM/memory32/online 0
	W $MEM/memory32/state offline EINVAL
	W "$(DRV kmem)/unbind" dax0.0 ok
	ABSENT $MEM/memory32; ABSENT $MEM/memory63; ABSENT "$(D 0)/driver"
	ABSENT /sys/devices/system/node/node1/memory32
	# a directory seen before and now gone: creating or opening in it gives ENOENT
	O $MEM/memory32/state ENOENT c; O $MEM/memory32/state ENOENT w; R $MEM/memory32/online ENOENT
	W "$(D 0)/size" $G2 ok; W $RG/create 1 ok; EXISTS "$(D 1)"
	# the same blocks come back when kmem binds again
	W "$(DRV kmem)/bind" dax0.0 ok; R $MEM/memory32/state online; R $MEM/memory47/valid_zones Movable
	ABSENT $MEM/memory48; LINK /sys/devices/system/node/node1/memory32 memory32
}
skip_v_25() { [ "$1" = 6.1 ]; }

v_26() {
	W "$(DRV kmem)/unbind" dax0.0 ok; ABSENT "$(D 0)/driver"
	R $MEM/memory32/state online; R $MEM/memory63/state online
	W "$(DRV kmem)/bind" dax0.0 EBUSY
	# new_id's attach fails EBUSY silently and leaves device_dax's page map set: the bind
	# then fails EINVAL (capture kmem-leak-6.12, test/captures/expected/)
	W "$(DRV device_dax)/new_id" dax0.0 ok; ABSENT "$(D 0)/driver"
	W "$(DRV device_dax)/bind" dax0.0 EINVAL
	W /sys/bus/dax/drivers_probe dax0.0 ok; ABSENT "$(D 0)/driver"
	# offlining afterwards does not give the range back
	W $MEM/memory32/state offline ok; W "$(DRV kmem)/bind" dax0.0 EBUSY; EXISTS $MEM/memory32
	W "$(D 0)/size" $G2 ok
	# the claim belongs to the addresses: another device placed there cannot bind either
	W "$(D 0)/size" 0 ok; W $RG/create 1 ok; W "$(D 1)/size" $G1 ok
	MAP "$(D 1)" 0 0x100000000 0x13fffffff 0x0
	W "$(DRV device_dax)/new_id" dax0.1 ok; ABSENT "$(D 1)/driver"; W "$(DRV device_dax)/bind" dax0.1 EINVAL
	W "$(DRV kmem)/bind" dax0.1 EBUSY
}
skip_v_26() { [ "$1" = 6.1 ]; }

# V31: the 2026 kmem state attribute
topo_v_31() { echo "$HERE/kmem4g-offline.topo"; }
v_31() {
	if [ "$KV" != next ]; then ABSENT "$(D 0)/state"; return; fi
	R "$(D 0)/state" offline; R $MEM/memory32/state offline
	W "$(D 0)/state" online_movable EBUSY; W "$(D 0)/state" offline EINVAL; W "$(D 0)/state" bogus EINVAL
	W "$(D 0)/state" unplugged ok; ABSENT $MEM/memory32; R "$(D 0)/state" unplugged
	W "$(D 0)/state" unplugged ok
	W "$(D 0)/state" online_movable ok; R $MEM/memory32/state online; R $MEM/memory32/valid_zones Movable
	R "$(D 0)/state" online_movable
	W "$(D 0)/state" online_movable ok; W "$(D 0)/state" online EBUSY
	W "$(DRV kmem)/unbind" dax0.0 ok; ABSENT "$(D 0)/state"; R $MEM/memory32/state online
	W "$(DRV kmem)/bind" dax0.0 EBUSY
}
skip_v_31() { [ "$1" = 6.1 ]; }

# kernel-captures/k612/kmem-offline/20 and 30 (6.12 only), on the capture machine
topo_v_k612_bind_paths() { echo "$HERE/cap2g-offline.topo"; }
v_k612_bind_paths() {
	LINK "$(D 0)/driver" kmem; R $MEM/memory32/state offline; R $MEM/memory32/valid_zones "Normal Movable"
	W "$(DRV kmem)/unbind" dax0.0 ok; ABSENT $MEM/memory32
	W "$(D 0)/size" 536870912 ok
	W $RG/create 1 ok; W "$(D 1)/size" 268435456 ok; R "$(D 1)/memmap_on_memory" 0
	W "$(DRV device_dax)/bind" dax0.1 ENODEV; ABSENT "$(D 1)/driver"
	W "$(DRV kmem)/bind" dax0.1 ok; LINK "$(D 1)/driver" kmem
	W "$(DRV kmem)/unbind" dax0.1 ok; W /sys/bus/dax/drivers_probe dax0.1 ok; LINK "$(D 1)/driver" kmem
	R $MEM/memory36/state offline; R $MEM/memory37/valid_zones "Normal Movable"
	W $RG/create 1 ok; W "$(D 2)/size" 268435456 ok; MAP "$(D 2)" 0 0x130000000 0x13fffffff 0x0
	W "$(DRV device_dax)/bind" dax0.2 ENODEV; W "$(DRV device_dax)/new_id" dax0.2 ok; LINK "$(D 2)/driver" device_dax
	R $RG/available_size 1073741824
	W $RG/create 1 ok; W "$(D 3)/mapping" 160000000-167ffffff ok; ABSENT "$(D 3)/driver"
	W "$(DRV device_dax)/bind" dax0.3 ENODEV
	W "$(DRV device_dax)/new_id" dax0.3 ok; LINK "$(D 3)/driver" device_dax
	W "$(DRV device_dax)/bind" dax0.3 EBUSY
	W "$(D 3)/size" 0 EBUSY; W "$(D 3)/align" 4096 EBUSY
	W "$(D 3)/mapping" 170000000-1701fffff ok; R "$(D 3)/size" 136314880
	W $RG/delete dax0.3 EBUSY
	W "$(D 3)/memmap_on_memory" 1 EOPNOTSUPP; W "$(D 3)/memmap_on_memory" 0 ok
	W "$(DRV kmem)/bind" dax0.3 EBUSY
	W "$(DRV device_dax)/unbind" dax0.3 ok; W "$(DRV device_dax)/unbind" dax0.3 ENODEV
	W "$(DRV device_dax)/remove_id" dax0.3 ok
	W "$(DRV kmem)/bind" dax0.3 ok; LINK "$(D 3)/driver" kmem
	R $MEM/memory44/state offline; ABSENT $MEM/memory45; ABSENT $MEM/memory46
	W $MEM/memory44/state online_movable ok; W $MEM/memory44/state online_movable EINVAL
	W $MEM/memory44/state online EINVAL; W $MEM/memory44/state bogus EINVAL
	R $MEM/memory44/valid_zones Movable
	W "$(D 3)/size" 0 EBUSY; W $RG/delete dax0.3 EBUSY
	W "$(DRV kmem)/unbind" dax0.3 ok; ABSENT "$(D 3)/driver"; EXISTS $MEM/memory44
	W $MEM/memory44/state offline ok; W $MEM/memory44/state offline EINVAL
	W $MEM/memory44/online 0 ok; W $MEM/memory44/online 1 ok; W $MEM/memory44/online 1 ok; W $MEM/memory44/online 0 ok
	W $RG/create 1 ok; W "$(DRV device_dax)/bind" dax0.4 ENODEV
	W "$(DRV device_dax)/new_id" dax0.4 ok; ABSENT "$(D 4)/driver"
	W "$(DRV device_dax)/bind" dax0.4 ENXIO
	R $RG/available_size 937426944
	MAP "$(D 3)" 0 0x160000000 0x167ffffff 0x0; MAP "$(D 3)" 1 0x170000000 0x1701fffff 0x8000
}
skip_v_k612_bind_paths() { [ "$1" = 6.1 ]; }

# k612 DIFF #7: memmap_on_memory with the boot option
topo_v_k612_memmap() { echo "$HERE/cap2g-memmap.topo"; }
v_k612_memmap() {
	LINK "$(D 0)/driver" kmem; R "$(D 0)/memmap_on_memory" 0
	W "$(D 0)/memmap_on_memory" 1 EBUSY; W "$(D 0)/memmap_on_memory" 0 ok
	W "$(D 0)/memmap_on_memory" y EBUSY; W "$(D 0)/memmap_on_memory" bogus EINVAL
	R /sys/module/memory_hotplug/parameters/memmap_on_memory Y
	W "$(DRV kmem)/unbind" dax0.0 ok
	# default policy of 6.12 onlines the blocks: unbind leaks them
	R $MEM/memory32/state online; R $MEM/memory32/valid_zones Normal
	W "$(D 0)/memmap_on_memory" 1 ok; R "$(D 0)/memmap_on_memory" 1
	W "$(DRV device_dax)/new_id" dax0.0 ok; ABSENT "$(D 0)/driver"
}
skip_v_k612_memmap() { [ "$1" = 6.1 ]; }

vectors_main "$@"
