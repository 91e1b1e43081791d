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
# The fourth, "module", is one guest (memmap=4G$4G numa=fake=2) where the dax_memmap module
# (kernel/, built by build-module.sh) makes the machine shapes of shapes/ one after the other;
# each is compared with daxsim on topologies/module-NAME.topo.in (see shapes/README).
machines=(hmem two-hmem pmem module)
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
same=0 total=0 shapes=0
# compare DIR LABEL SCENARIO...: kernel/ and daxsim/ outputs of DIR, one line per scenario
compare() {
	local o=$1 label=$2 s n
	shift 2
	# the dax major is the kernel's dynamic pick (252 here) and, in daxsim, one the host has
	# not registered (its /dev nodes must not open the host's devices): compared as MAJ
	sed -i -E -e 's/(dev = )[0-9]+:/\1MAJ:/' -e 's/MAJOR=[0-9]+/MAJOR=MAJ/' \
		-e 's#^(/dev/dax[0-9]+\.[0-9]+ c[-rwxsStT]{9}) [0-9a-f]+:#\1 MAJ:#' "$o"/kernel/*.txt "$o"/daxsim/*.txt
	for s; do
		n=$(basename "$s" .sh)
		total=$((total + 1))
		if [ -f "$o/daxsim/$n.txt" ] && cmp -s "$o/kernel/$n.txt" "$o/daxsim/$n.txt"; then
			same=$((same + 1))
			echo "identical  $label/$n"
		else
			[ -f "$o/daxsim/$n.txt" ] || : >"$o/daxsim/$n.txt"
			[ -f "$o/kernel/$n.txt" ] || : >"$o/kernel/$n.txt"
			echo "DIFFERENT  $label/$n (--- kernel, +++ daxsim)"
			diff -u --label kernel --label daxsim "$o/kernel/$n.txt" "$o/daxsim/$n.txt" | tee "$o/$n.diff" | head -40
		fi
	done
}
# module_shapes: the "module" machine
module_shapes() {
	local ko f name O=$OUT/module s auto=offline g rc args=(-a numa=fake=2)
	# 6.12 onlines hot-added memory itself: into ZONE_MOVABLE here, so that it can always
	# be offlined again between shapes (ZONE_NORMAL memory may hold unmovable pages)
	[ "$K" = 6.1 ] || { auto=online_movable; args+=(-a memhp_default_state=online_movable); }
	ko=$("$HERE/build-module.sh" "$K") || { echo "fidelity: building dax_memmap failed" >&2; exit 1; }
	mkdir -p "$O"
	g=$O/guest.sh
	printf 'export DAXCTL=%q DAXCTL_SRC=%q
' "${DAXCTL:-}" "$SRC" >"$g"
	echo 'insmod /guest/dax_memmap.ko || exit 1' >>"$g"
	local -a names=()
	for f in "$HERE"/shapes/*.shape; do
		local kernels=() create=() scen=()
		# shellcheck disable=SC1090
		. "$f"
		[[ " ${kernels[*]} " == *" $K "* ]] || continue
		name=$(basename "$f" .shape)
		names+=("$name")
		printf 'bash %q %q' "$HERE/lib/shape-guest.sh" "$name" >>"$g"
		for s in "${create[@]}"; do
			[ "$K" = 6.1 ] && s=${s//@KMEM@/dynamic} || s=${s//@KMEM@/kmem}
			printf ' %q' "$s" >>"$g"
		done
		printf ' --' >>"$g"
		for s in "${scen[@]}"; do printf ' %q' "$HERE/scenarios/module/$s.sh" >>"$g"; done
		echo >>"$g"
		mkdir -p "$O/$name/kernel" "$O/$name/daxsim"
		sed "s/@KERNEL@/$K/; s/@AUTO_ONLINE@/$auto/" "$HERE/topologies/module-$name.topo.in" >"$O/$name/machine.topo"
		printf '%s\n' "${scen[@]}" >"$O/$name/scenarios"
	done
	# shellcheck disable=SC2086
	"$HERE/run-guest.sh" -k "$K" -m '4G$0x100000000' "${args[@]}" -f "$ko" "${shares[@]}" "$g" >"$O/kernel.out" 2>"$O/kernel.err"
	rc=$?
	if [ $rc != 0 ] || grep -q '^SHAPE-ERROR' "$O/kernel.out"; then
		echo "fidelity: the guest run of the module shapes failed (rc $rc):" >&2
		grep '^SHAPE-ERROR' "$O/kernel.out" >&2
		tail -n 30 "$O/kernel.err" "$O/kernel.out" >&2
		exit 1
	fi
	for name in "${names[@]}"; do
		awk -v n="$name" '/^##### SHAPE / { on = ($3 == n); next } on' "$O/kernel.out" >"$O/$name/kernel.out"
		local paths=()
		while read -r s; do paths+=("$HERE/scenarios/module/$s.sh"); done <"$O/$name/scenarios"
		"$DAXSIM" run --kernel "$K" --topology "$O/$name/machine.topo" -- \
			bash "$HERE/lib/batch.sh" "${paths[@]}" >"$O/$name/daxsim.out" 2>&1
		echo "daxsim exit status $?" >"$O/$name/daxsim.status"
		split "$O/$name/kernel.out" "$O/$name/kernel"
		split "$O/$name/daxsim.out" "$O/$name/daxsim"
		compare "$O/$name" "module-$name" "${paths[@]}"
		shapes=$((shapes + 1))
	done
}
for mach in "${machines[@]}"; do
	if [ "$mach" = module ]; then
		module_shapes
		continue
	fi
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
	compare "$O" "$mach" "${scen[@]}"
	shapes=$((shapes + 1))
done
echo "outputs in $OUT/<machine>/"
echo "fidelity $K: $same/$total scenarios identical on $shapes machine shapes"
[ "$same" = "$total" ] && [ "$total" -gt 0 ]
