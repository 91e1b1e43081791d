#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest only (daxsim has no nd bus): turn the legacy pmem namespace0.0 of memmap=1G!5G into
# a devdax namespace with 2M alignment through raw /sys/bus/nd writes, as
# `ndctl create-namespace -f -e namespace0.0 -m devdax` does: take the namespace from
# nd_pmem, configure region0's dax seed (uuid, align, mode pmem = struct pages in the
# namespace, namespace) and bind it to dax_pmem, which creates dax0.0 on the dax bus.
set -e
ND=/sys/bus/nd
[ -e $ND/devices/namespace0.0 ] || { echo "pmem-devdax: no namespace0.0" >&2; exit 1; }
if [ -L $ND/devices/namespace0.0/driver ]; then
	echo namespace0.0 >$ND/devices/namespace0.0/driver/unbind
fi
seed=$(cat $ND/devices/region0/dax_seed)
S=$ND/devices/$seed
cat /proc/sys/kernel/random/uuid >$S/uuid
echo 2097152 >$S/align
echo pmem >$S/mode
echo namespace0.0 >$S/namespace
echo "$seed" >$ND/drivers/dax_pmem/bind
[ -e /sys/bus/dax/devices/dax0.0 ] || { echo "pmem-devdax: no dax0.0 after binding $seed" >&2; exit 1; }
echo "pmem-devdax: $seed on namespace0.0, dax0.0 size $(cat /sys/bus/dax/devices/dax0.0/size)"
