#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Signal matrix. For each workflow of the fault matrix: run it once with a daxsim write log to
# count its writes, then for each write N and each of SIGKILL, SIGINT and SIGTERM: run it
# again with every sysfs write held $HOLD ms (daxsim --delay) and send the signal once the
# write log shows N-1 writes done (write N is held or about to start).
#   SIGINT, SIGTERM: daxctl itself rolls back and exits non-zero (or had finished: exit 0 in
#     the requested state).
#   SIGKILL: nothing runs in daxctl; the next command that takes the region lock finds the
#     journal and rolls the transaction back. That command here is one that changes nothing
#     itself (create-device of more than the region has: it takes the lock, then refuses).
#     Before it, `daxctl list` must name the interrupted transaction exactly when its
#     journal exists.
# Every case must end in the prior state, or the requested one. Prints the counts.
# usage: kill-matrix.sh KERNEL [WORKFLOW...]
set -u
k=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
topo=$TOPOLOGIES/workflow-matrix.topo
HOLD=150
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export DAXCTL_LOCK_DIR=$work/lock
. "$here/matrix-workflows.sh"
# eight of them (each write costs three runs with every write held)
for w in create-align check-config destroy-kmem to-system-ram-N to-devdax-offline enable disable; do
	unset "W[$w]"
done
list=("$@")
[ ${#list[@]} -gt 0 ] || list=($(printf '%s\n' "${!W[@]}" | sort))

# The requested state: one run without signals. $1: output prefix.
reference() {
	"$DAXSIM" run --kernel "$k" --topology "$topo" --log "$1.log" -- bash -c '
		bash "$1"/dump-state.sh >"$2.before"
		$3 $4 >/dev/null 2>"$2.stderr"; echo $? >"$2.rc"
		bash "$1"/dump-state.sh >"$2.after"' sh "$here" "$1" "$DAXCTL" "$cmd"
}

# One case, inside daxsim: $1 here, $2 output prefix, $3 daxctl, $4 command, $5 signal,
# $6 writes to wait for, $7 the write log, $8 hold ms.
inside() {
	local here=$1 out=$2 daxctl=$3 cmd=$4 sig=$5 n=$6 log=$7 hold=$8 pid i
	# a script's background jobs ignore SIGINT: give daxctl the default disposition back
	perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' $daxctl $cmd >/dev/null 2>"$out.stderr" &
	pid=$!
	for ((i = 0; i < 3000; i++)); do
		[ "$(grep -c . "$log" 2>/dev/null)" -ge "$n" ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.01
	done
	kill -s "$sig" $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null; echo $? >"$out.rc"
	sleep "0.$((hold + 100))"	# a write held when daxctl died still lands
	if [ "$sig" = KILL ]; then
		# list names an interrupted transaction exactly when its journal is there
		[ -e "$DAXCTL_LOCK_DIR/region0.journal" ] && echo yes >"$out.journal" || echo no >"$out.journal"
		$daxctl list >/dev/null 2>"$out.list"
		$daxctl create-device -r 0 -s 1t >/dev/null 2>"$out.next"
	fi
	bash "$here"/dump-state.sh >"$out.after"
}
export -f inside

cases=0 prior=0 requested=0 fails=0 named=0
for w in "${list[@]}"; do
	cmd=${W[$w]}
	reference "$work/$w.ok"
	if [ "$(cat "$work/$w.ok.rc")" != 0 ]; then
		echo "FAIL $w: the run without signals failed:"; cat "$work/$w.ok.stderr"
		fails=$((fails + 1)); continue
	fi
	nw=$(grep -c . "$work/$w.ok.log")
	for ((n = 1; n <= nw; n++)); do
		for sig in KILL INT TERM; do
			c="$work/$w.$n.$sig"
			: >"$c.log"
			"$DAXSIM" run --kernel "$k" --topology "$topo" --log "$c.log" \
				--delay "/sys/*:$HOLD" -- bash -c 'inside "$@"' sh \
				"$here" "$c" "$DAXCTL" "$cmd" "$sig" $((n - 1)) "$c.log" "$HOLD"
			cases=$((cases + 1))
			rc=$(cat "$c.rc")
			[ $sig = KILL ] && [ "$(cat "$c.journal")" = yes ] && named=$((named + 1))
			if grep -q -e Sanitizer -e 'runtime error' "$c.stderr" "$c".next 2>/dev/null; then
				echo "FAIL $w write $n SIG$sig: sanitizer report:"; cat "$c.stderr"
				fails=$((fails + 1))
			elif [ $sig = KILL ] && { [ "$(cat "$c.journal")" = yes ] &&
					! grep -q 'region0: a transaction of pid [0-9]* was interrupted' "$c.list" ||
					[ "$(cat "$c.journal")" = no ] && [ -s "$c.list" ]; }; then
				echo "FAIL $w write $n SIGKILL: journal $(cat "$c.journal"), but list said: $(cat "$c.list")"
				fails=$((fails + 1))
			elif cmp -s "$c.after" "$work/$w.ok.before"; then
				prior=$((prior + 1))
			elif cmp -s "$c.after" "$work/$w.ok.after" && { [ $sig = KILL ] || [ "$rc" = 0 ]; }; then
				requested=$((requested + 1))
			else
				echo "FAIL $w write $n SIG$sig (write: $(sed -n ${n}p "$work/$w.ok.log")): exit $rc, state is neither prior nor requested:"
				diff "$work/$w.ok.before" "$c.after" | sed 's/^/    /'
				sed 's/^/    stderr: /' "$c.stderr"
				[ -e "$c.next" ] && sed 's/^/    next command: /' "$c.next"
				fails=$((fails + 1))
			fi
		done
	done
done
echo "signal matrix ($k): $cases cases: $prior prior state, $requested requested state, $fails failures; $named journals of a killed daxctl, each named by list"
[ $fails = 0 ] && [ $cases -gt 0 ]
