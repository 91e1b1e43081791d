#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every sysfs write of every write command is made by libdaxctl: each workflow runs with -v
# (daxctl prints what the library's write observer reports) in daxsim with a write log, and
# the two lists of (path, value) must be the same, in the same order. A write made around the
# library would be in daxsim's log only.
set -u
for v in DAXSIM DAXCTL TOPOLOGIES DAXCTL_SRC; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DAXCTL_LOCK_DIR=$work/lock
here=$(cd "$(dirname "$0")" && pwd)
. "$here/matrix-workflows.sh"
fail=0 writes=0
for w in $(printf '%s\n' "${!W[@]}" | sort); do
	c=${W[$w]}
	: >"$work/log"
	"$DAXSIM" run --kernel 6.12 --topology "$TOPOLOGIES/workflow-matrix.topo" --log "$work/log" \
		-- bash -c 'c=($2); "$1" "${c[0]}" -v "${c[@]:1}" >/dev/null 2>"$3"; echo $? >"$3.rc"' \
		sh "$DAXCTL" "$c" "$work/err"
	# daxsim: N PATH "VALUE" RESULT (the value as written, with the library's NUL as \000)
	sed -E 's/^[0-9]+ ([^ ]+) "(.*)" [A-Za-z]+$/\1 \2/; s/\\000$//; s/\\n$//' "$work/log" >"$work/sim"
	# daxctl -v: daxctl: write PATH <- 'VALUE': RESULT
	sed -nE "s/^daxctl: write ([^ ]+) <- '(.*)': .*$/\1 \2/p" "$work/err" >"$work/lib"
	# unbinding goes through the device's driver link, which daxsim logs resolved
	sed -Ei 's#^/sys/bus/dax/drivers/[^/]+/(remove_id|unbind) #DRIVER/\1 #' "$work/sim"
	sed -Ei 's#^/sys/devices/.*/dax[0-9]+\.[0-9]+/driver/(remove_id|unbind) #DRIVER/\1 #' "$work/lib"
	n=$(grep -c . "$work/sim")
	writes=$((writes + n))
	if [ "$(cat "$work/err.rc")" != 0 ] || [ "$n" = 0 ] || ! cmp -s "$work/sim" "$work/lib"; then
		echo "FAIL daxctl $c (exit $(cat "$work/err.rc"), $n writes in daxsim's log):"
		diff "$work/sim" "$work/lib" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
echo "writes by the library: ${#W[@]} commands, $writes writes, each reported by the library's write observer; $fail failures"
[ $fail = 0 ]
