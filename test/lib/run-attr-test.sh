#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run attr-test inside daxsim on attr.topo.
#   run-attr-test.sh DAXSIM ATTR_TEST TOPOLOGY KERNEL on|off
# off: the same machine booted without memory_hotplug.memmap_on_memory.
set -u
daxsim=$1 prog=$2 topo=$3 kernel=$4 opt=$5
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s/^memmap_on_memory = yes$/memmap_on_memory = $([ "$opt" = on ] && echo yes || echo no)/" \
	"$topo" > "$tmp/attr.topo"
grep -q "^memmap_on_memory = " "$tmp/attr.topo" || { echo "FAIL: $topo has no memmap_on_memory line"; exit 1; }
mode=$opt
[ "$kernel" = 6.1 ] && mode=6.1
"$daxsim" run --kernel "$kernel" --topology "$tmp/attr.topo" -- "$prog" "$mode"
