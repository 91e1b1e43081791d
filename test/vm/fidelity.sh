#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fidelity check: run the scenarios of test/vm/scenarios/ on Debian's real kernel (one qemu
# boot) and in daxsim on the topology of that guest machine, then compare each scenario's
# output byte for byte. Prints "fidelity <kernel>: N/N scenarios identical"; exits 0 only
# when every scenario is identical.
#   fidelity.sh 6.1|6.12 [SCENARIO.sh...]     (default: every scenario)
# Env: DAXSIM (the daxsim executable; required), DAXCTL (our daxctl, used by daxctl
# scenarios), DAXCTL_SRC/DAXCTL_BUILD (shared into the guest), FIDELITY_OUT (where the two
# outputs and the per-scenario diffs are kept; default a directory under the build tree).
# Exit 77 when something outside the project is missing (qemu, the kernel download).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: fidelity.sh 6.1|6.12 [SCENARIO.sh...]}
shift
SRC=${DAXCTL_SRC:-$(cd "$HERE/../.." && pwd)}
export DAXCTL_SRC=$SRC
BUILD=${DAXCTL_BUILD:-}
OUT=${FIDELITY_OUT:-${BUILD:-/tmp}/test/vm/fidelity-$K}
topo=$HERE/topologies/hmem-$K.topo
[ -f "$topo" ] || { echo "fidelity: no topology for kernel $K" >&2; exit 2; }

. "$HERE/lib/prereq.sh"
vm_prereq || exit $?
vm_cache "$K" || exit $?
if [ -z "${DAXSIM:-}" ] || [ ! -x "$DAXSIM" ]; then
	echo "fidelity: daxsim is not built (DAXSIM='${DAXSIM:-}')" >&2
	exit 1
fi

if [ $# -gt 0 ]; then
	scen=()
	for s; do scen+=("$(cd "$(dirname "$s")" && pwd)/$(basename "$s")"); done
else
	scen=("$HERE"/scenarios/[0-9]*.sh)
fi
# daxctl scenarios need our daxctl: without it they are not run (and not counted)
if [ -z "${DAXCTL:-}" ] || [ ! -x "${DAXCTL:-}" ]; then
	keep=()
	for s in "${scen[@]}"; do grep -q '^dctl ' "$s" && echo "fidelity: $(basename "$s"): no daxctl built, not run" >&2 || keep+=("$s"); done
	scen=("${keep[@]}")
fi
rm -rf "$OUT"
mkdir -p "$OUT/kernel" "$OUT/daxsim"

shares=(-s "$SRC")
[ -n "$BUILD" ] && [ "${BUILD#"$SRC"/}" = "$BUILD" ] && shares+=(-s "$BUILD")
printf 'export DAXCTL=%q DAXCTL_SRC=%q\nbash %q' "${DAXCTL:-}" "$SRC" "$HERE/lib/batch.sh" >"$OUT/guest.sh"
printf ' %q' "${scen[@]}" >>"$OUT/guest.sh"
echo >>"$OUT/guest.sh"

"$HERE/run-guest.sh" -k "$K" "${shares[@]}" "$OUT/guest.sh" >"$OUT/kernel.out" 2>"$OUT/kernel.err"
rc=$?
if [ $rc != 0 ] || ! grep -qx '===== END =====' "$OUT/kernel.out"; then
	echo "fidelity: the guest run failed (rc $rc):" >&2
	tail -n 30 "$OUT/kernel.err" "$OUT/kernel.out" >&2
	exit 1
fi
"$DAXSIM" run --kernel "$K" --topology "$topo" -- bash "$HERE/lib/batch.sh" "${scen[@]}" >"$OUT/daxsim.out" 2>&1
echo "daxsim exit status $?" >>"$OUT/daxsim.status"

split() { # $1: output file, $2: directory for <scenario>.txt
	awk -v d="$2" '/^===== SCENARIO .* =====$/ { f = d "/" $3 ".txt"; printf "" > f; next }
		/^===== END =====$/ { f = ""; next } f { print > f }' "$1"
}
split "$OUT/kernel.out" "$OUT/kernel"
split "$OUT/daxsim.out" "$OUT/daxsim"
same=0 total=0
for s in "${scen[@]}"; do
	n=$(basename "$s" .sh)
	total=$((total + 1))
	if [ -f "$OUT/daxsim/$n.txt" ] && cmp -s "$OUT/kernel/$n.txt" "$OUT/daxsim/$n.txt"; then
		same=$((same + 1))
		echo "identical  $n"
	else
		[ -f "$OUT/daxsim/$n.txt" ] || : >"$OUT/daxsim/$n.txt"
		echo "DIFFERENT  $n (--- kernel, +++ daxsim)"
		diff -u --label kernel --label daxsim "$OUT/kernel/$n.txt" "$OUT/daxsim/$n.txt" | tee "$OUT/$n.diff" | head -40
	fi
done
echo "outputs in $OUT"
echo "fidelity $K: $same/$total scenarios identical"
[ "$same" = "$total" ] && [ "$total" -gt 0 ]
