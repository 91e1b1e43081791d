#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark the write path, ours against upstream 81, in daxsim (numbers only, no pass/fail):
#   - `reconfigure-device -m system-ram` of one device of BLOCKS memory blocks (default 8192)
#   - `online-memory` of the same device bound to kmem with every block offline
#   - `list -d daxN.M` of one device on a machine of DEVICES devices (default 1000), and on
#     a machine of one device
# Each run is one `strace -c -f` in a fresh daxsim; prints syscalls (per block for the
# first two) and wall time.
# usage: write-bench.sh [BLOCKS [DEVICES]]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BLOCKS=${1:-8192} DEVICES=${2:-1000}
if [ "${1:-}" = --inside ]; then	# --inside OUT BIN ARGS...: one measured run
	out=$2 bin=$3; shift 3
	t0=$(date +%s%N)
	strace -c -f -o "$out.strace" "$bin" "$@" >"$out.stdout" 2>"$out.stderr"
	echo $? >"$out.rc"
	echo $(( ($(date +%s%N) - t0) / 1000000 )) >"$out.ms"
	exit 0
fi
DAXSIM=${DAXSIM:-${DAXCTL_BUILD:-$HERE/../build}/daxsim/daxsim}
DAXCTL=${DAXCTL:-${DAXCTL_BUILD:-$HERE/../build}/daxctl/daxctl}
UPSTREAM_DAXCTL_81=${UPSTREAM_DAXCTL_81:-/var/cache/daxctl-test/upstream/bin/daxctl-81}
for x in "$DAXSIM" "$DAXCTL" "$UPSTREAM_DAXCTL_81"; do
	[ -x "$x" ] || { echo "write-bench: $x is missing" >&2; exit 77; }
done
command -v strace >/dev/null || { echo "write-bench: strace is missing" >&2; exit 77; }
work=$(mktemp -d /tmp/daxctl-write-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DAXCTL_LOCK_DIR=$work/lock

# one device of $BLOCKS blocks: $1 = driver (device_dax, or kmem with blocks offline)
big_topo() {
	cat <<EOF
[machine]
kernel = 6.1
block_size = 128M
auto_online_blocks = offline

[node 0]
memory = 0x0+0x80000000

[node 1]

[region hmem0]
provider = hmem
id = 0
start = 0x10000000000
size = $((BLOCKS * 128))M
align = 2M
target_node = 1
numa_node = 1

[device dax0.0]
region = hmem0
size = $((BLOCKS * 128))M
driver = $1
EOF
	[ "$1" = kmem ] && echo "memory = offline"
}

# $1 devices of 2M in one region
many_topo() {
	echo "[machine]"; echo "kernel = 6.1"; echo "block_size = 128M"; echo
	echo "[node 0]"; echo "memory = 0x0+0x80000000"; echo
	echo "[region hmem0]"; echo "provider = hmem"; echo "id = 0"
	echo "start = 0x100000000"; echo "size = $(($1 * 2))M"; echo "align = 2M"
	echo "target_node = 0"; echo "numa_node = 0"; echo
	for ((i = 0; i < $1; i++)); do
		printf '[device dax0.%d]\nregion = hmem0\nsize = 2M\ndriver = device_dax\n\n' $i
	done
}

big_topo device_dax >"$work/devdax.topo"
big_topo kmem >"$work/kmem.topo"
many_topo "$DEVICES" >"$work/many.topo"
many_topo 1 >"$work/one.topo"

# run NAME TOPO ARGS...: both implementations; prints "NAME IMPL SYSCALLS MS RC"
run() {
	local name=$1 topo=$2 impl bin o; shift 2
	for impl in ours 81; do
		[ $impl = ours ] && bin=$DAXCTL || bin=$UPSTREAM_DAXCTL_81
		o=$work/$name.$impl
		"$DAXSIM" run --topology "$work/$topo.topo" -- bash "$0" --inside "$o" "$bin" "$@" ||
			{ echo "write-bench: daxsim run failed" >&2; exit 1; }
		echo "$name $impl $(awk '$NF == "total" {print $(NF-2)}' "$o.strace") $(cat "$o.ms") $(cat "$o.rc")"
	done
}

{
	run reconfigure devdax reconfigure-device -m system-ram dax0.0
	run online kmem online-memory dax0.0
	run list-many many list -d dax0.$((DEVICES / 2))
	run list-one one list -d dax0.0
} | tee "$work/results" | awk -v blocks="$BLOCKS" -v devices="$DEVICES" '
	{ calls[$1 " " $2] = $3; ms[$1 " " $2] = $4; rc[$1 " " $2] = $5 }
	END {
		printf "write-bench: %d memory blocks, %d devices\n", blocks, devices
		for (i = 1; i <= 2; i++) {
			w = i == 1 ? "reconfigure" : "online"
			for (j = 1; j <= 2; j++) {
				impl = j == 1 ? "ours" : "81"
				printf "  %-12s %-4s %9d syscalls  %6.1f per block  %7d ms  exit %d\n", w, impl,
					calls[w " " impl], calls[w " " impl] / blocks, ms[w " " impl], rc[w " " impl]
			}
		}
		for (j = 1; j <= 2; j++) {
			impl = j == 1 ? "ours" : "81"
			printf "  list -d      %-4s %9d syscalls on %d devices, %d on one (%.1fx)\n", impl,
				calls["list-many " impl], devices, calls["list-one " impl],
				calls["list-many " impl] / calls["list-one " impl]
		}
	}'
