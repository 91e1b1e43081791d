#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside daxsim: every `list` option combination with our daxctl and both upstream
# builds, each output kept in $1/<n>.<impl>.{out,err,rc}; $1/args has one combination a
# line; $1/truth.json holds what sysfs says of every device (truth.py).
# Optional $2: a setup script run first (as root, in the same machine).
# LIST_AS_NOBODY=1 in the environment: every daxctl runs as uid/gid 65534 (setpriv).
set -u
out=$1
[ -n "${2:-}" ] && { bash "$2" || { echo "setup script $2 failed" >&2; exit 1; }; }
flags=()
for r in "" R; do for d in "" D; do for m in "" M; do for i in "" i; do for u in "" u; do
	f=$r$d$m$i$u
	flags+=("${f:+-$f}")
done; done; done; done; done
combos=("${flags[@]}")
for filter in "-r 0" "-r region1" "-r all" "-d dax0.0" "-d 1.0" "-d all" "-r 1 -d dax1.0" "-r 0 -d 1.0"; do
	for f in "" -R -D -RD -Mi -RDMiu -u; do
		combos+=("$f${f:+ }$filter")
	done
done
wrap=()
[ -n "${LIST_AS_NOBODY:-}" ] && wrap=(setpriv --reuid=65534 --regid=65534 --clear-groups)
n=0
: > "$out/args"
for c in "${combos[@]}"; do
	n=$((n + 1))
	echo "$c" >> "$out/args"
	for impl in ours:$DAXCTL 76:$UPSTREAM_DAXCTL_76 81:$UPSTREAM_DAXCTL_81; do
		# shellcheck disable=SC2086
		"${wrap[@]}" ${impl#*:} list $c > "$out/$n.${impl%%:*}.out" 2> "$out/$n.${impl%%:*}.err"
		echo $? > "$out/$n.${impl%%:*}.rc"
	done
done
python3 "$DAXCTL_SRC/test/list/truth.py" > "$out/truth.json"
