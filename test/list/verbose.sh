#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `daxctl list -v` on daxsim 6.1, 6.12 and next: numa_node (devices and regions) and
# region target_node exactly where sysfs has them, memmap_on_memory exactly where the
# kernel has it, zones where a device's online blocks are in several zones, and nothing
# else changed (verbose-check.py). The same `list` without -v never shows numa_node.
#   verbose.sh KERNEL TOPOLOGY|default [SETUP]   (SETUP: a script of test/list run first)
set -u
kernel=$1 topo=$2 setup=${3:-}
for v in DAXSIM DAXCTL DAXCTL_SRC; do
	[ -n "${!v:-}" ] || { echo "verbose.sh: \$$v is not set" >&2; exit 1; }
done
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
if [ "$kernel" = --inside ]; then
	# here $2 is the output directory and $3 the setup script
	fail=0
	[ -n "$setup" ] && { bash "$DAXCTL_SRC/test/list/$setup" || exit 1; }
	python3 "$DAXCTL_SRC/test/list/truth.py" > "$topo/truth.json" || exit 1
	for args in "-RDiM" "-RDiu" "-Di" "-R" "-d dax0.0" "-r 0 -D"; do
		# shellcheck disable=SC2086
		"$DAXCTL" list -v $args > "$topo/v.out" 2> "$topo/v.err" || { echo "FAIL: list -v $args: exit $?"; fail=1; }
		# shellcheck disable=SC2086
		"$DAXCTL" list $args > "$topo/p.out" 2> "$topo/p.err"
		[ -s "$topo/v.err" ] && { echo "FAIL: list -v $args wrote to stderr: $(cat "$topo/v.err")"; fail=1; }
		grep -q '"numa_node"' "$topo/p.out" && { echo "FAIL: list $args (no -v) shows numa_node"; fail=1; }
		echo "list -v $args:"
		python3 "$DAXCTL_SRC/test/list/verbose-check.py" "$topo/v.out" "$topo/p.out" "$topo/truth.json" || fail=1
	done
	exit $fail
fi
out=$(mktemp -d /tmp/daxctl-verbose-XXXXXX)
trap 'rm -rf "$out"' EXIT
opts=(--kernel "$kernel")
[ "$topo" != default ] && opts+=(--topology "$DAXCTL_SRC/$topo")
"$DAXSIM" run "${opts[@]}" -- bash "$0" --inside "$out" "$setup"
