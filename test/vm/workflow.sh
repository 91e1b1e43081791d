#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The workflow acceptance scenarios (test/workflow/accept.sh) on a real kernel: for each
# scenario, boot Debian's 6.1 or 6.12 kernel, make in the guest the machine its daxsim
# topology describes (lib/workflow-machine.sh: the dax_memmap module and raw sysfs writes),
# check that the machine's dax state equals daxsim's for that topology (devices, drivers,
# sizes, ranges, regions, seeds, the states and zones of the devices' memory blocks:
# test/workflow/dump-state.sh on both), then run the scenario's own assertions
# (`accept.sh K --inside SCENARIO`) there: the same exit codes, messages, JSON and sysfs
# state as in daxsim.
#   workflow.sh 6.1|6.12 [SCENARIO...]     (default: every scenario the kernel can run)
# Scenarios: edge, matrix, policy (6.12 only, as in daxsim: 6.1 boots with an offline policy,
# and kmem-type regions exist from 6.3), shapes (workflow/shapes.sh: idle seeds, align 1G and
# 4K; run here in daxsim too, as test/workflow does not have it), pmem (on the nvdimm machine of memmap=1G!5G: it reads
# the namespace's uuid; no daxsim topology has that machine's sizes, so no state comparison).
# Not here: undo, which needs daxsim's fault injection (--fail, offline_busy); the edge
# checks that need a block refusing to go offline are daxsim-only for the same reason.
# Prints "workflow K: N checks passed, N failed on M machines; machine state as daxsim's: X/Y".
# Env: DAXCTL, DAXSIM (the normal build's), DAXCTL_SRC, DAXCTL_BUILD.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: workflow.sh 6.1|6.12 [SCENARIO...]}
shift
SRC=${DAXCTL_SRC:-$(cd "$HERE/../.." && pwd)}
BUILD=${DAXCTL_BUILD:-}
TOPO=$SRC/test/topologies
. "$HERE/lib/prereq.sh"
vm_prereq || exit $?
vm_cache "$K" || exit $?
for v in DAXCTL DAXSIM; do
	if [ -z "${!v:-}" ] || [ ! -x "${!v}" ]; then
		echo "workflow: $v is not built ($v='${!v:-}')" >&2
		exit 1
	fi
