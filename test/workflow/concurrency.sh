#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two daxctl loops of 50 create-device + destroy-device each on one region at the same time:
# every create and destroy must succeed, no device may be handed to both loops, and at the
# end the region must hold exactly the devices and available_size it started with.
set -u
here=$(cd "$(dirname "$0")" && pwd)
k=${1:-6.12}
if [ "${2:-}" != --inside ]; then
	# daxsim's ASan build can leak an open-file handle at teardown under this load (reported in
	# test/daxsim/INBOX-workflow.md): leak checks off for daxsim only, daxctl keeps them
	export WF_ASAN_OPTIONS=${ASAN_OPTIONS:-}
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 exec "$DAXSIM" run --kernel "$k" --topology "$TOPOLOGIES/workflow-matrix.topo" -- \
		bash "$here/concurrency.sh" "$k" --inside
fi
if [ -n "${WF_ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS=$WF_ASAN_OPTIONS; else unset ASAN_OPTIONS; fi
. "$here/lib.sh"
loops=50
before_avail=$(region_attr dax0.0 available_size)
before_devs=$(ls $D | sort | tr '\n' ' ')
worker() { # $1: name; appends "created DEV" / "destroyed DEV" / "error ..." lines to $tmpd/$1
	local i dev o
	for ((i = 0; i < loops; i++)); do
		if ! o=$("$DAXCTL" create-device -r 0 -s 128M 2>>"$tmpd/$1.err"); then
			echo "error create $i" >>"$tmpd/$1"; continue
		fi
		dev=$(echo "$o" | jq -r '.[0].chardev')
		echo "created $dev" >>"$tmpd/$1"
		if [ "$(cat $D/$dev/size 2>/dev/null)" != 134217728 ]; then
			echo "error $dev size $(cat $D/$dev/size 2>&1) right after create" >>"$tmpd/$1"
		fi
		if "$DAXCTL" destroy-device -f "$dev" 2>>"$tmpd/$1.err"; then
			echo "destroyed $dev" >>"$tmpd/$1"
		else
			echo "error destroy $dev" >>"$tmpd/$1"
		fi
	done
}
worker a & worker b & wait
for w in a b; do
	n=$(grep -c '^created ' "$tmpd/$w"); expect_eq "$n" $loops "creates that succeeded in loop $w"
	n=$(grep -c '^destroyed ' "$tmpd/$w"); expect_eq "$n" $loops "destroys that succeeded in loop $w"
	e=$(grep '^error' "$tmpd/$w" | head -3); expect_eq "$e" "" "errors in loop $w"
	[ -s "$tmpd/$w.err" ] && grep -v -e '^created 1 device$' -e '^destroyed 1 device$' "$tmpd/$w.err" | head -5
done
# a device a loop created stays its own until it destroys it: its create/destroy lines pair up
for w in a b; do
	bad=$(awk '$1 == "created" { if (open[$2]) print "twice " $2; open[$2] = 1 }
		$1 == "destroyed" { if (!open[$2]) print "not open " $2; open[$2] = 0 }' "$tmpd/$w")
	expect_eq "$bad" "" "device bookkeeping of loop $w"
done
expect_eq "$(region_attr dax0.0 available_size)" "$before_avail" "available_size at the end"
expect_eq "$(ls $D | sort | tr '\n' ' ')" "$before_devs" "devices at the end"
expect_eq "$(cat $(readlink -f $D/dax0.0)/../dax_region/seed)" "" "seed at the end"
finish "concurrency ($k, 2 x $loops create+destroy)"
