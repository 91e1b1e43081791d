#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# libdaxctl(3)'s example program (a provisioning agent, built from the man page's text) on
# daxsim: it makes a device and hands it to the kernel; a failed kmem bind, and SIGINT while
# the blocks come online, each end with everything rolled back (the machine as before).
# usage: example.sh PROGRAM
set -u
prog=$1
for v in DAXSIM DAXCTL DAXCTL_SRC TOPOLOGIES; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
if [ "${2:-}" != --inside ]; then
	[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
	tmp=$(mktemp -d)
	[ -n "${EX_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
	export DAXCTL_LOCK_DIR=$tmp/lock EX_TMP=$tmp
	topo=$TOPOLOGIES/workflow-matrix.topo dump=$DAXCTL_SRC/test/workflow/dump-state.sh
	fail=0
	run() { # NAME, daxsim options -- inside: before, program, after
		local name=$1; shift
		"$DAXSIM" run --topology "$topo" "$@" -- bash -c '
			bash "$1" >"$2.before"; "$3" >"$2.out" 2>"$2.err"; echo $? >"$2.rc"
			"$4" list -d all >"$2.list" 2>/dev/null; bash "$1" >"$2.after"' \
			sh "$dump" "$tmp/$name" "$prog" "$DAXCTL"
	}
	check() { # TEXT STATUS CASE: report
		if [ "$2" = 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; sed 's/^/    /' "$tmp/$3.err"; fail=1; fi
	}
	# 1. success: a new device in system-ram mode with its 2 blocks online, movable
	run ok
	dev=$(sed -n 's/: 2 memory blocks online$//p' "$tmp/ok.out")
	j=$(jq -c --arg d "$dev" '[.[] | select(.chardev == $d) | .mode, .online_memblocks, .movable]' "$tmp/ok.list")
	[ "$(cat "$tmp/ok.rc")" = 0 ] && [ -n "$dev" ] && [ "$j" = '["system-ram",2,true]' ]
	r=$?; check "success: exit $(cat "$tmp/ok.rc"), '$(cat "$tmp/ok.out")', list $j" $r ok
	# 2. the kmem bind fails (EIO): exit 1, the device is gone again
	run bindfail --fail '/sys/bus/dax/drivers/kmem/bind:EIO'
	[ "$(cat "$tmp/bindfail.rc")" = 1 ] && cmp -s "$tmp/bindfail.before" "$tmp/bindfail.after" &&
		grep -q 'provisioning failed: Input/output error: rolling back' "$tmp/bindfail.err"
	r=$?; check "kmem bind EIO: exit $(cat "$tmp/bindfail.rc"), machine as before" $r bindfail
	# 3. SIGINT while the second block is held (2 s: time enough on a loaded machine): exit 1, everything rolled back
	"$DAXSIM" run --topology "$topo" --delay '/sys/devices/system/memory/memory*/state:2000' \
		--log "$tmp/sig.log" \
		-- bash "$0" "$prog" --inside
	cmp -s "$tmp/sig.before" "$tmp/sig.after" && [ "$(cat "$tmp/sig.rc")" = 1 ] &&
		grep -q 'provisioning failed: Interrupted system call: rolling back' "$tmp/sig.err"
	r=$?; check "SIGINT during online: exit $(cat "$tmp/sig.rc"), machine as before" $r sig
	[ $fail = 0 ] && echo "PASS: libdaxctl(3) example" && exit 0
	exit 1
fi
# inside daxsim for case 3: interrupt once the first block is online
tmp=$EX_TMP
bash "$DAXCTL_SRC/test/workflow/dump-state.sh" >"$tmp/sig.before"
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' "$prog" >"$tmp/sig.out" 2>"$tmp/sig.err" &
pid=$!
# the write log shows the first block's online (the free range starts at block 44)
for ((i = 0; i < 1000; i++)); do
	grep -q '/memory44/state "online' "$tmp/sig.log" && break
	sleep 0.01
done
kill -INT $pid
wait $pid; echo $? >"$tmp/sig.rc"
bash "$DAXCTL_SRC/test/workflow/dump-state.sh" >"$tmp/sig.after"
