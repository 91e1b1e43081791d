#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dax_memmap module (kernel/) on a real kernel: build it for Debian's 6.1 or 6.12 from
# downloaded headers (build-module.sh, cached), boot the guest with memmap=4G$4G (e820
# Reserved 0x100000000-0x1ffffffff, joined to the firmware's range below) and
# memmap=256M$0x240000000 (a Reserved range of its own) and run the tests of module/: load, every bad request's
# errno and kernel message, each kind of region, removal and rmmod refused while memory is
# online, create/remove/reload cycles, /proc/iomem as before after each unload.
#   module.sh 6.1|6.12 [CASE.sh...]
# VM_KARGS: extra kernel arguments for the guest, separated by spaces (memmap.sh).
# Prints "module <kernel>: N passed, N failed". Env: DAXCTL (our daxctl), DAXCTL_SRC,
# DAXCTL_BUILD.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: module.sh 6.1|6.12 [CASE.sh...]}
shift
SRC=${DAXCTL_SRC:-$(cd "$HERE/../.." && pwd)}
BUILD=${DAXCTL_BUILD:-}
. "$HERE/lib/prereq.sh"
vm_prereq || exit $?
vm_cache "$K" || exit $?
if [ -z "${DAXCTL:-}" ] || [ ! -x "$DAXCTL" ]; then
	echo "module: daxctl is not built (DAXCTL='${DAXCTL:-}')" >&2
	exit 1
fi
ko=$("$HERE/build-module.sh" "$K") || exit 1
if [ $# -gt 0 ]; then
	cases=()
	for c; do cases+=("$(cd "$(dirname "$c")" && pwd)/$(basename "$c")"); done
else
	cases=("$HERE"/module/[0-9]*.sh)
fi
shares=(-s "$SRC")
[ -n "$BUILD" ] && [ "${BUILD#"$SRC"/}" = "$BUILD" ] && shares+=(-s "$BUILD")
case $DAXCTL in "$SRC"/* | "$BUILD"/*) ;; *) shares+=(-s "$(dirname "$DAXCTL")") ;; esac
g=$(mktemp)
out=$(mktemp)
trap 'rm -f "$g" "$out"' EXIT
{
	printf 'export DAXCTL=%q\n' "$DAXCTL"
	printf 'bash %q' "$HERE/module/run.sh"
	printf ' %q' "${cases[@]}"
	echo
} >"$g"
kargs=()
for a in ${VM_KARGS:-}; do kargs+=(-a "$a"); done
"$HERE/run-guest.sh" -k "$K" -m '4G$0x100000000' -m '256M$0x240000000' "${kargs[@]}" -f "$ko" \
	"${shares[@]}" "$g" >"$out"
rc=$?
cat "$out"
pass=$(grep -c '^ok - ' "$out")
fail=$(grep -c '^not ok - ' "$out")
echo "module $K: $pass passed, $fail failed"
if [ $rc != 0 ] || ! grep -q '^## done' "$out"; then
	echo "module: the guest run did not complete (rc $rc)" >&2
	exit 1
fi
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
