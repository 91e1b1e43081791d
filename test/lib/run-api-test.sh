#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run api-test in one mode inside daxsim on api.topo.
#   run-api-test.sh DAXSIM API_TEST TOPOLOGY MODE
set -u
daxsim=$1 api=$2 topo=$3 mode=$4
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
case $mode in
main|mapping)
	exec "$daxsim" run --topology "$topo" -- "$api" "$mode" ;;
fail)
	exec "$daxsim" run --topology "$topo" \
		--fail '/sys/devices/system/memory/memory72/state:EBUSY' \
		--fail '/sys/bus/dax/drivers/kmem/new_id:EBUSY' \
		--fail '/sys/bus/dax/drivers/kmem/bind:EBUSY' -- "$api" fail ;;
unpriv)
	command -v setpriv >/dev/null || { echo "SKIP: setpriv missing"; exit 77; }
	exec "$daxsim" run --topology "$topo" -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$api" unpriv ;;
esac
echo "unknown mode $mode"
exit 2
