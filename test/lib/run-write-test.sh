#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run write-test in one mode inside daxsim on write.topo.
#   run-write-test.sh DAXSIM WRITE_TEST TOPOLOGY MODE
set -u
daxsim=$1 prog=$2 topo=$3 mode=$4
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
case $mode in
left) exec "$daxsim" run --topology "$topo" --fail 3:EBUSY -- "$prog" "$mode" ;;
kill|kill-cli) exec "$daxsim" run --topology "$topo" \
	--delay '/sys/devices/platform/hmem.0/dax0.2/size:3000' -- "$prog" "$mode" ;;
esac
exec "$daxsim" run --topology "$topo" -- "$prog" "$mode"
