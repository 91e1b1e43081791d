#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Onlining 128 memory blocks shows progress on stderr when it is a terminal (script(1) gives
# daxsim a pseudo-terminal), and none when stderr is a file.
set -u
command -v script >/dev/null || { echo "script(1) (util-linux) missing"; exit 77; }
topo=$TOPOLOGIES/workflow-big.topo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fails=$((fails + 1)); fi; }

script -qec "'$DAXSIM' run --kernel 6.1 --topology '$topo' -- sh -c '\"$DAXCTL\" online-memory dax0.0; echo rc=\$?'" \
	/dev/null >"$work/tty.txt" 2>&1
tr '\r' '\n' <"$work/tty.txt" >"$work/tty.lines"
check 'grep -q "^dax0.0: onlining memory block 1 of 128$" "$work/tty.lines"' "progress starts at block 1 of 128"
check 'grep -q "^dax0.0: onlining memory block 113 of 128$" "$work/tty.lines"' "progress reaches block 113 of 128"
check 'grep -q "onlined memory for 1 device" "$work/tty.lines"' "summary after the progress"
check 'grep -q "^rc=0" "$work/tty.lines"' "exit 0 on a terminal"

"$DAXSIM" run --kernel 6.1 --topology "$topo" -- sh -c \
	"\"$DAXCTL\" online-memory dax0.0 2>'$work/err.txt'; echo rc=\$?; \"$DAXCTL\" list -d dax0.0" >"$work/out.txt"
check 'grep -q "^rc=0" "$work/out.txt"' "exit 0 with stderr in a file"
check '[ "$(jq -r ".[0].online_memblocks" <(sed 1d "$work/out.txt"))" = 128 ]' "128 blocks online"
check '! grep -q "memory block" "$work/err.txt"' "no progress when stderr is a file"
check '[ "$(cat "$work/err.txt")" = "onlined memory for 1 device" ]' "only the summary when stderr is a file"
echo "progress: $fails failures"
[ $fails = 0 ]
