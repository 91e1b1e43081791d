#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fidelity check: run the scenarios of test/vm/scenarios/ on Debian's real kernel (one qemu
# boot per guest machine) and in daxsim on the topology of that guest machine, then compare each scenario's
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
[ -f "$HERE/topologies/hmem-$K.topo" ] || { echo "fidelity: no topology for kernel $K" >&2; exit 2; }

. "$HERE/lib/prereq.sh"
vm_prereq || exit $?
vm_cache "$K" || exit $?
if [ -z "${DAXSIM:-}" ] || [ ! -x "$DAXSIM" ]; then
	echo "fidelity: daxsim is not built (DAXSIM='${DAXSIM:-}')" >&2
	exit 1
fi

split() { # $1: output file, $2: directory for <scenario>.txt
	awk -v d="$2" '/^===== SCENARIO .* =====$/ { f = d "/" $3 ".txt"; printf "" > f; next }
		/^===== END =====$/ { f = ""; next } f { print > f }' "$1"
}

# Guest machines: the scenarios of scenarios/ run on the default one (one hmem region,
# topologies/hmem-K.topo), those of scenarios/two-hmem/ on a guest with two hmem regions
# (topologies/two-hmem-K.topo). Scenarios named on the command line run on the first.
# A third guest has static pmem instead of hmem (memmap=1G!5G, topologies/pmem-K.topo, the
# scenarios of scenarios/pmem/); lib/pmem-devdax.sh first makes its namespace0.0 a devdax
# namespace in the guest only (daxsim has no nd bus), outside the compared output.
machines=(hmem two-hmem pmem)
declare -A mm=([hmem]="-m 2G%4G-1+0xefffffff" [two-hmem]="-m 1G%4G-1+0xefffffff -m 1G%5G-1+0xefffffff"
	[pmem]="-m 1G!5G")
declare -A dir=([hmem]="$HERE/scenarios" [two-hmem]="$HERE/scenarios/two-hmem" [pmem]="$HERE/scenarios/pmem")
declare -A setup=([pmem]="$HERE/lib/pmem-devdax.sh")
# FIDELITY_MACHINES="pmem" (say) runs only those machines
[ -n "${FIDELITY_MACHINES:-}" ] && read -ra machines <<<"$FIDELITY_MACHINES"
[ $# -gt 0 ] && machines=(hmem)
rm -rf "$OUT"
shares=(-s "$SRC")
[ -n "$BUILD" ] && [ "${BUILD#"$SRC"/}" = "$BUILD" ] && shares+=(-s "$BUILD")
same=0 total=0
for mach in "${machines[@]}"; do
	if [ $# -gt 0 ]; then
		scen=()
		for s; do scen+=("$(cd "$(dirname "$s")" && pwd)/$(basename "$s")"); done
	else
		scen=("${dir[$mach]}"/[0-9]*.sh)
	fi
	# daxctl scenarios need our daxctl: without it they are not run (and not counted)
	if [ -z "${DAXCTL:-}" ] || [ ! -x "${DAXCTL:-}" ]; then
		keep=()
		for s in "${scen[@]}"; do
			grep -q '^dctl ' "$s" && echo "fidelity: $(basename "$s"): no daxctl built, not run" >&2 || keep+=("$s")
		done
		scen=("${keep[@]}")
	fi
	[ ${#scen[@]} -gt 0 ] || continue
	O=$OUT/$mach
	mkdir -p "$O/kernel" "$O/daxsim"
	printf 'export DAXCTL=%q DAXCTL_SRC=%q\n' "${DAXCTL:-}" "$SRC" >"$O/guest.sh"
	[ -z "${setup[$mach]:-}" ] || printf 'bash %q || exit 1\n' "${setup[$mach]}" >>"$O/guest.sh"
	printf 'bash %q' "$HERE/lib/batch.sh" >>"$O/guest.sh"
	printf ' %q' "${scen[@]}" >>"$O/guest.sh"
	echo >>"$O/guest.sh"
	# shellcheck disable=SC2086
	"$HERE/run-guest.sh" -k "$K" ${mm[$mach]} "${shares[@]}" "$O/guest.sh" >"$O/kernel.out" 2>"$O/kernel.err"
	rc=$?
	if [ $rc != 0 ] || ! grep -qx '===== END =====' "$O/kernel.out"; then
		echo "fidelity: the guest run on $mach failed (rc $rc):" >&2
		tail -n 30 "$O/kernel.err" "$O/kernel.out" >&2
		exit 1
	fi
	"$DAXSIM" run --kernel "$K" --topology "$HERE/topologies/$mach-$K.topo" -- \
		bash "$HERE/lib/batch.sh" "${scen[@]}" >"$O/daxsim.out" 2>&1
	echo "daxsim exit status $?" >"$O/daxsim.status"
	split "$O/kernel.out" "$O/kernel"
	split "$O/daxsim.out" "$O/daxsim"
	for s in "${scen[@]}"; do
		n=$(basename "$s" .sh)
		total=$((total + 1))
		if [ -f "$O/daxsim/$n.txt" ] && cmp -s "$O/kernel/$n.txt" "$O/daxsim/$n.txt"; then
			same=$((same + 1))
			echo "identical  $mach/$n"
		else
			[ -f "$O/daxsim/$n.txt" ] || : >"$O/daxsim/$n.txt"
			echo "DIFFERENT  $mach/$n (--- kernel, +++ daxsim)"
			diff -u --label kernel --label daxsim "$O/kernel/$n.txt" "$O/daxsim/$n.txt" | tee "$O/$n.diff" | head -40
		fi
	done
done
echo "outputs in $OUT/<machine>/"
echo "fidelity $K: $same/$total scenarios identical"
[ "$same" = "$total" ] && [ "$total" -gt 0 ]
