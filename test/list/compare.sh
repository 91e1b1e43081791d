#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# compare.sh TOPOLOGY|default [KERNEL] [SETUP] [--memblocks-differ]: run every `daxctl list` option combination
# with ours, upstream 76.1 and upstream 81 on one daxsim machine and compare (compare.py).
set -u
topo=$1 kernel=${2:-} setup=${3:-} allow=${4:-}
for v in DAXSIM DAXCTL UPSTREAM_DAXCTL_76 UPSTREAM_DAXCTL_81; do
	[ -n "${!v:-}" ] || { echo "compare.sh: \$$v is not set" >&2; exit 1; }
done
for u in "$UPSTREAM_DAXCTL_76" "$UPSTREAM_DAXCTL_81"; do
	[ -x "$u" ] || { echo "SKIP: no upstream daxctl at $u (run test/upstream/fetch.sh)"; exit 77; }
done
out=$(mktemp -d /tmp/daxctl-list-XXXXXX)
trap 'rm -rf "$out"' EXIT
opts=()
[ "$topo" != default ] && opts+=(--topology "$TOPOLOGIES/$topo")
[ -n "$kernel" ] && opts+=(--kernel "$kernel")
[ -n "$setup" ] && setup=$DAXCTL_SRC/test/list/$setup
"$DAXSIM" run "${opts[@]}" -- bash "$DAXCTL_SRC/test/list/run-combos.sh" "$out" "$setup" ||
	{ echo "compare.sh: daxsim run failed" >&2; exit 1; }
python3 "$DAXCTL_SRC/test/list/compare.py" "$out" $allow
