#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of one module shape of fidelity.sh: make its regions with dax_memmap, run its
# scenarios through batch.sh (the compared output), then take the machine apart again:
# offline the memory of the reserved range, remove every region, check nothing is left.
#   shape-guest.sh NAME CREATE-LINE... -- SCENARIO.sh...
# Prints "##### SHAPE NAME" first; a failure prints a line starting with "SHAPE-ERROR".
here=$(cd "$(dirname "$0")" && pwd)
D=/sys/bus/platform/drivers/dax_memmap
name=$1
shift
echo "##### SHAPE $name"
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	if ! err=$({ printf '%s\n' "$1" >$D/create; } 2>&1); then
		echo "SHAPE-ERROR $name: create '$1': $err"
	fi
	shift
done
shift
bash "$here/batch.sh" "$@"
# blocks 32-63 are the reserved range 0x100000000-0x1ffffffff
for ((b = 32; b < 64; b++)); do
	f=/sys/devices/system/memory/memory$b/state
	[ -f $f ] && [ "$(<$f)" = online ] && { echo offline >$f || echo "SHAPE-ERROR $name: offline memory$b"; }
done
ids=()
while read -r id _; do ids=("$id" "${ids[@]}"); done <$D/regions
for id in "${ids[@]}"; do
	echo "$id" >$D/remove || echo "SHAPE-ERROR $name: remove region $id"
done
for d in /sys/bus/dax/devices/*; do [ -e "$d" ] && echo "SHAPE-ERROR $name: ${d##*/} left behind"; done
[ -z "$(<$D/regions)" ] || echo "SHAPE-ERROR $name: regions left: $(<$D/regions)"
exit 0
