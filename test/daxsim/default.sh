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
	# the dax major: one the host kernel has not registered, the same in sysfs and /dev
	# and ndctl0, the control device of the static region's nd bus
	ck "dev links" "$(printf '%s\n' "$DM:0" "$DM:1" "$DM:2" "$NM:0" | sort | tr '\n' ' ' | sed 's/ $//')" \
		"$(ls /sys/dev/char | sort | tr '\n' ' ' | sed 's/ $//')"
	ck "dax major not the host's" "" "$(host_chrdevs | grep -x "$DM")"
	ck "/dev/dax*" "character special file $DM:0 character special file $DM:1 character special file $DM:2" \
		"$(stat -c '%F %Hr:%Lr' /dev/dax0.0 /dev/dax1.0 /dev/dax2.0 | tr '\n' ' ' | sed 's/ $//')"
	# opening a node never reaches a driver: ENXIO, bound to device_dax, kmem or nothing
	O /dev/dax0.0 ENXIO rw; O /dev/dax1.0 ENXIO rw; O /dev/dax2.0 ENXIO r
	W "$(DRV device_dax)/unbind" dax2.0 ok; O /dev/dax2.0 ENXIO rw
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

# NUMA clients (libnuma: numactl, memkind): the CPUs and what each node says about itself
v_numa() {
	local S=/sys/devices/system n0 n1
	R $S/cpu/online "$HOST_CPUS"; R $S/cpu/possible "$HOST_CPUS"; R $S/cpu/present "$HOST_CPUS"
	R $S/cpu/offline ""
	ck "cpu dirs" "$(echo "$HOST_CPUS" | awk -F, '{for (i = 1; i <= NF; i++) {n = split($i, r, "-"); for (c = r[1]; c <= r[n]; c++) printf "cpu%d ", c}}' | sed 's/ $//')" \
		"$(cd $S/cpu && ls -d cpu[0-9]* | sort -V | tr '\n' ' ' | sed 's/ $//')"
	LINK $S/cpu/cpu0/node0 node0; ABSENT $S/cpu/cpu0/online
	R $S/node/node0/cpulist "$HOST_CPUS"; R $S/node/node0/cpumap "$(cpumask "$HOST_CPUS")"
	R $S/node/node1/cpulist ""; R $S/node/node1/cpumap "$(cpumask "$HOST_CPUS" | tr 1-9a-f 0)"
	LINK $S/node/node0/cpu0 cpu0; ABSENT $S/node/node1/cpu0; R $S/node/has_cpu 0
	R $S/node/node0/distance "10 20"; R $S/node/node1/distance "20 10"
	# boot RAM: 2G + 4G on node 0 (6.12: plus dax0.0's 2G onlined by kmem); dax1.0's 2G on node 1
	n0=6291456; [ "$KV" = 6.1 ] || n0=8388608
	n1=2097152
	ck "node0 MemTotal" "$(printf 'Node 0 MemTotal:%15s kB' $n0)" "$(grep MemTotal $S/node/node0/meminfo)"
	ck "node1 MemTotal, MemFree" "$(printf 'Node 1 MemTotal:%15s kB|Node 1 MemFree:%16s kB' $n1 $n1)" \
		"$(grep -E 'Mem(Total|Free)' $S/node/node1/meminfo | tr '\n' '|' | sed 's/|$//')"
	ck "node1 HugePages_Total" "Node 1 HugePages_Total:     0" "$(grep HugePages_Total $S/node/node1/meminfo)"
	# offline memory is not counted
	W $MEM/memory48/state offline ok
	ck "node1 MemTotal, one block offline" "$(printf 'Node 1 MemTotal:%15s kB' $((n1 - 131072)))" "$(grep MemTotal $S/node/node1/meminfo)"
	# numactl and memkind come from bootstrap.sh (packages numactl, and libmemkind-progs where
	# the release has it: bookworm; trixie dropped memkind)
	ck "numactl is installed" yes "$(command -v numactl >/dev/null && echo yes || echo no)"
	if grep -qx 'VERSION_CODENAME=bookworm' /etc/os-release; then
		ck "memkind-auto-dax-kmem-nodes is installed" yes \
			"$(command -v memkind-auto-dax-kmem-nodes >/dev/null && echo yes || echo no)"
	fi
	if command -v numactl >/dev/null; then
		ck "numactl -H" "available: 2 nodes (0-1)|node 0 cpus: $(echo "$HOST_CPUS" | awk -F, '{for (i = 1; i <= NF; i++) {n = split($i, r, "-"); for (c = r[1]; c <= r[n]; c++) printf "%d ", c}}' | sed 's/ $//')|node 0 size: $((n0 / 1024)) MB|node 0 free: $((n0 / 1024)) MB|node 1 cpus:|node 1 size: $((n1 / 1024 - 128)) MB|node 1 free: $((n1 / 1024 - 128)) MB|node distances:|node   0   1|  0:  10  20|  1:  20  10" \
			"$(numactl -H 2>&1 | sed 's/ *$//' | tr '\n' '|' | sed 's/|$//')"
	fi
	# memkind: the nodes of system-ram dax devices, no hwloc complaint
	if command -v memkind-auto-dax-kmem-nodes >/dev/null; then
		local want=1
		[ "$KV" = 6.1 ] || want=0,1	# 6.12: dax0.0 is kmem too (target_node 0)
		ck "memkind-auto-dax-kmem-nodes" "$want" "$(memkind-auto-dax-kmem-nodes 2>&1)"
	fi
}

vectors_main "$@"
