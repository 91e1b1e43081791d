#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The daxctl sequence of kernel-captures/hmem/20-daxctl-sequence.txt (and k612/hmem/), run
# inside `daxsim run` with the daxctl given as $1. Prints a transcript: "$ daxctl ARGS", the
# output (stdout then stderr), "[rc=N]", and the memory block states where the capture has them.
daxctl=$1
D=/sys/bus/dax/devices
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
	echo "\$ daxctl $*"
	"$daxctl" "$@" >$tmp/out 2>$tmp/err
	local rc=$?
	cat $tmp/out $tmp/err
	echo "[rc=$rc]"
}
blocks() { # memory block states of $1's first range
	local s e bs i
	s=$(cat $D/$1/mapping0/start) e=$(cat $D/$1/mapping0/end)
	bs=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	for ((i = s / bs; i <= e / bs; i++)); do
		m=/sys/devices/system/memory/memory$i
		[ -d $m ] && echo "memory$i state=$(cat $m/state) zones=$(cat $m/valid_zones)"
	done
}
run list -RDMu
run reconfigure-device -m devdax -f dax0.0
run disable-device dax0.0
run list -RDMiu
run reconfigure-device -s 1G dax0.0
run list -RDMiu
run reconfigure-device -s 0 dax0.0
run destroy-device dax0.0
run list -RDMiu
run create-device -s 256M
run create-device -s 256M -a 4096
run create-device -s 4G
run create-device -s 3M
run destroy-device dax0.2
run list -RDM
run reconfigure-device -m system-ram dax0.1
run list -RDM
blocks dax0.1
run offline-memory dax0.1
blocks dax0.1
run online-memory dax0.1
blocks dax0.1
run online-memory --no-movable dax0.1
run disable-device dax0.1
run offline-memory dax0.1
run disable-device dax0.1
run list -RDMi
blocks dax0.1
run reconfigure-device -m devdax dax0.1
run list -RDMi
run reconfigure-device -m system-ram --no-online dax0.2
blocks dax0.2
run reconfigure-device -m devdax dax0.2
run disable-device all
run destroy-device dax0.2
run destroy-device dax0.1
run list -RDMiu
echo "## available_size=$(cat $(readlink -f $D/dax0.0)/../dax_region/available_size)"
