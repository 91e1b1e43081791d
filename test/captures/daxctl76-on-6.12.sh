# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario of kernel-captures/k612/misc/daxctl76.1-on-6.12.txt: bookworm's daxctl 76.1 (as
# `daxctl76`) and trixie's 81 (as `daxctl`) on the 6.12 hmem machine (dax0.0 on kmem, blocks
# offline), to tell daxctl differences from kernel ones. For busybox sh in `daxsim run`,
# sourced by replay.sh after lib.sh; replay.sh renames the capture's long 76.1 command line.
D=/sys/bus/dax/devices
R=$(regdir dax0.0)
section 60-daxctl76-on-6.12
run daxctl76 version
run daxctl76 reconfigure-device -m devdax -f dax0.0
run daxctl76 disable-device dax0.0
run daxctl76 reconfigure-device -s 0 dax0.0
run daxctl76 destroy-device dax0.0
wr dax0.0 $R/delete
ls $D
run daxctl destroy-device dax0.0
run daxctl76 create-device -s 4G
ls $D
