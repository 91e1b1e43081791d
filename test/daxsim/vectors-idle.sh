#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sim-test-vectors.md V01-V22 and V27-V30 on fixture IDLE4G. Usage: vectors-idle.sh KERNEL [v_NAME...]
HERE=$(cd "$(dirname "$0")" && pwd)
TOPO=$HERE/idle4g.topo
. "$HERE/lib.sh"
G1=1073741824 G2=2147483648 G3=3221225472 G4=4294967296

v01() {
	R $RG/id 0; R $RG/size $G4; R $RG/align 2097152
	ck "non-root read of region align" EACCES "$(setpriv --reuid=65534 --regid=65534 --clear-groups "$SIO" r $RG/align)"
	R $RG/available_size $G4; R $RG/seed ""; R $RG/create ""
	R "$(D 0)/size" 0; R "$(D 0)/resource" 0x100000000; R "$(D 0)/align" 2097152
	R "$(D 0)/target_node" 1; R "$(D 0)/numa_node" 0; R "$(D 0)/modalias" dax:t0
	if [ "$KV" = 6.1 ]; then ABSENT "$(D 0)/memmap_on_memory"; else R "$(D 0)/memmap_on_memory" 0; fi
	ABSENT "$(D 0)/mapping0"; ABSENT "$(D 0)/driver"; EXISTS /sys/bus/dax/devices/dax0.0
	R "$(D 0)/uevent" "$(printf "MAJOR=$DM\nMINOR=0\nDEVNAME=dax0.0\nMODALIAS=dax:t0")"
}
v_01() { v01; }

v02() {
	W $RG/create 1 ok; EXISTS "$(D 1)"; R $RG/seed dax0.1; R $RG/create dax0.1; R "$(D 1)/size" 0
	W $RG/create 1 ok; EXISTS "$(D 2)"; R $RG/seed dax0.1; R $RG/create dax0.2
}
v_02() {
	v02
	W $RG/create 2 EINVAL; W $RG/create x EINVAL; W $RG/create 0x1 ok; EXISTS "$(D 3)"
	R $RG/available_size $G4
}

v03() {
	v02
	W "$(D 0)/size" $G1 ok; MAP "$(D 0)" 0 0x100000000 0x13fffffff 0x0
	R $RG/available_size $G3; R "$(D 0)/resource" 0x100000000
	W "$(D 1)/size" $G1 ok; MAP "$(D 1)" 0 0x140000000 0x17fffffff 0x0
	W "$(D 2)/size" 0x40000000 ok; MAP "$(D 2)" 0 0x180000000 0x1bfffffff 0x0
	R $RG/available_size $G1; R $RG/seed dax0.1
}
v_03() { v03; }

v04() {
	v03
	W "$(D 1)/size" 0 ok; R "$(D 1)/size" 0; ABSENT "$(D 1)/mapping0"; R "$(D 1)/resource" 0x100000000
	R $RG/available_size $G2
}
v_04() { v04; }

v_05() {
	v04
	W "$(D 0)/size" $G2 ok; MAP "$(D 0)" 0 0x100000000 0x17fffffff 0x0; ABSENT "$(D 0)/mapping1"
	R $RG/available_size $G1
}

v06() {
	v04
	W "$(D 0)/size" $G3 ok
	MAP "$(D 0)" 0 0x100000000 0x17fffffff 0x0
	MAP "$(D 0)" 1 0x1c0000000 0x1ffffffff 0x80000
	R "$(D 0)/size" $G3; R $RG/available_size 0
	W $RG/create 1 ENOSPC
}
v_06() { v06; }

v07() {
	v06
	W "$(D 0)/size" 2684354560 ok
	MAP "$(D 0)" 1 0x1c0000000 0x1dfffffff 0x80000
	MAP "$(D 0)" 0 0x100000000 0x17fffffff 0x0
	R $RG/available_size 536870912
}
v_07() { v07; }

v_08() {
	v07
	W "$(D 0)/size" $G1 ok; ABSENT "$(D 0)/mapping1"; MAP "$(D 0)" 0 0x100000000 0x13fffffff 0x0
	R $RG/available_size $G2
}

