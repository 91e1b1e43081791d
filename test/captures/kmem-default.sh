# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario of kernel-captures/k612/kmem-*/ (6.12, daxctl 81): hmem dax0.0 bound to kmem at boot,
# its memory blocks under the auto-online policy, the memmap_on_memory attribute, the raw
# bind paths, for busybox sh in `daxsim run`. Sourced by replay.sh after lib.sh.
# /proc/iomem, dmesg and /proc/meminfo are not simulated: their lines are read here as in the
# capture and replay.sh drops or masks them on both sides.
D=/sys/bus/dax/devices
DEV=$D/dax0.0
R=$(regdir dax0.0)
span() { memblocks "$(cat $DEV/mapping0/start)" "$(cat $DEV/mapping0/end)"; }
mem() { echo "driver=$(readlink $DEV/driver) memmap_on_memory=$(cat $DEV/memmap_on_memory) $(grep MemTotal /proc/meminfo)"; }
drv() { echo "$1 driver=$(readlink $D/$1/driver)"; }

section 00-kmem-default
run daxctl version
run cat /sys/devices/system/memory/auto_online_blocks
echo "## memory_hotplug module parameters"
grep . /sys/module/memory_hotplug/parameters/*
echo "## dax0.0 driver at boot: $(readlink $DEV/driver)"
echo "## /proc/iomem (dax part)"
echo "## memory blocks of dax0.0"
span
grep -E 'MemTotal|MemFree' /proc/meminfo
run daxctl list -RDMu
echo "## dmesg"
echo "## state attribute while bound to kmem:"
ls -la $DEV/state 2>&1
ls $DEV
dumpdir $DEV

section 10-memmap-on-memory
echo "## mode: $(stat -c '%A %a' $DEV/memmap_on_memory) value: $(cat $DEV/memmap_on_memory)"
echo "## bound to kmem"
mem
wr 1 $DEV/memmap_on_memory
wrn 1 $DEV/memmap_on_memory
wr 0 $DEV/memmap_on_memory
wr y $DEV/memmap_on_memory
wr bogus $DEV/memmap_on_memory
echo "value: $(cat $DEV/memmap_on_memory)"
daxctl reconfigure-device -h 2>&1 | grep -iE 'usage|memmap|movable|online'
run daxctl reconfigure-device -m devdax -f dax0.0
echo "## bound to device_dax"
mem
span
wr 1 $DEV/memmap_on_memory
echo "value: $(cat $DEV/memmap_on_memory)"
run daxctl disable-device dax0.0
echo "## unbound"
mem
wr 1 $DEV/memmap_on_memory
echo "value: $(cat $DEV/memmap_on_memory)"
wr 0 $DEV/memmap_on_memory
wr 1 $DEV/memmap_on_memory
echo "value: $(cat $DEV/memmap_on_memory)"
echo "## raw bind to kmem with memmap_on_memory=$(cat $DEV/memmap_on_memory)"
wr dax0.0 /sys/bus/dax/drivers/kmem/bind
mem
span
echo "## flip while bound to kmem"
wr 0 $DEV/memmap_on_memory
wr 1 $DEV/memmap_on_memory
echo "value: $(cat $DEV/memmap_on_memory)"
echo "## state while kmem-bound: $(ls $DEV/state 2>&1)"
run daxctl list -DMu
run daxctl online-memory dax0.0
mem
span
run daxctl list -DMu
run daxctl offline-memory dax0.0
run daxctl reconfigure-device -m devdax dax0.0
mem
run daxctl reconfigure-device -m system-ram dax0.0
mem
span
run daxctl list -DMu
run daxctl reconfigure-device -m devdax -f dax0.0
mem

section 20-drivers-probe-and-new-device
run daxctl disable-device dax0.0
run daxctl reconfigure-device -s 512M dax0.0
wr 1 $R/create
N=$(cat $R/create)
wr 268435456 $D/$N/size
echo "## new $N: driver=$(readlink $D/$N/driver) memmap_on_memory=$(cat $D/$N/memmap_on_memory)"
wr $N /sys/bus/dax/drivers/device_dax/bind
echo "driver=$(readlink $D/$N/driver)"
wr $N /sys/bus/dax/drivers/kmem/bind
echo "driver=$(readlink $D/$N/driver)"
wr $N /sys/bus/dax/drivers/kmem/unbind
wr $N /sys/bus/dax/drivers_probe
echo "after drivers_probe: driver=$(readlink $D/$N/driver)"
memblocks "$(cat $D/$N/mapping0/start)" "$(cat $D/$N/mapping0/end)"
run daxctl list -DMu
run daxctl create-device -s 256M
run daxctl list -DMu

section 30-bind-paths
echo "## devices: $(ls $D | tr '\n' ' ') avail=$(cat $R/available_size)"
wr 1 $R/create
N=$(cat $R/create)
wr 160000000-167ffffff $D/$N/mapping
drv $N
wr $N /sys/bus/dax/drivers/device_dax/bind
drv $N
wr $N /sys/bus/dax/drivers/device_dax/new_id
drv $N
wr $N /sys/bus/dax/drivers/device_dax/bind
drv $N
echo "## writes on a device_dax-bound device"
wr 0 $D/$N/size
wr 4096 $D/$N/align
wr 170000000-1701fffff $D/$N/mapping
echo "size=$(cat $D/$N/size)"
wr $N $R/delete
wr 1 $D/$N/memmap_on_memory
wr 0 $D/$N/memmap_on_memory
wr $N /sys/bus/dax/drivers/kmem/bind
wr $N /sys/bus/dax/drivers/device_dax/unbind
wr $N /sys/bus/dax/drivers/device_dax/unbind
drv $N
wr $N /sys/bus/dax/drivers/device_dax/remove_id
echo "## kmem bind of a device with a 128M block-aligned range + a 2M range"
wr $N /sys/bus/dax/drivers/kmem/bind
drv $N
memblocks 0x160000000 0x167ffffff
M=/sys/devices/system/memory/memory44
wr online_movable $M/state
wr online_movable $M/state
wr online $M/state
wr bogus $M/state
echo "memory44 state=$(cat $M/state) zones=$(cat $M/valid_zones)"
wr 0 $D/$N/size
wr $N $R/delete
wr $N /sys/bus/dax/drivers/kmem/unbind
drv $N
wr offline $M/state
wr offline $M/state
wr 0 $M/online
wr 1 $M/online
wr 1 $M/online
wr 0 $M/online
echo "## size-0 device"
wr 1 $R/create
E=$(cat $R/create)
wr $E /sys/bus/dax/drivers/device_dax/bind
wr $E /sys/bus/dax/drivers/device_dax/new_id
drv $E
wr $E /sys/bus/dax/drivers/device_dax/bind
drv $E
run daxctl list -RDMiu
