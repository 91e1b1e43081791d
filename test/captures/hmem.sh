# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario of kernel-captures/hmem/ (6.1, daxctl 76.1) and k612/hmem*/ (6.12, daxctl 81) on
# one dynamic hmem region (hmem.0, dax0.0 over 0x100000000-0x17fffffff), for busybox sh in
# `daxsim run`. Sourced by replay.sh after lib.sh; CAPTURE_KERNEL is 6.1 or 6.12 (the 6.12
# capture also lists dax0.0's memory blocks in section 10 and names its driver in 15).
# Reads of /proc/iomem and dmesg are left out: daxsim serves neither, replay.sh drops them
# from the capture too.
D=/sys/bus/dax/devices
R=$(regdir dax0.0)
SYSMEM=/sys/devices/system/memory

section 00-environment
run daxctl version
run cat $SYSMEM/block_size_bytes $SYSMEM/auto_online_blocks

section 10-sysfs-initial
run find /sys/bus/dax/ -maxdepth 3
echo "## readlink -f $D/dax0.0 = $(readlink -f $D/dax0.0)"
echo "## region dir = $R"
dumpdir "$(readlink -f $D/dax0.0/..)"
dumpdir "$R"
dumpdir $D/dax0.0
dumpdir $D/dax0.0/mapping0
dumpdir /sys/bus/dax
for drv in /sys/bus/dax/drivers/*; do dumpdir $drv; done
run ls -la /dev/dax0.0
echo "## one memory block (memory0)"
dumpdir $SYSMEM/memory0
if [ "$CAPTURE_KERNEL" != 6.1 ]; then
	echo "## memory blocks of dax0.0 (driver: $(readlink $D/dax0.0/driver))"
	memblocks "$(cat $D/dax0.0/mapping0/start)" "$(cat $D/dax0.0/mapping0/end)"
fi

section 15-writes-on-initial-state
if [ "$CAPTURE_KERNEL" = 6.1 ]; then
	echo "## dax0.0 covers the whole region and is bound to $(basename "$(readlink $D/dax0.0/driver)"); available_size=$(cat $R/available_size)"
else
	echo "## dax0.0 covers the whole region, driver: $(readlink $D/dax0.0/driver); available_size=$(cat $R/available_size)"
fi
wr 1 $R/create
wr 0 $D/dax0.0/size
wr 4096 $D/dax0.0/align
wr dax0.0 $R/delete
wr 180000000-1801fffff $D/dax0.0/mapping
run ls /sys/module/dax_hmem/parameters /sys/module/kmem/parameters /sys/module/device_dax/parameters
grep . /sys/module/dax_hmem/parameters/* 2>/dev/null

section 20-daxctl-sequence
run daxctl list -RDMu
run daxctl reconfigure-device -m devdax -f dax0.0
run daxctl disable-device dax0.0
run daxctl list -RDMiu
run daxctl reconfigure-device -s 1G dax0.0
run daxctl list -RDMiu
run daxctl reconfigure-device -s 0 dax0.0
run daxctl destroy-device dax0.0
run daxctl list -RDMiu
run daxctl create-device -s 256M
run daxctl create-device -s 256M -a 4096
run daxctl create-device -s 4G
run daxctl create-device -s 3M
run daxctl destroy-device dax0.2
run daxctl list -RDM
run daxctl reconfigure-device -m system-ram dax0.1
run daxctl list -RDM
run ls -la /sys/bus/dax/drivers/kmem
echo "## memory blocks of dax0.1"
memblocks "$(cat $D/dax0.1/mapping0/start)" "$(cat $D/dax0.1/mapping0/end)"
run daxctl offline-memory dax0.1
memblocks "$(cat $D/dax0.1/mapping0/start)" "$(cat $D/dax0.1/mapping0/end)"
run daxctl online-memory dax0.1
memblocks "$(cat $D/dax0.1/mapping0/start)" "$(cat $D/dax0.1/mapping0/end)"
run daxctl online-memory --no-movable dax0.1
echo "## uevent of kmem-bound dax0.1: $(cat $D/dax0.1/uevent | tr '\n' '|')"
run daxctl disable-device dax0.1
run daxctl offline-memory dax0.1
run daxctl disable-device dax0.1
run daxctl list -RDMi
memblocks "$(cat $D/dax0.1/mapping0/start)" "$(cat $D/dax0.1/mapping0/end)"
run daxctl reconfigure-device -m devdax dax0.1
run daxctl list -RDMi
run daxctl reconfigure-device -m system-ram --no-online dax0.2
memblocks "$(cat $D/dax0.2/mapping0/start)" "$(cat $D/dax0.2/mapping0/end)"
run daxctl reconfigure-device -m devdax dax0.2
run daxctl disable-device all
run daxctl destroy-device dax0.2
run daxctl destroy-device dax0.1
run daxctl list -RDMiu
dumpdir "$R"

section 30-raw-writes-errno
echo "## start: region reset by daxctl above; devices:"
ls $D
cat $R/available_size
echo "## region attributes"
wr 1 $R/id
wr 1 $R/size
wr 4096 $R/align
wr 1 $R/available_size
wr dax0.0 $R/seed
wr 2 $R/create
wr 0 $R/create
wr x $R/create
echo "create before=$(cat $R/create) seed=$(cat $R/seed)"
wr 1 $R/create
echo "create after=$(cat $R/create) seed=$(cat $R/seed) devices: $(ls $D | tr '\n' ' ')"
wrn 1 $R/create
echo "create after 2nd=$(cat $R/create) seed=$(cat $R/seed) devices: $(ls $D | tr '\n' ' ')"
N=$(cat $R/create)
echo "## new device $N (unbound, size 0)"
dumpdir $D/$N
echo "## size writes on unbound $N"
wr $((3 * 1024 * 1024 * 1024)) $D/$N/size
wr 4096 $D/$N/size
wr 0x1000000 $D/$N/size
wr abc $D/$N/size
wrn 268435456 $D/$N/size
echo "size=$(cat $D/$N/size)"
ls -d $D/$N/mapping*
cat $D/$N/mapping0/start $D/$N/mapping0/end $D/$N/mapping0/page_offset
wr 134217728 $D/$N/size
echo "shrunk size=$(cat $D/$N/size)"
wr 0 $D/$N/size
echo "size=$(cat $D/$N/size) mappings: $(ls -d $D/$N/mapping* 2>/dev/null)"
echo "## mapping writes on unbound $N (region is 0x100000000-0x17fffffff)"
wr 0x100000000-0x10fffffff $D/$N/mapping
wr 100000000-10fffffff $D/$N/mapping
echo "size=$(cat $D/$N/size) mappings: $(ls -d $D/$N/mapping* | tr '\n' ' ')"
cat $D/$N/mapping0/start $D/$N/mapping0/end
wr 110000000-1101fffff $D/$N/mapping
echo "size=$(cat $D/$N/size) mappings: $(ls -d $D/$N/mapping* | tr '\n' ' ')"
wr 120000000-120000fff $D/$N/mapping
wr 100000000-10fffffff $D/$N/mapping
wr 180000000-18fffffff $D/$N/mapping
wr f0000000-100ffffff $D/$N/mapping
wr 130000000 $D/$N/mapping
wr garbage $D/$N/mapping
wr 140000000-13fffffff $D/$N/mapping
echo "size=$(cat $D/$N/size)"
for m in $D/$N/mapping[0-9]*; do
	echo "${m##*/}: $(cat $m/start)-$(cat $m/end) page_offset=$(cat $m/page_offset)"
