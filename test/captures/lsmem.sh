#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# util-linux lsmem inside daxsim lists the simulated memory blocks with the right states,
# zones and nodes: boot RAM (online, Normal), a kmem device onlined movable, a kmem device
# left offline; then again after block state writes. lsmem's view is checked against the
# machine the topology describes and against the memoryN attributes read directly.
set -u
[ -n "${DAXSIM:-}" ] && [ -x "$DAXSIM" ] || { echo "SKIP: DAXSIM not set or not built"; exit 77; }
command -v lsmem >/dev/null || { echo "SKIP: lsmem (util-linux) missing"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
work=$(mktemp -d /tmp/lsmem-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

# blocks 0-15: boot RAM; 32-39: dax0.0 (kmem, online_movable); 48-51: dax1.0 (kmem, offline)
cat > "$work/machine.topo" <<'T'
[machine]
kernel = 6.1
block_size = 128M
auto_online_blocks = offline
[node 0]
memory = 0x0-0x7fffffff
[region hmem0]
provider = hmem
id = 0
start = 0x100000000
size = 1G
align = 2M
target_node = 0
numa_node = 0
[region hmem1]
provider = hmem
id = 1
start = 0x180000000
size = 512M
align = 2M
target_node = 0
numa_node = 0
[device dax0.0]
region = hmem0
size = 1G
driver = kmem
memory = online_movable
[device dax1.0]
region = hmem1
size = 512M
driver = kmem
memory = offline
T

cat > "$work/inside.sh" <<'S'
set -u
out=$1
m=/sys/devices/system/memory
snap() { # $1: tag
	lsmem -a -J -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES > "$out/lsmem-$1.json"; echo "lsmem -J rc=$?" >> "$out/rc"
	lsmem -b > "$out/lsmem-$1.txt"; echo "lsmem rc=$?" >> "$out/rc"
	for d in $m/memory[0-9]*; do
		n=${d##*memory}
		echo "$n|$(cat $d/state)|$(ls -d $d/node[0-9]* | sed 's/.*node//')|$(cat $d/valid_zones)"
	done | sort -n > "$out/sysfs-$1.txt"
}
snap before
echo online_movable > $m/memory48/state
echo offline > $m/memory33/state
echo 0 > $m/memory39/online
snap after
S
"$DAXSIM" run --kernel 6.1 --topology "$work/machine.topo" -- bash "$work/inside.sh" "$work"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: daxsim run exited $rc"; cat "$work/rc" 2>/dev/null; exit 1; }
fail=0
grep -v 'rc=0$' "$work/rc" && { echo "FAIL: lsmem failed"; fail=1; }

# expected state of every block: "index state"
expect() { # $1: tag
	for i in $(seq 0 15); do echo "$i online"; done
	for i in $(seq 32 39); do
		if [ "$1" = after ] && { [ $i = 33 ] || [ $i = 39 ]; }; then echo "$i offline"; else echo "$i online"; fi
	done
	for i in $(seq 48 51); do
		if [ "$1" = after ] && [ $i = 48 ]; then echo "$i online"; else echo "$i offline"; fi
	done
}
for tag in before after; do
	j=$work/lsmem-$tag.json
	# lsmem's blocks and states, one line per block
	jq -r '.memory[] | "\(.block) \(.state)"' "$j" | sort -n > "$work/lsmem-state-$tag.txt"
	expect $tag > "$work/expect-$tag.txt"
	if ! diff -u "$work/expect-$tag.txt" "$work/lsmem-state-$tag.txt"; then
		echo "FAIL ($tag): lsmem block states differ from the machine"; fail=1
	fi
	# lsmem agrees with the attributes: state, node, zones (valid_zones: "none" shows as
	# None, "Normal Movable" as Normal/Movable)
	jq -r '.memory[] | "\(.block)|\(.state)|\(.node)|\(.zones)"' "$j" | sort -n > "$work/lsmem-full-$tag.txt"
	sed 's/|none$/|None/; s/ /\//g' "$work/sysfs-$tag.txt" > "$work/sysfs-lsmem-$tag.txt"
	if ! diff -u "$work/sysfs-lsmem-$tag.txt" "$work/lsmem-full-$tag.txt"; then
		echo "FAIL ($tag): lsmem's block/state/node/zones differ from memoryN/"; fail=1
	fi
	# the kmem device onlined movable is in ZONE_MOVABLE; an offline hot-added block may go
	# to either zone
	z=$(jq -r '.memory[] | select(.block == "32") | .zones' "$j")
	[ "$z" = Movable ] || { echo "FAIL ($tag): block 32 zones '$z', expected Movable"; fail=1; }
	z=$(jq -r '.memory[] | select(.block == "50") | .zones' "$j")
	[ "$z" = Normal/Movable ] || { echo "FAIL ($tag): block 50 zones '$z', expected Normal/Movable"; fail=1; }
	# summary lines (lsmem -b: bytes): 128M per block
	on=$(awk '$2 == "online"' "$work/expect-$tag.txt" | wc -l)
	off=$(awk '$2 == "offline"' "$work/expect-$tag.txt" | wc -l)
	grep -q "^Memory block size: *134217728$" "$work/lsmem-$tag.txt" || { echo "FAIL ($tag): block size line"; fail=1; }
	for kind in online:$on offline:$off; do
		k=${kind%%:*} n=${kind#*:}
		line=$(grep "^Total $k memory:" "$work/lsmem-$tag.txt")
		[ "$(echo "$line" | awk '{print $NF}')" = $((n * 134217728)) ] ||
			{ echo "FAIL ($tag): '$line', expected $((n * 134217728))"; fail=1; }
	done
	echo "$tag: $(wc -l < "$work/lsmem-state-$tag.txt") blocks listed"
done
[ $fail = 0 ] && echo "ok: lsmem lists the simulated blocks with their states, zones and nodes"
exit $fail