done
ko=$("$HERE/build-module.sh" "$K") || exit 1
if [ $# -gt 0 ]; then
	scen=("$@")
else
	scen=(edge matrix policy shapes pmem)
	[ "$K" != 6.1 ] || scen=(edge matrix shapes pmem)
fi
shares=(-s "$SRC")
[ -n "$BUILD" ] && [ "${BUILD#"$SRC"/}" = "$BUILD" ] && shares+=(-s "$BUILD")
for b in "$DAXCTL"; do
	case $b in "$SRC"/* | "$BUILD"/*) ;; *) shares+=(-s "$(dirname "$b")") ;; esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# norm BLOCKS: a dump-state.sh output on stdin, with regions named by their id (hmem.0 and
# dax_memmap.0 are both region 0) and only the memory blocks listed in BLOCKS (those of the
# devices' ranges: boot RAM differs between the guest and the topology)
norm() {
	local l w keep
	while IFS= read -r l; do
		case $l in
		"region "*) l=${l#region }; echo "region ${l#*.}" ;;
		blocks*)
			keep=blocks
			for w in ${l#blocks}; do
				case " $1 " in *" ${w%%=*} "*) keep+=" $w" ;; esac
			done
			echo "$keep"
			;;
		*) echo "$l" ;;
		esac
	done
}
# blocks_of: the memory blocks (memoryN) of every device range of a dump on stdin
blocks_of() {
	local l m s e b
	while read -r l; do
		for m in $l; do
			case $m in map=*) ;; *) continue ;; esac
			m=${m#map=*:}
			s=${m%-*} e=${m#*-}
			for ((b = s / 0x8000000; b <= e / 0x8000000; b++)); do printf 'memory%d ' $b; done
		done
	done
}

pass=0 fail=0 machines=0 same=0 compared=0 bad=0
for s in "${scen[@]}"; do
	args=() topo=
	case $s in
	edge)
		args=(-r 14G -m '1G$0x100000000' -m '512M$0x200000000' -m '256M$0x300000000')
		topo=$TOPO/workflow-edge.topo ;;
	matrix) args=(-m '2G$0x100000000'); topo=$TOPO/workflow-matrix.topo ;;
	policy) args=(-m '2G$0x100000000'); topo=$TOPO/capture-hmem-default-online-6.12.topo ;;
	shapes) args=(-m '2G$0x100000000'); topo=$HERE/topologies/workflow-shapes.topo ;;
	pmem) args=(-m '1G!5G') ;;
	*) echo "workflow: no real-kernel machine for scenario '$s'" >&2; exit 2 ;;
	esac
	{
		printf 'export DAXCTL=%q WORKFLOW_MACHINE=kernel WORKFLOW_REGION0=/platform/dax_memmap.0\n' "$DAXCTL"
		printf 'bash %q %q || { echo "MACHINE-ERROR: could not make the machine"; exit 1; }\n' \
			"$HERE/lib/workflow-machine.sh" "$s"
		printf 'echo "## state"; bash %q; echo "## end state"\n' "$SRC/test/workflow/dump-state.sh"
		if [ $s = shapes ]; then
			printf 'bash %q %q\n' "$HERE/workflow/shapes.sh" "$K"
		else
			printf 'bash %q %q --inside %q\n' "$SRC/test/workflow/accept.sh" "$K" "$s"
		fi
		echo 'echo "## done: accept exited $?"'
	} >"$tmp/g"
	if [ $s = shapes ]; then	# test/workflow runs its scenarios in daxsim; this one runs here
		line=$("$DAXSIM" run --kernel "$K" --topology "$topo" -- bash "$HERE/workflow/shapes.sh" "$K" |
			tee /dev/stderr | tail -n 1)
		echo "### shapes in daxsim: $line"
		case $line in "accept $K shapes: "*" checks passed, 0 failed") ;; *) bad=$((bad + 1)) ;; esac
	fi
	t0=$SECONDS
	"$HERE/run-guest.sh" -k "$K" "${args[@]}" -f "$ko" "${shares[@]}" "$tmp/g" >"$tmp/out.$s" 2>&1
	rc=$?
	echo "### $s: guest exited $rc after $((SECONDS - t0)) s"
	sed '/^## state$/,/^## end state$/d' "$tmp/out.$s"
	machines=$((machines + 1))
	line=$(grep "^accept $K $s: [0-9]* checks passed, [0-9]* failed$" "$tmp/out.$s")
	if [ $rc != 0 ] || [ -z "$line" ] || ! grep -q '^## done: accept exited ' "$tmp/out.$s"; then
		echo "workflow: $s: the guest run did not complete (rc $rc)"
		bad=$((bad + 1))
	fi
	if [ -n "$line" ]; then
		line=${line#*: }
		pass=$((pass + ${line%% *}))
		line=${line#*, }
		fail=$((fail + ${line%% *}))
	fi
	[ -n "$topo" ] || continue
	compared=$((compared + 1))
	sed -n '/^## state$/,/^## end state$/p' "$tmp/out.$s" | sed '1d;$d' >"$tmp/kernel.$s"
	"$DAXSIM" run --kernel "$K" --topology "$topo" -- bash "$SRC/test/workflow/dump-state.sh" >"$tmp/sim.$s"
	bl=$(grep -v '^blocks' "$tmp/sim.$s" | blocks_of)
	norm "$bl" <"$tmp/sim.$s" >"$tmp/sim.n"
	norm "$bl" <"$tmp/kernel.$s" >"$tmp/kernel.n"
	if [ -s "$tmp/sim.n" ] && cmp -s "$tmp/sim.n" "$tmp/kernel.n"; then
		same=$((same + 1))
		echo "### $s: the machine made in the guest has daxsim's state for ${topo##*/}"
	else
		echo "### $s: the machine made in the guest differs from ${topo##*/} in daxsim (- daxsim, + guest):"
		diff "$tmp/sim.n" "$tmp/kernel.n" | sed 's/^/    /'
	fi
done
echo "workflow $K: $pass checks passed, $fail failed on $machines machines; machine state as daxsim's: $same/$compared"
[ $bad = 0 ] && [ $fail = 0 ] && [ $pass -gt 0 ] && [ $same = $compared ]
