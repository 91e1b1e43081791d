#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of workflow.sh: make, on the real kernel, the machine that one scenario of
# test/workflow/accept.sh gets from its daxsim topology, with the dax_memmap module
# (/guest/dax_memmap.ko) and raw sysfs writes only (never the daxctl under test):
#   workflow-machine.sh edge|matrix|policy|pmem
# edge    test/topologies/workflow-edge.topo: three regions; dax0.0 devdax 256M in a 1G
#         region, dax1.0 kmem with its 4 blocks online movable, dax2.0 in a region with no
#         target node (memmap=1G$0x100000000, 512M$0x200000000, 256M$0x300000000)
# matrix  test/topologies/workflow-matrix.topo: one 2G region with dax0.0 devdax 256M,
#         dax0.1 devdax 512M, dax0.2 kmem online movable, dax0.3 kmem offline, dax0.4
#         disabled 256M, 512M free (memmap=2G$0x100000000)
# policy  test/topologies/capture-hmem-default-online-6.12.topo: a kmem-type region of 2G
#         whose device kmem takes at once and whose memory the kernel's default policy
#         onlines (6.12 only: kmem-type regions exist from 6.3)
# shapes  test/vm/topologies/workflow-shapes.topo (scenario test/vm/workflow/shapes.sh): two
#         idle regions, align 1G and 4K (memmap=2G$0x100000000)
# pmem    not module-made: the nvdimm machine of memmap=1G!5G made devdax by
#         pmem-devdax.sh, since the scenario reads the namespace's nvdimm uuid, which only an
#         nvdimm namespace has (a dax_memmap static region is a platform device)
# The memory policy is set to the topology's (auto_online_blocks) before anything is made.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BUS=/sys/bus/dax
MEM=/sys/devices/system/memory
CTL=/sys/bus/platform/drivers/dax_memmap
region() { printf '%s\n' "$1" >$CTL/create; }
# newdev REGION-ID SIZE: size the region's seed (made with the region's create attribute
# when it has none); prints the device's name
newdev() {
	local r s
	r=$(cd -P $BUS/devices/dax$1.0/.. && pwd)/dax_region
	read -r s <$r/seed || s=
	if [ -z "$s" ]; then
		echo 1 >$r/create
		read -r s <$r/seed
	fi
	echo "$2" >$BUS/devices/$s/size
	echo "$s"
}
# to_kmem DEV: from device_dax (or no driver) to kmem, through kmem's id table as the kernel
# requires for a device of a region that is not kmem-type; the id is removed again after the
# bind, so the driver's table is as on a machine that booted this way
to_kmem() {
	[ ! -L $BUS/devices/$1/driver ] || echo "$1" >$BUS/devices/$1/driver/unbind
	echo "$1" >$BUS/drivers/kmem/new_id
	[ -L $BUS/devices/$1/driver ] || echo "$1" >$BUS/drivers/kmem/bind
	echo "$1" >$BUS/drivers/kmem/remove_id
}
online() { # STATE BLOCK...
	local st=$1 b
	shift
	for b; do echo "$st" >$MEM/memory$b/state; done
}

case $1 in
edge)
	echo offline >$MEM/auto_online_blocks
	insmod /guest/dax_memmap.ko
	region "start=0x100000000 size=1G dev=256M"
	region "start=0x200000000 size=512M"
	region "start=0x300000000 size=256M node=-1"
	to_kmem dax1.0
	online online_movable 64 65 66 67
	;;
matrix)
	echo offline >$MEM/auto_online_blocks
	insmod /guest/dax_memmap.ko
	region "start=0x100000000 size=2G dev=256M"
	d=$(newdev 0 536870912) && echo "$d" >$BUS/drivers/device_dax/bind
	d=$(newdev 0 268435456) && to_kmem "$d"
	online online_movable 38 39
	d=$(newdev 0 268435456) && to_kmem "$d"
	# disabled and not the seed (bound once, then unbound), as daxsim makes dax0.4
	d=$(newdev 0 268435456) && echo "$d" >$BUS/drivers/device_dax/bind
	echo "$d" >$BUS/drivers/device_dax/unbind
	;;
policy)
	[ "$(<$MEM/auto_online_blocks)" = online ] || { echo "workflow-machine: policy is not online" >&2; exit 1; }
	insmod /guest/dax_memmap.ko
	region "start=0x100000000 size=2G kind=kmem"
	;;
shapes)
	echo offline >$MEM/auto_online_blocks
	insmod /guest/dax_memmap.ko
	region "start=0x100000000 size=1G align=1G dev=idle"
	region "start=0x140000000 size=512M align=4K dev=idle"
	;;
pmem)
	bash "$here/pmem-devdax.sh"
	echo offline >$MEM/auto_online_blocks
	;;
*)
	echo "workflow-machine: unknown machine '$1'" >&2
	exit 2
	;;
esac
echo "## machine: $1 ($(<$MEM/auto_online_blocks) policy)"
