#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run class-test on a fixture sysfs (legacy /sys/class/dax device + one dax-bus device)
# mounted over /sys and /dev in a private mount namespace. daxsim models only the dax bus.
#   class-model.sh CLASS_TEST
set -u
prog=$1
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for a private mount namespace"; exit 77; }
command -v unshare >/dev/null || { echo "SKIP: unshare (util-linux) missing"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
S=$t/sys
mkdir -p "$S/class/dax" "$S/bus/dax/devices" "$S/bus/dax/drivers/device_dax" "$t/dev"

# legacy class model: the region is the nd_dax device, devices under its dax/ directory
reg=$S/devices/platform/e820_pmem/ndbus0/region0/dax0.0
mkdir -p "$reg/dax_region" "$reg/dax/dax0.0"
echo 0 > "$reg/dax_region/id"
echo 1073741824 > "$reg/dax_region/size"
echo 2097152 > "$reg/dax_region/align"
echo 1073741824 > "$reg/dax/dax0.0/size"
echo 252:0 > "$reg/dax/dax0.0/dev"
ln -s ../../../../../../../class/dax "$reg/dax/dax0.0/subsystem"
ln -s ../../devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax/dax0.0 "$S/class/dax/dax0.0"
mknod "$t/dev/dax0.0" c 252 0

# dax bus
dev=$S/devices/platform/hmem.1/dax1.0
mkdir -p "$S/devices/platform/hmem.1/dax_region" "$dev"
echo 2147483648 > "$S/devices/platform/hmem.1/dax_region/size"
echo 2097152 > "$S/devices/platform/hmem.1/dax_region/align"
echo 2147483648 > "$dev/size"
echo 2097152 > "$dev/align"
echo 1 > "$dev/target_node"
echo 0x180000000 > "$dev/resource"
echo 252:1 > "$dev/dev"
ln -s ../../../bus/dax "$dev/subsystem"
ln -s ../../../bus/dax/drivers/device_dax "$dev/driver"
ln -s ../../../devices/platform/hmem.1/dax1.0 "$S/bus/dax/devices/dax1.0"
mknod "$t/dev/dax1.0" c 252 1

exec unshare --mount --propagation private sh -c \
	'mount --bind "$1/sys" /sys && mount --bind "$1/dev" /dev && exec "$2"' sh "$t" "$prog"
