# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario of expected/kmem-leak-6.12/ (captured by test/vm/capture.sh on Debian's 6.12 with its
# default online policy: hmem dax0.0 bound to kmem at boot, its 16 blocks online): kmem
# unbound while the memory is online (the kernel keeps the memory and its claim until
# reboot), then devices created over the leaked range and bound with new_id/bind, and every
# attribute and errno after it. Raw sysfs only; busybox sh. Sourced after lib.sh.
D=/sys/bus/dax/devices
DEV=$D/dax0.0
R=$(regdir dax0.0)
K=/sys/bus/dax/drivers/kmem
X=/sys/bus/dax/drivers/device_dax
drv() { echo "$1 driver=$(readlink $D/$1/driver) size=$(cat $D/$1/size)"; }
region() { echo "region available_size=$(cat $R/available_size) seed=$(cat $R/seed) create=$(cat $R/create)"; }

section 70-kmem-leak
echo "## at boot"
drv dax0.0
region
memblocks 0x100000000 0x17fffffff
echo "## kmem unbind with the memory online"
wr dax0.0 $K/unbind
drv dax0.0
region
memblocks 0x100000000 0x17fffffff
dumpdir $DEV
echo "## bind it again"
wr dax0.0 $K/bind
drv dax0.0
wr dax0.0 $X/bind
drv dax0.0
echo "## shrink it and carve new devices over the leaked range"
wr 0 $DEV/size
drv dax0.0
region
wr 1 $R/create
N=$(cat $R/seed)
wr 268435456 $D/$N/size
drv $N
echo "$N mapping0=$(cat $D/$N/mapping0/start)-$(cat $D/$N/mapping0/end)"
wr $N $K/bind
drv $N
wr $N $X/bind
drv $N
wr $N $X/new_id
drv $N
wr $N $X/bind
drv $N
wr $N $K/new_id
drv $N
wr $N $K/bind
drv $N
region
dumpdir $D/$N
echo "## create again while dax0.1 is the unbound seed: no new device"
wr 1 $R/create
region
wr 536870912 $D/$N/size
echo "$N mapping0=$(cat $D/$N/mapping0/start)-$(cat $D/$N/mapping0/end)"
wr $N $K/bind
drv $N
wr $N /sys/bus/dax/drivers_probe
drv $N
wr $N $X/remove_id
wr $N $X/bind
drv $N
memblocks 0x100000000 0x12fffffff
echo "## the memory blocks of the leaked range"
wr online_movable /sys/devices/system/memory/memory32/state
wr online /sys/devices/system/memory/memory32/state
echo "## deleting the device, then dax0.0 back to its size over the leaked range"
wr $N $R/delete
wr 0 $D/$N/size
wr $N $R/delete
region
ls $D
wr 2147483648 $DEV/size
drv dax0.0
echo "dax0.0 mapping0=$(cat $DEV/mapping0/start)-$(cat $DEV/mapping0/end)"
wr dax0.0 $K/bind
drv dax0.0
region
