#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kmem whole-device state attribute (daxsim --kernel next): reconfigure-device -m
# system-ram of a device of 8,192 memory blocks, then offline-memory, online-memory and -m
# devdax -f, each through daxX.Y/state (daxsim's write log: state writes only, not one
# memoryN/state write); list shows hotplug_state there and nowhere on 6.12 (upstream's keys).
set -u
for v in DAXSIM DAXCTL; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DAXCTL_LOCK_DIR=$work/lock
cat >"$work/big.topo" <<'EOF'
[machine]
block_size = 128M
auto_online_blocks = offline

[node 0]
memory = 0x0+0x80000000

[node 1]

[region hmem0]
provider = hmem
id = 0
start = 0x10000000000
size = 1T
align = 2M
target_node = 1
numa_node = 1

[device dax0.0]
region = hmem0
size = 1T
driver = device_dax
EOF
cat >"$work/steps.sh" <<'EOF'
out=$1
s() { echo "$(cat /sys/bus/dax/devices/dax0.0/state 2>/dev/null || echo none) $(grep -l '^online' /sys/devices/system/memory/memory*/state | wc -l)"; }
step() { # NAME DAXCTL-ARGS...: exit, kmem state and online blocks after, writes of the step
	local name=$1 before; shift
	before=$(grep -c . "$out.log")
	$DAXCTL "$@" >"$out.$name.json" 2>"$out.$name.err"
	echo "$name $? $(s) $(tail -n +$((before + 1)) "$out.log" | grep -c /memory/memory) $(tail -n +$((before + 1)) "$out.log" | grep -c '/dax0.0/state ')"
}
step sysram reconfigure-device -m system-ram dax0.0
step list list -d dax0.0
step offline offline-memory dax0.0
step online online-memory dax0.0
step devdax reconfigure-device -m devdax -f dax0.0
EOF
fail=0 n=0
expect() { n=$((n + 1)); if [ "$2" = "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: got '$2', want '$3'"; fail=$((fail + 1)); fi; }
: >"$work/next.log"
out=$("$DAXSIM" run --kernel next --topology "$work/big.topo" --log "$work/next.log" -- bash "$work/steps.sh" "$work/next")
# NAME EXIT STATE ONLINE-BLOCKS(machine) BLOCK-WRITES STATE-WRITES; the machine has 16 boot blocks online
expect "-m system-ram of 8192 blocks: two state writes (unplugged, online_movable), no block write" \
	"$(echo "$out" | grep '^sysram ')" "sysram 0 online_movable 8208 0 2"
expect "  list shows it" "$(jq -c '.[0] | [.mode, .online_memblocks, .total_memblocks, .movable, .hotplug_state]' "$work/next.list.json")" \
	'["system-ram",8192,8192,true,"online_movable"]'
expect "offline-memory: one state write" "$(echo "$out" | grep '^offline ')" "offline 0 unplugged 16 0 1"
expect "online-memory: one state write" "$(echo "$out" | grep '^online ')" "online 0 online_movable 8208 0 1"
expect "-m devdax -f: one state write, then device_dax" "$(echo "$out" | grep '^devdax ')" "devdax 0 none 16 0 1"
# 6.12 has no state attribute: block by block, and no hotplug_state key
cat >"$work/small.topo" <<'EOF'
[machine]
block_size = 128M
auto_online_blocks = offline

[node 0]
memory = 0x0+0x80000000

[region hmem0]
provider = hmem
id = 0
start = 0x100000000
size = 512M
align = 2M
target_node = 0
numa_node = 0

[device dax0.0]
region = hmem0
size = 512M
driver = device_dax
EOF
: >"$work/old.log"
out=$("$DAXSIM" run --kernel 6.12 --topology "$work/small.topo" --log "$work/old.log" -- bash -c \
	'$1 reconfigure-device -m system-ram dax0.0 >/dev/null 2>&1; echo $?; $1 list -d dax0.0' sh "$DAXCTL")
expect "6.12: -m system-ram block by block (4 block writes)" \
	"$(echo "$out" | head -1) $(grep -c '/memory/memory[0-9]*/state ' "$work/old.log")" "0 4"
expect "6.12: no hotplug_state key" "$(echo "$out" | tail -n +2 | jq -c '.[0] | has("hotplug_state")')" false
echo "hotplug state: $n checks, $fail failures"
[ $fail = 0 ]