v09() {
	W $RG/create 1 ok; W "$(D 0)/size" $G1 ok; W "$(D 1)/size" $G1 ok
	W "$(D 0)/size" 0 ok
	W "$(D 1)/size" $G2 ok
	MAP "$(D 1)" 0 0x140000000 0x17fffffff 0x0
	MAP "$(D 1)" 1 0x100000000 0x13fffffff 0x40000
	R "$(D 1)/resource" 0x140000000
}
v_09() { v09; }

v_10() {
	v09
	W "$(D 1)/size" $G3 ok; MAP "$(D 1)" 2 0x180000000 0x1bfffffff 0x80000
	W "$(D 1)/size" $G4 ok; MAP "$(D 1)" 2 0x180000000 0x1ffffffff 0x80000
	ABSENT "$(D 1)/mapping3"; R $RG/available_size 0
}

v_11() {
	W $RG/create 1 ok; W $RG/create 1 ok
	for i in 0 1 2; do W "$(D $i)/size" $G1 ok; done
	W "$(D 1)/size" 0 ok
	W "$(D 2)/size" $G2 ok
	MAP "$(D 2)" 0 0x180000000 0x1bfffffff 0x0
	MAP "$(D 2)" 1 0x140000000 0x17fffffff 0x40000
	R $RG/available_size $G1
}

v12() {
	for i in 1 2 3; do W $RG/create 1 ok; done
	for i in 0 1 2 3; do W "$(D $i)/size" $G1 ok; done
	W "$(D 1)/size" 0 ok; W "$(D 3)/size" 0 ok
	W $RG/create 1 ok; EXISTS "$(D 4)"; R $RG/seed dax0.1; R $RG/create dax0.4
	W "$(D 4)/size" $G2 ok
	MAP "$(D 4)" 0 0x140000000 0x17fffffff 0x0
	MAP "$(D 4)" 1 0x1c0000000 0x1ffffffff 0x40000
}
v_12() { v12; }

v_13() {
	v12
	W "$(D 4)/size" $G1 ok; ABSENT "$(D 4)/mapping1"
	W "$(D 4)/size" $G2 ok; MAP "$(D 4)" 1 0x1c0000000 0x1ffffffff 0x40000
}

v_14() {
	v03
	W $RG/delete dax0.0 EBUSY; W $RG/delete dax0.2 EBUSY; W $RG/delete dax0.9 ENXIO
	W "$(D 2)/size" 0 ok; W $RG/delete dax0.2 ok
	ABSENT /sys/bus/dax/devices/dax0.2; ABSENT "$(D 2)"; ABSENT /dev/dax0.2
	R $RG/create ""; R $RG/seed dax0.1
	W $RG/create 1 ok; R $RG/create dax0.2; EXISTS /dev/dax0.2
	W "$(D 0)/size" 0 ok; W $RG/delete dax0.0 EBUSY
}

v_15() {
	W $RG/create 1 ok; W $RG/create 1 ok
	W $RG/delete dax0.1 ok; R $RG/seed ""; R $RG/create dax0.2
	W $RG/create 1 ok; EXISTS "$(D 1)"; R $RG/seed dax0.1; R $RG/create dax0.1
}

v16() {
	W $RG/create 1 ok; W "$(D 1)/size" $G1 ok; ABSENT "$(D 1)/driver"
	W "$(DRV device_dax)/bind" dax0.1 ok; R $RG/seed ""; R $RG/create dax0.1
	LINK "$(D 1)/driver" device_dax
	R "$(D 1)/uevent" "$(printf "MAJOR=$DM\nMINOR=1\nDEVNAME=dax0.1\nDRIVER=device_dax\nMODALIAS=dax:t0")"
	W $RG/create 1 ok; R $RG/seed dax0.2
}
v_16() { v16; }

