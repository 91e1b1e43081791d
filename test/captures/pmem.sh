# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario of kernel-captures/pmem-e820/ and pmem-nfit/ (6.1, daxctl 76.1): a static pmem
# dax region with one device (dax0.0, bound to device_dax), for busybox sh in `daxsim run`.
# Sourced by replay.sh after lib.sh. daxsim has no nvdimm bus: the ndctl steps of the capture
# (namespace conversion before, `ndctl disable-namespace all` at the end) are not replayed;
# the topology starts where the namespace was already converted to devdax.
section 20-pmem-sysfs
run find /sys/bus/dax/ -maxdepth 3
for dev in $(ls /sys/bus/dax/devices); do
	echo "## device $dev -> $(readlink -f /sys/bus/dax/devices/$dev)"
	dumpdir "$(readlink -f /sys/bus/dax/devices/$dev/..)"
	dumpdir "$(regdir $dev)"
	dumpdir /sys/bus/dax/devices/$dev
	[ -d /sys/bus/dax/devices/$dev/mapping0 ] && dumpdir /sys/bus/dax/devices/$dev/mapping0
done

section 30-pmem-writes-errno
dev=$(ls /sys/bus/dax/devices | head -1)
RD=$(regdir $dev)
DD=/sys/bus/dax/devices/$dev
wr 1 $RD/create
wr $dev $RD/delete
wr 0 $DD/size
wr 4096 $DD/align
wr 100000000-101ffffff $DD/mapping
run daxctl create-device -r 0 -s 256M
run daxctl reconfigure-device -m system-ram $dev
run daxctl list -RDMiu
memblocks "$(cat $DD/resource)" "$(($(cat $DD/resource) + $(cat $DD/size) - 1))"
run daxctl offline-memory $dev
run daxctl reconfigure-device -m devdax $dev
run daxctl disable-device $dev
run daxctl list -RDMiu
run daxctl enable-device $dev
