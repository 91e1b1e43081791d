#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault-injection matrix. For each workflow: run it once with a daxsim write log, then once
# per logged write N and errno E (EBUSY, ENOSPC, EIO, ENXIO) with `--fail N:E`. Each case must
# end in the prior state (with a non-zero exit), or in the requested state (exit 0), or in a
# state daxctl reported as left in place whose dump matches what it said. Prints the count.
# usage: fault-matrix.sh KERNEL [WORKFLOW...]
set -u
k=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
topo=$TOPOLOGIES/workflow-matrix.topo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$here/matrix-workflows.sh"
list=("$@")
[ ${#list[@]} -gt 0 ] || list=($(printf '%s\n' "${!W[@]}" | sort))

# one run: [dump,] daxctl, dump; $1 = output prefix, $2 = "before" to dump the state first
# (the machine is the same topology every time, so the fault runs skip it), rest: daxsim options
one() {
	local out=$1 before=$2; shift 2
	"$DAXSIM" run --kernel "$k" --topology "$topo" "$@" -- bash -c '
		[ "$5" = before ] && bash "$1"/dump-state.sh >"$2.before"
		$3 $4 >"$2.stdout" 2>"$2.stderr"; echo $? >"$2.rc"
		bash "$1"/dump-state.sh >"$2.after"' sh "$here" "$out" "$DAXCTL" "$cmd" "$before"
}

cases=0 prior=0 requested=0 reported=0 fails=0
for w in "${list[@]}"; do
	cmd=${W[$w]}
	one "$work/$w.ok" before --log "$work/$w.log"
	if [ "$(cat "$work/$w.ok.rc")" != 0 ]; then
		echo "FAIL $w: the run without faults failed:"; cat "$work/$w.ok.stderr"; fails=$((fails + 1)); continue
	fi
	if cmp -s "$work/$w.ok.before" "$work/$w.ok.after"; then
		echo "FAIL $w: the run without faults changed nothing"; fails=$((fails + 1)); continue
	fi
	nw=$(grep -c . "$work/$w.log")
	for ((n = 1; n <= nw; n++)); do
		for e in EBUSY ENOSPC EIO ENXIO; do
			c="$work/$w.$n.$e"
			one "$c" - --fail "$n:$e"
			cases=$((cases + 1))
			rc=$(cat "$c.rc")
			if grep -q -e Sanitizer -e 'runtime error' "$c.stderr"; then
				echo "FAIL $w write $n $e: sanitizer report:"; sed 's/^/    /' "$c.stderr"
				fails=$((fails + 1))
			elif cmp -s "$c.after" "$work/$w.ok.before"; then
				if [ "$rc" = 0 ]; then
					echo "FAIL $w write $n $e: nothing changed, yet exit 0"; fails=$((fails + 1))
				else
					prior=$((prior + 1))
				fi
			elif cmp -s "$c.after" "$work/$w.ok.after"; then
				if [ "$rc" != 0 ]; then
					echo "FAIL $w write $n $e: requested state reached, yet exit $rc"; fails=$((fails + 1))
				else
					requested=$((requested + 1))
				fi
			elif grep -q "left in place" "$c.stderr" && [ "$rc" != 0 ]; then
				reported=$((reported + 1))
				echo "note $w write $n $e: left a reported state:"; sed 's/^/    /' "$c.stderr"
			else
				echo "FAIL $w write $n $e (write: $(sed -n ${n}p "$work/$w.log")): rc $rc, state is neither prior nor requested:"
				diff "$work/$w.ok.before" "$c.after" | sed 's/^/    /'
				sed 's/^/    stderr: /' "$c.stderr"
				fails=$((fails + 1))
			fi
		done
	done
done
echo "fault matrix ($k): $cases cases: $prior prior state, $requested requested state, $reported reported, $fails failures"
[ $fails = 0 ] && [ $cases -gt 0 ]
