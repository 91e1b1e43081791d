#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Syscall budget of the memory-block accounting (counts, not time): upstream's daxctl 81
# `list -RDM` on a machine with 2048 boot memory blocks and two system-ram devices of 64
# blocks each, with its own library and with ours (DAXCTL_LIBDIR), under strace.
#  - ours opens each memoryN/state and memoryN/valid_zones of the devices exactly once,
#    no other memoryN file, and never a node directory;
#  - ours makes at least 10x fewer syscalls than upstream's library.
set -u
for v in DAXSIM LIBDAXCTL_DIR UPSTREAM_DAXCTL_81; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
[ -x "$UPSTREAM_DAXCTL_81" ] || { echo "SKIP: $UPSTREAM_DAXCTL_81 missing"; exit 77; }
command -v strace >/dev/null || { echo "SKIP: strace missing"; exit 77; }
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
# a sanitizer build of our library needs the ASan runtime first in upstream's binary
preload=$(ldd "$LIBDAXCTL_DIR/libdaxctl.so.1" | awk '$1 ~ /^libasan/ { print $3 }')
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
chmod 755 "$t"
cat > "$t/m.topo" <<'TOPO'
[machine]
kernel = 6.12
block_size = 128M
auto_online_blocks = offline
[node 0]
memory = 0x0+256G
[region a]
provider = hmem
id = 0
start = 0x4000000000
size = 8G
align = 2M
target_node = 0
[device dax0.0]
region = a
driver = kmem
memory = online_movable
[region b]
provider = hmem
id = 1
start = 0x4400000000
size = 8G
align = 2M
target_node = 0
[device dax1.0]
region = b
driver = kmem
memory = offline
TOPO
"$DAXSIM" run --topology "$t/m.topo" -- bash -c '
	strace -f -qq -c -o "$1/up.c" "$2" list -RDM > "$1/up.json" &&
	DAXCTL_LIBDIR=$3 strace -f -qq -c -o "$1/our.c" env $4 "$2" list -RDM > "$1/our.json" &&
	DAXCTL_LIBDIR=$3 strace -f -qq -e trace=openat -o "$1/our.open" env $4 "$2" list -RDM \
		> /dev/null
' sh "$t" "$UPSTREAM_DAXCTL_81" "$LIBDAXCTL_DIR" "${preload:+LD_PRELOAD=$preload}" || { echo "FAIL: daxsim run"; exit 1; }

fail=0
if ! cmp -s "$t/up.json" "$t/our.json"; then echo "FAIL: outputs differ"; fail=1; fi
up=$(awk '/total$/ { print $4 }' "$t/up.c")
ours=$(awk '/total$/ { print $4 }' "$t/our.c")
echo "syscalls: upstream library $up, ours $ours"
if [ -z "$up" ] || [ -z "$ours" ] || [ $((ours * 10)) -gt "$up" ]; then
	echo "FAIL: want at least 10x fewer syscalls than upstream"; fail=1
fi
mem=$(grep -oE '"/sys/devices/system/memory/memory[0-9]+/[a-z_]+"' "$t/our.open" | sort)
dups=$(uniq -d <<< "$mem")
if [ -n "$dups" ]; then echo "FAIL: opened more than once: $(head -3 <<< "$dups")"; fail=1; fi
n_state=$(grep -c '/state"' <<< "$mem")
n_zones=$(grep -c '/valid_zones"' <<< "$mem")
n_other=$(grep -vcE '/(state|valid_zones)"' <<< "$mem")
# dax0.0: 64 online blocks (state + valid_zones); dax1.0: 64 offline (state only)
echo "memory block opens: $n_state state, $n_zones valid_zones, $n_other other"
if [ "$n_state" != 128 ] || [ "$n_zones" != 64 ] || [ "$n_other" != 0 ]; then
	echo "FAIL: want 128 state, 64 valid_zones and nothing else"; fail=1
fi
if grep -qE '"/sys/devices/system/node/node[0-9]+"' "$t/our.open"; then
	echo "FAIL: a node directory was opened"; fail=1
fi
[ $fail = 0 ] && echo "PASS"
exit $fail
