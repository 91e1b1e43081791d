#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The library's fault matrix of one workflow: a clean run of `fault-test WORKFLOW` in daxsim
# counts its writes; then each write N is failed in turn with EBUSY, ENOSPC, EIO and ENXIO.
# Every case must end in the requested state (the clean run's), in the prior state, or
# with the steps left in place reported; and no journal may be left behind. KERNEL (6.1,
# 6.12, next) overrides the topology's: next has the kmem state attribute.
#   run-fault-matrix.sh DAXSIM FAULT_TEST TOPOLOGY WORKFLOW [KERNEL]
set -u
daxsim=$1 prog=$2 topo=$3 wf=$4 kernel=${5:+--kernel $5}
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DAXCTL_LOCK_DIR=$tmp/lock
mkdir -m 0755 "$DAXCTL_LOCK_DIR"

# one case: $1 = daxsim options; the program's output in $tmp/out
run_case() {
	# shellcheck disable=SC2086 # the options are words
	"$daxsim" run $kernel --topology "$topo" $1 -- "$prog" "$wf" >"$tmp/out" 2>&1 || return 1
	! ls "$DAXCTL_LOCK_DIR"/*.journal >/dev/null 2>&1
}

run_case "--log $tmp/log" || { echo "FAIL: the clean run"; cat "$tmp/out"; exit 1; }
grep -q '^outcome: requested' "$tmp/out" || { echo "FAIL: the clean run"; cat "$tmp/out"; exit 1; }
want=$(grep '^after: ' "$tmp/out")
n=$(wc -l <"$tmp/log")
[ "$n" -ge 2 ] || { echo "FAIL: only $n writes in the clean run"; exit 1; }
cases=0 prior=0 requested=0 reported=0 fail=0
for ((i = 1; i <= n; i++)); do
	for e in EBUSY ENOSPC EIO ENXIO; do
		cases=$((cases + 1))
		if ! run_case "--fail $i:$e"; then
			echo "FAIL: $wf, write $i failed with $e (exit status, or a journal left):"
			cat "$tmp/out"; fail=$((fail + 1)); continue
		fi
		case $(grep '^outcome: ' "$tmp/out") in
		"outcome: prior"*) prior=$((prior + 1)) ;;
		"outcome: requested"*)
			if [ "$(grep '^after: ' "$tmp/out")" = "$want" ]; then
				requested=$((requested + 1))
			else
				echo "FAIL: $wf, write $i failed with $e: succeeded, but not as the clean run:"
				cat "$tmp/out"; fail=$((fail + 1))
			fi ;;
		"outcome: reported"*) reported=$((reported + 1)); grep '^left: ' "$tmp/out" ;;
		*) echo "FAIL: $wf, write $i failed with $e: no outcome"; cat "$tmp/out"
			fail=$((fail + 1)) ;;
		esac
	done
done
echo "library fault matrix, $wf${5:+ on $5}: $n writes, $cases cases: $prior prior state, $requested requested state, $reported reported, $fail failed"
[ $fail = 0 ] && [ $prior -gt 0 ]
