#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Acceptance on a real kernel: boot Debian's 6.1 or 6.12 kernel and run our daxctl through
# the cases of accept/ (list, create and destroy, system-ram and back, online and offline,
# layout restore, errors) on the hmem guest, then those of accept/pmem/ on a second guest
# with static pmem (memmap=1G!5G), then those of accept/ again on a third guest where the
# dax_memmap module (kernel/) made the hmem machine; the cases check sysfs after each command.
#   accept.sh 6.1|6.12 [CASE.sh...]     (named cases run on the hmem guest only)
# Env: DAXCTL (our daxctl, from the normal build), DAXCTL_SRC, DAXCTL_BUILD.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: accept.sh 6.1|6.12 [CASE.sh...]}
shift
SRC=${DAXCTL_SRC:-$(cd "$HERE/../.." && pwd)}
BUILD=${DAXCTL_BUILD:-}
. "$HERE/lib/prereq.sh"
vm_prereq || exit $?
vm_cache "$K" || exit $?
if [ -z "${DAXCTL:-}" ] || [ ! -x "$DAXCTL" ]; then
	echo "accept: daxctl is not built (DAXCTL='${DAXCTL:-}')" >&2
	exit 1
fi
if [ $# -gt 0 ]; then
	cases=()
	for c; do cases+=("$(cd "$(dirname "$c")" && pwd)/$(basename "$c")"); done
else
	cases=("$HERE"/accept/[0-9]*.sh)
fi
shares=(-s "$SRC")
[ -n "$BUILD" ] && [ "${BUILD#"$SRC"/}" = "$BUILD" ] && shares+=(-s "$BUILD")
case $DAXCTL in "$SRC"/* | "$BUILD"/*) ;; *) shares+=(-s "$(dirname "$DAXCTL")") ;; esac
g=$(mktemp)
out=$(mktemp)
trap 'rm -f "$g" "$out"' EXIT
# guest MEMMAP SETUP CASE...: one guest boot (memmap MEMMAP; SETUP, if not empty, runs first
# in the guest) running the cases; appends its output to $out, returns the guest's status
guest() {
	local m=$1 setup=$2
	shift 2
	{
		printf 'export DAXCTL=%q\n' "$DAXCTL"
		[ -z "$setup" ] || printf 'bash %q || exit 1\n' "$setup"
		printf 'bash %q' "$HERE/accept/run.sh"
		printf ' %q' "$@"
		echo
	} >"$g"
	"$HERE/run-guest.sh" -k "$K" -m "$m" "${extra[@]}" "${shares[@]}" "$g" >>"$out"
}
extra=()
guest '2G%4G-1+0xefffffff' '' "${cases[@]}"
rc=$?
runs=1
# The static pmem machine (memmap=1G!5G, namespace0.0 made devdax) and the cases of accept/pmem/
if [ $# = 0 ] && [ $rc = 0 ]; then
	guest '1G!5G' "$HERE/lib/pmem-devdax.sh" "$HERE"/accept/pmem/[0-9]*.sh
	rc=$?
	runs=2
fi
# The cases of accept/ again on the hmem machine made by the dax_memmap module (kernel/)
if [ $# = 0 ] && [ $rc = 0 ]; then
	ko=$("$HERE/build-module.sh" "$K") || exit 1
	extra=(-f "$ko")
	guest '4G$0x100000000' "$HERE/lib/module-hmem.sh" "${cases[@]}"
	rc=$?
	runs=3
fi
cat "$out"
pass=$(grep -c '^ok - ' "$out")
fail=$(grep -c '^not ok - ' "$out")
echo "kernel $K: $pass passed, $fail failed"
[ $runs != 3 ] || echo "kernel $K, the dax_memmap machine: $(sed -n '/^## machine: dax_memmap/,$p' "$out" | grep -c '^ok - ') of them"
if [ $rc != 0 ] || [ "$(grep -c '^## done' "$out")" != $runs ]; then
	echo "accept: a guest run did not complete (rc $rc)" >&2
	exit 1
fi
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