done
echo "## align writes"
wr 12345 $D/$N/align
wr abc $D/$N/align
wr 1073741824 $D/$N/align
wr 4096 $D/$N/align
echo "align=$(cat $D/$N/align)"
wr 2097152 $D/$N/align
echo "## bind $N to device_dax, then writes on a bound device"
wr $N /sys/bus/dax/drivers/device_dax/bind
ls -la /dev/$N
wr 0 $D/$N/size
wr 130000000-1301fffff $D/$N/mapping
wr 4096 $D/$N/align
wr $N $R/delete
wrn $N $R/delete
wr dax0.0 $R/delete
wr dax9.9 $R/delete
echo "## driver bind/unbind edge cases"
wr $N /sys/bus/dax/drivers/device_dax/bind
wr $N /sys/bus/dax/drivers/kmem/bind
wr $N /sys/bus/dax/drivers/device_dax/unbind
wr $N /sys/bus/dax/drivers/device_dax/unbind
wr $N /sys/bus/dax/drivers/kmem/bind
wr $N /sys/bus/dax/drivers/kmem/new_id
wrn $N /sys/bus/dax/drivers/kmem/new_id
cat /sys/bus/dax/drivers/kmem/new_id 2>&1
ls /sys/bus/dax/drivers/kmem
echo "$N driver: $(readlink $D/$N/driver)"
memblocks "$(cat $D/$N/mapping0/start)" "$(cat $D/$N/mapping0/end)"
B=$(($(cat $D/$N/mapping0/start) / $((0x$(cat $SYSMEM/block_size_bytes)))))
M=$SYSMEM/memory$B
wr online_movable $M/state
wr online_movable $M/state
wr online $M/state
wr bogus $M/state
echo "memory$B state=$(cat $M/state) zones=$(cat $M/valid_zones)"
wr $N /sys/bus/dax/drivers/kmem/unbind
echo "$N driver after kmem unbind with onlined block: $(readlink $D/$N/driver) ; "
wr offline $M/state
wr offline $M/state
wr 0 $M/online
wr 1 $M/online
wr 1 $M/online
wr 0 $M/online
wr $N /sys/bus/dax/drivers/kmem/remove_id
wrn $N /sys/bus/dax/drivers/kmem/remove_id
echo "## final"
daxctl list -RDMiu 2>&1
dumpdir "$R"

section 40-create-delete-seed
echo "## devices: $(ls $D | tr '\n' ' ') seed=$(cat $R/seed) create=$(cat $R/create) avail=$(cat $R/available_size)"
wr 1 $R/create
A=$(cat $R/create)
wr 1 $R/create
B=$(cat $R/create)
echo "created $A and $B; seed=$(cat $R/seed) create=$(cat $R/create)"
wrn $A $R/delete
echo "after delete of '$A\\n': devices: $(ls $D | tr '\n' ' ') seed=$(cat $R/seed)"
wr $A $R/delete
echo "after delete of '$A': devices: $(ls $D | tr '\n' ' ') seed=$(cat $R/seed) create=$(cat $R/create)"
wr 2097152 $D/$B/size
wr $B $R/delete
wr 0 $D/$B/size
wr $B $R/delete
echo "devices: $(ls $D | tr '\n' ' ') seed=$(cat $R/seed) create=$(cat $R/create)"
echo "## grow by size merges into the last mapping; mapping writes add new mappingN"
wr 1 $R/create
C=$(cat $R/create)
wr 0x200000 $D/$C/size
wr 0x400000 $D/$C/size
for m in $D/$C/mapping[0-9]*; do
	echo "${m##*/}: $(cat $m/start)-$(cat $m/end) page_offset=$(cat $m/page_offset)"
done
echo "## bind a size-0 device"
wr 1 $R/create
E=$(cat $R/create)
wr $E /sys/bus/dax/drivers/device_dax/bind
echo "## /dev nodes: $(ls /dev | grep dax | tr '\n' ' ')"
daxctl list -RDMiu
