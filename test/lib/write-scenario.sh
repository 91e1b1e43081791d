#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A sequence of daxctl write commands on daxsim's default machine, for dropin-write.sh.
#   write-scenario.sh DAXCTL
D=$1
run() { echo "\$ daxctl $*"; "$D" "$@"; echo "[rc=$?]"; }
# on 6.12 dax0.0 starts in system-ram mode: bring it to devdax first
run reconfigure-device -m devdax -f dax0.0
run list -RDMi
run offline-memory dax1.0
run reconfigure-device -m devdax dax1.0
run disable-device dax0.0
run reconfigure-device -s 1G dax0.0
# enabled again before create-device: upstream's enable writes new_id, which on 6.1 also binds
# every other disabled device (dax0.0 here); ours binds only the device asked for (README)
run enable-device dax0.0
run create-device -s 256M -a 4096
run create-device -s 4G
run create-device -s 512M
run destroy-device dax0.2
run destroy-device -f dax0.2
run destroy-device dax0.0
run reconfigure-device -m system-ram -N -f dax0.1
run online-memory dax0.1
run online-memory --no-movable dax0.1
run offline-memory dax0.1
run online-memory --no-movable dax0.1
run reconfigure-device -m system-ram -f dax1.0
run enable-device dax0.0
run list -RDMi
run reconfigure-device -m devdax -f dax0.1
run create-device -s 8G
run disable-device all
run list -RDMiu
