# SPDX-License-Identifier: GPL-2.0-or-later
# Assertion helpers for the workflow tests (bash, sourced inside `daxsim run`, or in the
# test/vm guest on a real kernel: test/vm/workflow.sh sets WORKFLOW_MACHINE=kernel).
#   t CMD...            run daxctl CMD, keep stdout in $out, stderr in $err, status in $rc
#   expect_rc N         the last status was N
#   expect_err TEXT     stderr of the last command contains TEXT
#   expect_eq A B WHAT  A equals B
#   attr DEV ATTR       a device attribute;  drv DEV: its driver or "none"
#   json JQ             jq -r JQ on the last stdout
pass=0 failed=0
tmpd=$(mktemp -d)
trap 'rm -rf "$tmpd"' EXIT
t() {
	last="daxctl $*"
	"$DAXCTL" "$@" >"$tmpd/out" 2>"$tmpd/err"
	rc=$?
	out=$(cat "$tmpd/out") err=$(cat "$tmpd/err")
}
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL [${last:-}] $*"; [ -n "${err:-}" ] && echo "$err" | sed 's/^/    stderr: /'; }
expect_rc() { [ "$rc" = "$1" ] && ok || bad "exit $rc, expected $1"; }
expect_err() { case "$err" in *"$1"*) ok ;; *) bad "stderr lacks '$1'" ;; esac; }
expect_eq() { [ "$1" = "$2" ] && ok || bad "$3: '$1', expected '$2'"; }
# on_daxsim: true inside daxsim, where faults can be injected (--fail, offline_busy) that
# a real kernel cannot be made to produce on demand
on_daxsim() { [ "${WORKFLOW_MACHINE:-daxsim}" = daxsim ]; }
D=/sys/bus/dax/devices
M=/sys/devices/system/memory
attr() { cat "$D/$1/$2" 2>/dev/null; }
drv() { local l; l=$(readlink "$D/$1/driver") && echo "${l##*/}" || echo none; }
exists() { [ -e "$D/$1" ] && echo yes || echo no; }
json() { echo "$out" | jq -r "$1"; }
region_attr() { cat "$(readlink -f $D/$1)/../dax_region/$2"; }
online_blocks() { # DEV: "N/TOTAL" of the blocks in its first range
	local s e bs b n=0 tot=0 st
	s=$(attr $1 mapping0/start) e=$(attr $1 mapping0/end)
	bs=$((0x$(cat $M/block_size_bytes)))
	for ((b = (s + bs - 1) / bs; b < (e + 1) / bs; b++)); do
		[ -e $M/memory$b ] || continue
		tot=$((tot + 1)); st=$(cat $M/memory$b/state)
		[ "${st#online}" != "$st" ] && n=$((n + 1))
	done
	echo "$n/$tot"
}
finish() {
	echo "$1: $pass checks passed, $failed failed"
	[ "$failed" = 0 ]
}