v_17() {
	v16
	W "$(DRV device_dax)/bind" dax0.2 ENXIO
	W "$(DRV device_dax)/bind" dax0.1 EBUSY
	W "$(DRV kmem)/unbind" dax0.1 ENODEV
	W "$(DRV device_dax)/unbind" dax0.7 ENODEV
	W "$(D 2)/size" $G1 ok; W "$(DRV kmem)/bind" dax0.2 ENODEV
	W "$(DRV kmem)/new_id" dax0.2x EINVAL; W "$(DRV kmem)/new_id" foo EINVAL
	# the name must read back exactly as "dax%d.%d" prints it (bus.c do_id_store)
	W "$(DRV kmem)/new_id" "dax 0.2" EINVAL; W "$(DRV kmem)/new_id" dax00.2 EINVAL
	W "$(DRV kmem)/remove_id" "dax+0.2" EINVAL; W "$(DRV kmem)/new_id" dax-1.2 ok
	W "$(DRV kmem)/new_id" dax0.2 ok; LINK "$(D 2)/driver" kmem
	for i in $(seq 40 47); do
		R $MEM/memory$i/phys_index "$(printf %08x "$i")"; R $MEM/memory$i/state offline
	done
	ABSENT $MEM/memory39; ABSENT $MEM/memory48
	LINK $MEM/memory40/node1 node1; LINK /sys/devices/system/node/node1/memory40 memory40
	R "$(D 2)/uevent" "$(printf "MAJOR=$DM\nMINOR=2\nDEVNAME=dax0.2\nDRIVER=kmem\nMODALIAS=dax:t0")"
}

v18() {
	W $RG/create 1 ok; W "$(D 1)/size" $G1 ok; W "$(DRV device_dax)/bind" dax0.1 ok
}
v_18() {
	v18
	W "$(D 1)/size" $G1 EBUSY; W "$(D 1)/size" 3145728 EINVAL; W "$(D 1)/size" $G2 EBUSY
	W "$(D 1)/align" 4096 EBUSY; W $RG/delete dax0.1 EBUSY
	[ "$KV" = 6.1 ] || W "$(D 1)/memmap_on_memory" 0 ok
	# mapping on a bound device is accepted and grows it (captures hmem/30)
	W "$(D 1)/mapping" 180000000-1801fffff ok; R "$(D 1)/size" $((G1 + 2097152)); LINK "$(D 1)/driver" device_dax
}

v_19() {
	W "$(D 0)/size" abc EINVAL; W "$(D 0)/size" 1048576 EINVAL
	W "$(D 0)/size" 8589934592 ENOSPC
	W "$(D 0)/size" 0x200000 ok; R "$(D 0)/size" 2097152
	W "$(D 0)/align" 4096 ok; W "$(D 0)/size" 2101248 EINVAL; W "$(D 0)/size" 4194304 ok
}

v_20() {
	W "$(D 0)/size" 2097152 ok
	W "$(D 0)/align" 1073741824 EINVAL; R "$(D 0)/align" 2097152
	W "$(D 0)/align" 12345 EINVAL; W "$(D 0)/align" abc ENXIO
	W "$(D 0)/align" 4096 ok; R "$(D 0)/align" 4096
	W "$(D 0)/size" 0 ok; W "$(D 0)/align" 1073741824 ok
	W "$(D 0)/size" 536870912 EINVAL; W "$(D 0)/size" $G1 ok
	W "$(D 0)/align" 2097152 ok
}

v21() {
	W "$(D 0)/mapping" 100000000-13fffffff ok; R "$(D 0)/size" $G1
	MAP "$(D 0)" 0 0x100000000 0x13fffffff 0x0
	W "$(D 0)/mapping" 0x180000000-0x1bfffffff ok; MAP "$(D 0)" 1 0x180000000 0x1bfffffff 0x40000
	W "$(D 0)/mapping" 140000000-17fffffff ok; MAP "$(D 0)" 2 0x140000000 0x17fffffff 0x80000
	R "$(D 0)/size" $G3
	W "$(D 0)/mapping" 100000000-1001fffff ENOMEM
	W "$(D 0)/mapping" 200000000-2001fffff ENOMEM
	W "$(D 0)/mapping" 0f0000000-1001fffff ENOMEM
	W "$(D 0)/mapping" 1c0000000 EINVAL; W "$(D 0)/mapping" 1c000000g-1c01fffff EINVAL
	W "$(D 0)/mapping" garbage EINVAL
	if [ "$KV" = 6.1 ]; then
		W "$(D 0)/mapping" 1c0000000-1c0000fff ENXIO
	else
		W "$(D 0)/mapping" 1c0000000-1c0000fff ok
	fi
	R "$(D 0)/size" $G3; ABSENT "$(D 0)/mapping3"
	W "$(D 0)/mapping" 1c0000000-1bfffffff EBUSY
	W "$(D 0)/mapping" 1c0000000-1c01fffff ok; MAP "$(D 0)" 3 0x1c0000000 0x1c01fffff 0xc0000
}
v_21() { v21; }

