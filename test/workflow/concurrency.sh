#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two daxctl loops of create-device + destroy-device on one region at the same time, with
# daxsim --delay holding the create, size and bind writes so that each create leaves a wide
# window in which its new device is the region's idle seed.
#   concurrency.sh K            the region lock on: 50 iterations each; every create and
#                               destroy succeeds, no device is sized by two creates, and the
#                               region ends with the devices and available_size it started with
#   concurrency.sh K unlocked   each loop gets its own DAXCTL_LOCK_DIR, so the lock never
#                               contends: the loops must collide (a seed taken by both, a failed
#                               command, a device lost or available_size off) within 50
#                               iterations; both stop at the first collision seen
set -u
here=$(cd "$(dirname "$0")" && pwd)
k=${1:-6.12} mode=${2:-locked}
if [ "${3:-}" != --inside ]; then
	# the unlocked run holds the writes longer: the collision must not depend on the load
	case $mode in
	locked) hold=60 ;;
	unlocked) hold=250 ;;
	*) echo "usage: concurrency.sh K [locked|unlocked]"; exit 2 ;;
	esac
	log=$(mktemp)
	trap 'rm -f "$log"' EXIT
	# daxsim's ASan build can leak an open-file handle at teardown under this load (reported in
	# daxsim/INBOX-workflow.md): leak checks off for daxsim only, daxctl keeps them
	export WF_ASAN_OPTIONS=${ASAN_OPTIONS:-} WF_LOG=$log WF_HOLD=$hold
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$DAXSIM" run --kernel "$k" \
		--topology "$TOPOLOGIES/workflow-matrix.topo" --log "$log" \
		--delay '/sys/devices/*/dax_region/create:30' --delay "/sys/devices/*/dax0.*/size:$hold" \
		--delay "/sys/bus/dax/drivers/*/bind:$hold" -- bash "$here/concurrency.sh" "$k" "$mode" --inside
	exit
fi
if [ -n "${WF_ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS=$WF_ASAN_OPTIONS; else unset ASAN_OPTIONS; fi
. "$here/lib.sh"
loops=50
before_avail=$(region_attr dax0.0 available_size)
before_devs=$(ls $D | sort | tr '\n' ' ')
worker() { # $1: name; appends "created DEV" / "destroyed DEV" / "error ..." lines to $tmpd/$1
	local i dev o
	# a lock directory of its own: the two loops never wait for each other
	[ $mode = unlocked ] && export DAXCTL_LOCK_DIR=$tmpd/lock-$1
	for ((i = 0; i < loops; i++)); do
		[ $mode = unlocked ] && [ -e "$tmpd/collided" ] && break
		echo "iteration $i" >>"$tmpd/$1"
		# 0-300 ms at random: the serialised bind writes would otherwise lock the two loops in
		# step, both reading an empty seed at the same moment, which hides the race
		sleep "0.$(printf %03d $((RANDOM % 300)))"
		if ! o=$("$DAXCTL" create-device -r 0 -s 128M 2>>"$tmpd/$1.err"); then
			echo "error create $i" >>"$tmpd/$1"; touch "$tmpd/collided"; continue
		fi
		dev=$(echo "$o" | jq -r '.[0].chardev')
		echo "created $dev" >>"$tmpd/$1"
		if [ "$(cat $D/$dev/size 2>/dev/null)" != 134217728 ]; then
			echo "error $dev size $(cat $D/$dev/size 2>&1) right after create" >>"$tmpd/$1"
			touch "$tmpd/collided"
		fi
		if "$DAXCTL" destroy-device -f "$dev" 2>>"$tmpd/$1.err"; then
			echo "destroyed $dev" >>"$tmpd/$1"
		else
			echo "error destroy $dev" >>"$tmpd/$1"; touch "$tmpd/collided"
		fi
	done
}
worker a & worker b & wait
# a device given to two creates gets two non-zero size writes in one life (until its delete)
stolen=$(awk '$2 ~ /\/dax_region\/delete$/ && $4 == "ok" { d = $3; gsub(/"|\\n|\\000/, "", d); n[d] = 0 }
	$2 ~ /\/dax[0-9]+\.[0-9]+\/size$/ && $3 != "\"0\\n\"" && $3 != "\"0\\n\\000\"" {
		k = split($2, p, "/"); if (++n[p[k - 1]] == 2) print p[k - 1] }' "$WF_LOG" | sort -u | tr '\n' ' ')
end_avail=$(region_attr dax0.0 available_size)
end_devs=$(ls $D | sort | tr '\n' ' ')
if [ $mode = unlocked ]; then
	iters=$(cat "$tmpd/a" "$tmpd/b" | grep -c '^iteration ')
	errors=$(cat "$tmpd/a" "$tmpd/b" | grep -c '^error')
	evidence=""
	[ -n "$stolen" ] && evidence+="seed taken by both loops: $stolen; "
	[ "$errors" != 0 ] && evidence+="$errors failed commands or wrong sizes; "
	[ "$end_devs" != "$before_devs" ] && evidence+="devices at the end: $end_devs; "
	[ "$end_avail" != "$before_avail" ] && evidence+="available_size $end_avail, not $before_avail; "
	echo "without the lock, after $iters iterations in all: ${evidence:-no collision}"
	last="2 unlocked loops"
	[ -n "$evidence" ] && ok || bad "the loops did not collide without the lock: the test cannot tell the lock works"
	finish "concurrency without the lock ($k, 2 loops, collision seen)"
	exit
fi
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
expect_eq "$stolen" "" "devices sized by two creates (daxsim write log)"
# (libdaxctl writes a value with its terminating NUL, as upstream's library does)
expect_eq "$(grep -c '/size "0x8000000\\n\(\\000\)\?" ok$' "$WF_LOG")" $((2 * loops)) "128M size writes in the log"
expect_eq "$end_avail" "$before_avail" "available_size at the end"
expect_eq "$end_devs" "$before_devs" "devices at the end"
expect_eq "$(cat $(readlink -f $D/dax0.0)/../dax_region/seed)" "" "seed at the end"
finish "concurrency ($k, 2 x $loops create+destroy, writes held $WF_HOLD ms)"
