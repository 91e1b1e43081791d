# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario of kernel-captures/misc/two-hmem-regions-region_idle.txt (6.1, daxctl 76.1): two
# hmem regions whose dax_hmem was loaded with region_idle=1, for busybox sh in `daxsim run`.
# Sourced by replay.sh after lib.sh. The capture's `cat /proc/cmdline` and `modprobe dax_hmem
# region_idle=1` steps are the topology's job here (replay.sh drops them from the capture),
# and /proc/iomem is not served.
section 50-two-hmem-idle
echo "## two Soft Reserved ranges, dax_hmem loaded with region_idle=1"
run ls -l /sys/bus/dax/devices/
for r in /sys/devices/platform/hmem.*/dax_region; do dumpdir $r; done
dumpdir /sys/bus/dax/devices/dax0.0
run daxctl list -RDMiu
run daxctl create-device -r 1 -s 512M
run daxctl list -RDMu -r 1
run ls /sys/bus/dax/drivers/device_dax
