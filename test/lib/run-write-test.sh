#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run write-test in one mode inside daxsim on write.topo.
#   run-write-test.sh DAXSIM WRITE_TEST TOPOLOGY MODE
# Mode fault-matrix: the library's fault matrix for create + system-ram in one transaction:
# each write N of a clean run failed in turn with EBUSY, ENOSPC, EIO and ENXIO; every case
# must end in the requested state, the prior state, or a state with the steps left reported.
set -u
daxsim=$1 prog=$2 topo=$3 mode=$4
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
fault_matrix() {
	local tmp n e out cases=0 prior=0 requested=0 reported=0 fail=0
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	"$daxsim" run --topology "$topo" --log "$tmp/log" -- "$prog" fault >"$tmp/out" 2>&1
	grep -q '^outcome: requested' "$tmp/out" || { echo "FAIL: the clean run"; cat "$tmp/out"; exit 1; }
	n=$(wc -l <"$tmp/log")
	[ "$n" -ge 8 ] || { echo "FAIL: only $n writes in the clean run"; exit 1; }
	for ((i = 1; i <= n; i++)); do
		for e in EBUSY ENOSPC EIO ENXIO; do
			cases=$((cases + 1))
			if ! out=$("$daxsim" run --topology "$topo" --fail "$i:$e" -- "$prog" fault 2>&1); then
				echo "FAIL: write $i failed with $e:"; echo "$out"; fail=$((fail + 1)); continue
			fi
			case $out in
			*"outcome: prior"*) prior=$((prior + 1)) ;;
			*"outcome: requested"*) requested=$((requested + 1)) ;;
			*"outcome: reported"*) reported=$((reported + 1)) ;;
			*) echo "FAIL: write $i failed with $e: no outcome"; echo "$out"; fail=$((fail + 1)) ;;
			esac
		done
	done
	echo "library fault matrix: $n writes, $cases cases: $prior prior state, $requested requested state, $reported reported, $fail failed"
	[ $fail = 0 ] && [ $prior -gt 0 ]
	exit
}

case $mode in
fault-matrix) fault_matrix ;;
left) exec "$daxsim" run --topology "$topo" --fail 3:EBUSY -- "$prog" "$mode" ;;
kill|kill-cli) exec "$daxsim" run --topology "$topo" \
	--delay '/sys/devices/platform/hmem.0/dax0.2/size:3000' -- "$prog" "$mode" ;;
esac
exec "$daxsim" run --topology "$topo" -- "$prog" "$mode"
