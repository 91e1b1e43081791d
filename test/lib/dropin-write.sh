#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Drop-in proof for the write primitives: Debian's daxctl 81 runs write-scenario.sh on
# daxsim's default machine (6.1 and 6.12) once with its own library and once with ours
# (DAXCTL_LIBDIR). stdout, stderr and exit codes must be identical, and daxsim's write
# logs must hold the same writes (same path, value and result). Only the order of
# memory-block writes may differ: upstream walks the node directory, we go by address.
# Binding differs on purpose (README): upstream writes a driver's new_id then bind, ours
# writes bind and new_id only after the kernel answered ENODEV. Those writes are checked on
# their own: in our log every new_id follows a bind of the same device and driver that
# failed with ENODEV.
set -u
for v in DAXSIM LIBDAXCTL_DIR UPSTREAM_DAXCTL_81; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
[ -x "$UPSTREAM_DAXCTL_81" ] || { echo "SKIP: $UPSTREAM_DAXCTL_81 missing"; exit 77; }
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
preload=$(ldd "$LIBDAXCTL_DIR/libdaxctl.so.1" | awk '$1 ~ /^libasan/ { print $3 }')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for k in 6.1 6.12; do
	"$DAXSIM" run --kernel $k --log "$tmp/up.log" -- \
		"$here/write-scenario.sh" "$UPSTREAM_DAXCTL_81" > "$tmp/up.out" 2>&1
	env DAXCTL_LIBDIR="$LIBDAXCTL_DIR" \
		${preload:+LD_PRELOAD=$preload ASAN_OPTIONS=detect_leaks=0} \
		"$DAXSIM" run --kernel $k --log "$tmp/our.log" -- \
		"$here/write-scenario.sh" "$UPSTREAM_DAXCTL_81" > "$tmp/our.out" 2>&1
	if ! diff -u "$tmp/up.out" "$tmp/our.out"; then
		echo "FAIL [$k]: output differs"; fail=1
	fi
	drv='^/sys/bus/dax/drivers/[^/]*/(new_id|bind) '
	if ! diff -u <(cut -d' ' -f2- "$tmp/up.log" | grep -Ev "$drv" | sort) \
			<(cut -d' ' -f2- "$tmp/our.log" | grep -Ev "$drv" | sort); then
		echo "FAIL [$k]: the writes differ"; fail=1
	fi
	bad=$(awk '$2 ~ /\/new_id$/ { p = $2; sub(/new_id$/, "bind", p)
			if (prev != p " " $3 " ENODEV") print }
		{ prev = $2 " " $3 " " $4 }' "$tmp/our.log")
	if [ -n "$bad" ]; then
		echo "FAIL [$k]: new_id written without a bind refused with ENODEV first:"
		echo "$bad"; fail=1
	fi
	binds=$(grep -Ec '/drivers/[^/]*/bind ' "$tmp/our.log")
	[ "$binds" -gt 0 ] || { echo "FAIL [$k]: no bind write in our log"; fail=1; }
	echo "[$k] $(grep -c '^\$ daxctl' "$tmp/up.out") commands, $(wc -l < "$tmp/up.log") writes compared"
done
[ $fail = 0 ] && echo "PASS: same output and writes with our library"
exit $fail
