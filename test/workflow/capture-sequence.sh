#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The daxctl sequence of the hmem kernel captures, run with our daxctl and with upstream
# daxctl (81, or 76.1 with $3) on the same simulated machine (kernel personality $1), compared step by step by
# compare-sequence.py (documented decisions excepted). $2 = "online": the 6.12 machine with
# Debian's default auto_online_blocks=online. $3 = 76.1: compare with upstream 76.1, not 81.
set -u
k=$1 policy=${2:-offline} ver=${3:-81}
topo=$TOPOLOGIES/capture-hmem-$k.topo
[ $policy = online ] && topo=$TOPOLOGIES/capture-hmem-default-online-$k.topo
here=$(dirname "$0")
up=${UPSTREAM_DAXCTL_81:-}
[ "$ver" = 76.1 ] && up=${UPSTREAM_DAXCTL_76:-}
[ -x "$up" ] || { echo "upstream daxctl $ver not fetched (test/upstream/fetch.sh)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for who in ours upstream; do
	bin=$DAXCTL
	[ $who = upstream ] && bin=$up
	"$DAXSIM" run --kernel "$k" --topology "$topo" -- \
		bash "$here/sequence.sh" "$bin" >"$work/$who.txt" 2>&1 || {
		echo "sequence with $who daxctl failed:"; tail -20 "$work/$who.txt"; exit 1; }
done
python3 "$here/compare-sequence.py" "$work/ours.txt" "$work/upstream.txt" $policy $ver
