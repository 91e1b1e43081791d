#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Drop-in proof: Debian's daxctl (81 and 76.1) prints the same `list` output, stderr and
# exit status with our libdaxctl.so.1 (DAXCTL_LIBDIR) as with its own library, inside
# daxsim, on the default machine and every topology of test/topologies and test/lib,
# as root and as an unprivileged user.
# The one deliberate difference: system-ram devices with several ranges, whose memory
# blocks upstream counts from the first range only; for those devices the keys
# online_memblocks, total_memblocks and movable are left out of the comparison.
#   dropin.sh                 (meson: DAXSIM, LIBDAXCTL_DIR, UPSTREAM_DAXCTL_*, TOPOLOGIES)
#   dropin.sh --inner OUTDIR  (inside daxsim)
set -u

combos=(
	"" "-R" "-D" "-RD" "-RDM" "-RDMi" "-RDMiu" "-DMiu" "-Mu" "-i" "-u"
	"-r 0" "-r 1 -D" "-r all -RDu" "-d dax0.0" "-d 1.0 -M" "-d all -Mi"
	"-r 2 -d dax2.0 -RDMu" "-r x" "-d dax0." "--bogus"
)
unpriv_combos=("-RDMi" "-DMu")

if [ "${1:-}" = --inner ]; then
	out=$2 fail=0
	# multi-range devices bound to kmem: the deliberate difference
	multi=()
	for d in /sys/bus/dax/devices/dax*; do
		[ -e "$d/mapping1" ] || continue
		[ "$(basename "$(readlink "$d/driver" 2>/dev/null)")" = kmem ] || continue
		multi+=("$(basename "$d")")
	done
	devs_json=$(printf '%s\n' "${multi[@]}" | jq -R . | jq -sc 'map(select(length > 0))')
	norm() {
		jq -c --argjson devs "$devs_json" 'walk(if type == "object" and
			((.chardev // "") as $c | $devs | index($c)) then
			del(.online_memblocks, .total_memblocks, .movable) else . end)' "$1"
	}
	run_one() {	# upstream-binary label args...
		local bin=$1 label=$2; shift 2
		"$@" "$bin" list $opts > "$out/up.out" 2> "$out/up.err"; local up_rc=$?
		DAXCTL_LIBDIR=$LIBDAXCTL_DIR "$@" env ${DROPIN_PRELOAD:+LD_PRELOAD=$DROPIN_PRELOAD} \
			"$bin" list $opts > "$out/our.out" 2> "$out/our.err"
		local our_rc=$?
		if [ $up_rc != $our_rc ]; then
			echo "FAIL [$label list $opts]: exit $our_rc with ours, $up_rc with upstream's"
			fail=1
		fi
		if ! cmp -s "$out/up.err" "$out/our.err"; then
			echo "FAIL [$label list $opts]: stderr differs"; diff "$out/up.err" "$out/our.err" | head -10
			fail=1
		fi
		if cmp -s "$out/up.out" "$out/our.out"; then
			return
		fi
		if [ ${#multi[@]} -gt 0 ] && [ -s "$out/up.out" ] &&
		   [ "$(norm "$out/up.out")" = "$(norm "$out/our.out")" ]; then
			echo "ok   [$label list $opts]: differs only in the memory blocks of ${multi[*]} (deliberate)"
			return
		fi
		echo "FAIL [$label list $opts]: stdout differs"; diff "$out/up.out" "$out/our.out" | head -20
		fail=1
	}
	for bin in "$UPSTREAM_DAXCTL_81" "$UPSTREAM_DAXCTL_76"; do
		label=$(basename "$bin")
		for opts in "${combos[@]}"; do
			run_one "$bin" "$label"
		done
		for opts in "${unpriv_combos[@]}"; do
			run_one "$bin" "$label nobody" setpriv --reuid=65534 --regid=65534 --clear-groups
		done
	done
	exit $fail
fi

for v in DAXSIM LIBDAXCTL_DIR UPSTREAM_DAXCTL_81 UPSTREAM_DAXCTL_76 TOPOLOGIES DAXCTL_SRC; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
for bin in "$UPSTREAM_DAXCTL_81" "$UPSTREAM_DAXCTL_76"; do
	[ -x "$bin" ] || { echo "SKIP: $bin missing (test/upstream/fetch.sh)"; exit 77; }
done
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq is missing"; exit 77; }

# A sanitizer build of our library needs the ASan runtime loaded first in the
# (uninstrumented) upstream binary; its own leaks are not ours to report.
DROPIN_PRELOAD=$(ldd "$LIBDAXCTL_DIR/libdaxctl.so.1" | awk '$1 ~ /^libasan/ { print $3 }')
if [ -n "$DROPIN_PRELOAD" ]; then
	export DROPIN_PRELOAD ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
export LIBDAXCTL_DIR UPSTREAM_DAXCTL_81 UPSTREAM_DAXCTL_76
self=$(readlink -f "$0")
fail=0 n=0
for topo in default "$TOPOLOGIES"/*.topo "$DAXCTL_SRC"/test/lib/*.topo; do
	args=()
	[ "$topo" != default ] && args=(--topology "$topo")
	echo "== $(basename "$topo")"
	if ! "$DAXSIM" run "${args[@]}" -- "$self" --inner "$tmp" > "$tmp/log" 2>&1; then
		fail=1
	fi
	grep -v '^ok ' "$tmp/log"
	grep '^ok ' "$tmp/log"
	n=$((n + 1))
done
if [ $fail = 0 ]; then
	echo "PASS: upstream daxctl 81 and 76.1 print the same with our library on $n machines"
fi
exit $fail
