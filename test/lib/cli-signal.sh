#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SIGINT, SIGTERM and SIGHUP while daxctl onlines memory (each block write held 500 ms by
# daxsim --delay): daxctl stops at the next block, rolls back, says so and exits non-zero;
# the machine is as it was before the command.
set -u
for v in DAXSIM DAXCTL DAXCTL_SRC; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
if [ "${1:-}" != --inside ]; then
	[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
	exec "$DAXSIM" run --topology "$DAXCTL_SRC/test/lib/write.topo" \
		--delay '/sys/devices/system/memory/memory*/state:500' -- bash "$0" --inside
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DAXCTL_LOCK_DIR=$tmp/lock
M=/sys/devices/system/memory
state() {
	local d b
	for d in /sys/bus/dax/devices/*; do
		echo "${d##*/} $(cat $d/size) $(readlink $d/driver)"
	done
	for b in $M/memory*/state; do echo "$b $(cat $b)"; done
}
fail=0 cases=0
# first memory block of device $1
first_block() {
	echo $(( $(cat /sys/bus/dax/devices/$1/mapping0/start) / 0x$(cat $M/block_size_bytes) ))
}
# one case: SIGNAL DEV CMD...: kill daxctl once the first block of DEV is online (the next
# one is held)
case_() {
	local sig=$1 blk before after rc i
	blk=$(first_block $2); shift 2
	cases=$((cases + 1))
	before=$(state)
	# a script's background jobs ignore SIGINT (and daxctl keeps an ignored signal ignored):
	# restore its default first
	perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' "$DAXCTL" "$@" >"$tmp/out" 2>"$tmp/err" &
	local pid=$!
	for ((i = 0; i < 600; i++)); do
		[ "$(cat $M/memory$blk/state 2>/dev/null)" = online ] && break
		sleep 0.05
	done
	kill -"$sig" $pid
	wait $pid; rc=$?
	after=$(state)
	echo "[$sig: daxctl $*] exit $rc: $(grep interrupted "$tmp/err")"
	[ $rc != 0 ] || { echo "FAIL: exit 0"; fail=1; }
	grep -q "interrupted by .*: rolling back" "$tmp/err" ||
		{ echo "FAIL: no 'interrupted' message:"; cat "$tmp/err"; fail=1; }
	if [ "$before" != "$after" ]; then
		echo "FAIL: the state differs from before:"
		diff <(echo "$before") <(echo "$after"); fail=1
	fi
}
case_ INT dax0.0 reconfigure-device -m system-ram dax0.0
case_ TERM dax1.0 online-memory dax1.0
case_ HUP dax0.1 reconfigure-device -m system-ram --no-movable dax0.1
[ $fail = 0 ] && echo "PASS: $cases interrupted workflows rolled back"
exit $fail
