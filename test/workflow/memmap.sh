#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# reconfigure-device --memmap-on-memory / --no-memmap-on-memory on daxsim: the round trip on
# 6.12 with the boot option on; a failed kmem bind puts the value back; the refusals (device
# already in system-ram mode with another value, boot option off, a 6.1 kernel without the
# attribute, without -m system-ram), each with its message and nothing changed; the config
# file key.
set -u
for v in DAXSIM DAXCTL TOPOLOGIES DAXCTL_SRC; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DAXCTL_LOCK_DIR=$work/lock
sed 's/^memmap_on_memory = no/memmap_on_memory = yes/' "$TOPOLOGIES/workflow-matrix.topo" >"$work/on.topo"
grep -q '^memmap_on_memory = yes' "$work/on.topo" || { echo "FAIL: no boot option in the topology"; exit 1; }
fail=0 n=0
# run KERNEL TOPO [daxsim options] -- SCRIPT: the script's output
run() {
	local k=$1 topo=$2; shift 2
	"$DAXSIM" run --kernel "$k" --topology "$topo" "$@"
}
expect() { # WHAT GOT WANT
	n=$((n + 1))
	if [ "$2" = "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: got '$2', want '$3'"; fail=$((fail + 1)); fi
}
D=/sys/bus/dax/devices
cat >"$work/trip.sh" <<EOF
d() { echo "\$(cat $D/dax0.1/memmap_on_memory) \$(basename \$(readlink $D/dax0.1/driver))"; }
$DAXCTL reconfigure-device -m system-ram --memmap-on-memory dax0.1 >/dev/null 2>&1; echo "on \$? \$(d)"
$DAXCTL reconfigure-device -m system-ram --no-memmap-on-memory dax0.1 >/dev/null 2>$work/busy.err; echo "busy \$? \$(d)"
$DAXCTL reconfigure-device -m devdax -f dax0.1 >/dev/null 2>&1; echo "devdax \$? \$(d)"
$DAXCTL reconfigure-device -m system-ram --no-memmap-on-memory dax0.1 >/dev/null 2>&1; echo "off \$? \$(d)"
$DAXCTL reconfigure-device -m devdax --memmap-on-memory dax0.1 >/dev/null 2>$work/usage.err; echo "usage \$? \$(d)"
EOF
out=$(run 6.12 "$work/on.topo" -- bash "$work/trip.sh")
expect "--memmap-on-memory: exit 0, value 1, kmem" "$(echo "$out" | grep '^on ')" "on 0 1 kmem"
expect "another value while in system-ram mode: EBUSY, unchanged" "$(echo "$out" | grep '^busy ')" "busy 240 1 kmem"
expect "  its message" "$(grep -c "memmap_on_memory changes only while the device is not in system-ram mode" "$work/busy.err")" 1
expect "back to devdax" "$(echo "$out" | grep '^devdax ')" "devdax 0 1 device_dax"
expect "--no-memmap-on-memory: exit 0, value 0, kmem" "$(echo "$out" | grep '^off ')" "off 0 0 kmem"
expect "without -m system-ram: usage error, unchanged" "$(echo "$out" | grep '^usage ')" "usage 129 0 kmem"
# a failed kmem bind rolls the value back
cat >"$work/fail.sh" <<EOF
$DAXCTL reconfigure-device -m system-ram --memmap-on-memory dax0.1 >/dev/null 2>&1
echo "\$? \$(cat $D/dax0.1/memmap_on_memory) \$(basename \$(readlink $D/dax0.1/driver))"
EOF
expect "kmem bind EIO after the memmap write: rolled back" \
	"$(run 6.12 "$work/on.topo" --fail '/sys/bus/dax/drivers/kmem/*:EIO' -- bash "$work/fail.sh")" \
	"251 0 device_dax"
# refusals: boot option off (EOPNOTSUPP), 6.1 (no attribute)
cat >"$work/ref.sh" <<EOF
$DAXCTL reconfigure-device -m system-ram --memmap-on-memory dax0.1 >/dev/null 2>$work/ref.err
echo "\$? \$(basename \$(readlink $D/dax0.1/driver))"
EOF
expect "boot option off: EOPNOTSUPP, still devdax" \
	"$(run 6.12 "$TOPOLOGIES/workflow-matrix.topo" -- bash "$work/ref.sh")" "161 device_dax"
expect "  its message" "$(grep -c 'boot with memory_hotplug.memmap_on_memory=1' "$work/ref.err")" 1
expect "6.1 has no attribute: ENOENT, still devdax" \
	"$(run 6.1 "$TOPOLOGIES/workflow-matrix.topo" -- bash "$work/ref.sh")" "254 device_dax"
expect "  its message" "$(grep -c 'this kernel has no memmap_on_memory' "$work/ref.err")" 1
# the config-file key (reconfigure-device -C)
mkdir "$work/conf.d"
printf '[reconfigure-device m]\ndax.region = /platform/hmem.0\ndax.resource = 0x110000000\nmode = system-ram\nmemmap_on_memory = true\n' \
	>"$work/conf.d/m.conf"
cat >"$work/conf.sh" <<EOF
DAXCTL_CONF_DIR=$work/conf.d $DAXCTL reconfigure-device -C dax0.1 >/dev/null 2>&1
echo "\$? \$(cat $D/dax0.1/memmap_on_memory) \$(basename \$(readlink $D/dax0.1/driver))"
EOF
expect "config key memmap_on_memory = true (-C)" \
	"$(run 6.12 "$work/on.topo" -- bash "$work/conf.sh")" "0 1 kmem"
echo "memmap: $n checks, $fail failures"
[ $fail = 0 ]
