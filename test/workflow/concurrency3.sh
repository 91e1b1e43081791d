#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Three processes on one region at once, every write held 20 ms (daxsim --delay) so that they
# interleave:
#   A  daxctl: create-device 128M, reconfigure-device -m system-ram -N, reconfigure-device
#      -m devdax -f, destroy-device -f; LOOPS times
#   B  a library client (agent-loop.c): daxctl_region_create_devdax 128M, daxctl_dev_destroy;
#      LOOPS times
#   C  daxctl: online-memory, offline-memory and enable-device on each device A and B made,
#      until A and B end
# Every create and destroy of A and B must succeed, each device being the loop's own, and at
# the end the machine must be exactly as before: no device left, available_size as before, no
# memory block online without a device (the free range's blocks absent).
# usage: concurrency3.sh AGENT-LOOP
set -u
agent=$1
here=$(cd "$(dirname "$0")" && pwd)
for v in DAXSIM DAXCTL TOPOLOGIES; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
if [ "${2:-}" != --inside ]; then
	[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
	exec "$DAXSIM" run --kernel 6.12 --topology "$TOPOLOGIES/workflow-matrix.topo" \
		--delay '/sys/*:20' -- bash "$0" "$agent" --inside
fi
loops=15
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DAXCTL_LOCK_DIR=$tmp/lock
bash "$here/dump-state.sh" >"$tmp/before"
a() {
	local i o dev
	for ((i = 0; i < loops; i++)); do
		if ! o=$("$DAXCTL" create-device -r 0 -s 128M 2>>"$tmp/a.err"); then
			echo "error create $i"; continue
		fi
		dev=$(echo "$o" | jq -r '.[0].chardev')
		echo "created $dev"
		"$DAXCTL" reconfigure-device -m system-ram -N "$dev" >/dev/null 2>>"$tmp/a.err" ||
			echo "error system-ram $dev"
		"$DAXCTL" reconfigure-device -m devdax -f "$dev" >/dev/null 2>>"$tmp/a.err" ||
			echo "error devdax $dev"
		"$DAXCTL" destroy-device -f "$dev" 2>>"$tmp/a.err" && echo "destroyed $dev" ||
			echo "error destroy $dev"
	done >"$tmp/a"
}
c() {
	local n=0 d
	while [ ! -e "$tmp/done" ]; do
		# the devices A and B made (the topology's own are dax0.0 to dax0.4)
		for d in $(ls /sys/bus/dax/devices | grep -vx 'dax0\.[0-4]'); do
			"$DAXCTL" online-memory "$d" >/dev/null 2>&1
			"$DAXCTL" offline-memory "$d" >/dev/null 2>&1
			"$DAXCTL" enable-device "$d" >/dev/null 2>&1
			n=$((n + 1))
		done
		sleep 0.05
	done
	echo $n >"$tmp/c"
}
c & cpid=$!
a & apid=$!
"$agent" $loops 0x8000000 >"$tmp/b" 2>"$tmp/b.err" & bpid=$!
wait $apid $bpid
touch "$tmp/done"
wait $cpid
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok: $3"; else echo "FAIL: $3: '$1', expected '$2'"; fail=1; fi; }
for w in a b; do
	check "$(grep -c '^created ' "$tmp/$w")" $loops "creates of $w"
	check "$(grep -c '^destroyed ' "$tmp/$w")" $loops "destroys of $w"
	check "$(grep '^error' "$tmp/$w" | head -3)" "" "errors of $w"
	check "$(awk '$1 == "created" { if (open[$2]) print "twice " $2; open[$2] = 1 }
		$1 == "destroyed" { if (!open[$2]) print "not open " $2; open[$2] = 0 }' "$tmp/$w")" "" \
		"each device of $w is its own until destroyed"
done
[ "$(cat "$tmp/c")" -gt 0 ] && echo "ok: C acted on $(cat "$tmp/c") devices" ||
	{ echo "FAIL: C never acted on a device"; fail=1; }
bash "$here/dump-state.sh" >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
	echo "ok: the machine is as before (devices, available_size, every memory block)"
else
	echo "FAIL: the machine changed:"; diff "$tmp/before" "$tmp/after" | sed 's/^/    /'; fail=1
fi
[ $fail = 0 ] || { sed 's/^/    a.err: /' "$tmp/a.err" | head -20; sed 's/^/    b.err: /' "$tmp/b.err" | head; }
exit $fail
