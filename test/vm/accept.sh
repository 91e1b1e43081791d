#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Acceptance on a real kernel: boot Debian's 6.1 or 6.12 kernel (one qemu run) and run our
# daxctl through the cases of accept/ (list, create and destroy, system-ram and back, online
# and offline, layout restore, errors), which check sysfs after each command.
#   accept.sh 6.1|6.12 [CASE.sh...]
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
{
	printf 'export DAXCTL=%q\n' "$DAXCTL"
	printf 'bash %q' "$HERE/accept/run.sh"
	printf ' %q' "${cases[@]}"
	echo
} >"$g"
"$HERE/run-guest.sh" -k "$K" "${shares[@]}" "$g" >"$out"
rc=$?
cat "$out"
pass=$(grep -c '^ok - ' "$out")
fail=$(grep -c '^not ok - ' "$out")
echo "kernel $K: $pass passed, $fail failed"
if [ $rc != 0 ] || ! grep -q '^## done' "$out"; then
	echo "accept: the guest run did not complete (rc $rc)" >&2
	exit 1
fi
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