v_22() {
	v21
	W "$(D 0)/size" $G3 ok; ABSENT "$(D 0)/mapping3"
	W "$(D 0)/size" $G4 ok; MAP "$(D 0)" 3 0x1c0000000 0x1ffffffff 0xc0000
	W "$(D 0)/size" 1610612736 ok; ABSENT "$(D 0)/mapping3"; ABSENT "$(D 0)/mapping2"
	MAP "$(D 0)" 1 0x180000000 0x19fffffff 0x40000
}

v_27() {
	W "$(D 0)/size" 136314880 ok; MAP "$(D 0)" 0 0x100000000 0x1081fffff 0x0
	W "$(DRV kmem)/new_id" dax0.0 ok; LINK "$(D 0)/driver" kmem
	EXISTS $MEM/memory32; ABSENT $MEM/memory33; ABSENT $MEM/memory31
	W $RG/create 1 ok; W "$(D 1)/mapping" 1c0000000-1c63fffff ok
	W "$(DRV kmem)/new_id" dax0.1 ok; ABSENT "$(D 1)/driver"
	W "$(DRV kmem)/bind" dax0.1 EINVAL; ABSENT "$(D 1)/driver"
}

v_28() {
	W "$(D 0)/size" $G1 ok
	W "$(D 0)/memmap_on_memory" 1 EOPNOTSUPP; W "$(D 0)/memmap_on_memory" 0 ok
	W "$(D 0)/memmap_on_memory" maybe EINVAL
	W "$(DRV kmem)/new_id" dax0.0 ok; LINK "$(D 0)/driver" kmem
	W "$(D 0)/memmap_on_memory" 1 EOPNOTSUPP; W "$(D 0)/memmap_on_memory" 0 ok
}
skip_v_28() { [ "$1" = 6.1 ]; }

v_29() {
	W "$(D 0)/size" 134217728 ok; W "$(DRV kmem)/new_id" dax0.0 ok
	R $MEM/memory32/state offline; R $MEM/memory32/online 0; R $MEM/memory32/valid_zones "Normal Movable"
	W $MEM/memory32/state online_movable ok; R $MEM/memory32/state online
	R $MEM/memory32/valid_zones Movable; R $MEM/memory32/online 1
	W $MEM/memory32/state online EINVAL; W $MEM/memory32/state online_kernel EINVAL
	W $MEM/memory32/online 1 ok; R $MEM/memory32/state online
	W $MEM/memory32/online 0 ok; R $MEM/memory32/state offline
	W $MEM/memory32/state offline EINVAL
	W $MEM/memory32/state foo EINVAL
	W $MEM/auto_online_blocks bogus EINVAL
	W $MEM/auto_online_blocks online_movable ok; R $MEM/auto_online_blocks online_movable
	R $MEM/block_size_bytes 8000000
	W $MEM/memory32/online 1 ok; R $MEM/memory32/valid_zones Normal
	W $MEM/memory32/online 0 ok
	W $MEM/memory32/state online_kernel ok; R $MEM/memory32/valid_zones Normal
	R /sys/devices/system/node/has_memory "0-1"
}

v_30() {
	W "$(D 0)/size" $G1 ok
	R "$(D 0)/mapping0/page_offset" 0x0
	R $RG/size $G4; R "$(D 0)/size" $G1; R $RG/available_size $G3; R $RG/align 2097152; R "$(D 0)/align" 2097152
}

vectors_main "$@"
