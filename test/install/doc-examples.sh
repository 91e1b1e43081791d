#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages' examples are real: every listing block of a page's EXAMPLES section is a
# terminal transcript (lines "# COMMAND" and what it printed) that is replayed inside daxsim,
# on a terminal (so stdout and stderr interleave as a user sees them), and must print exactly
# what the page shows. The blocks of one page run in order on one machine: daxsim's default
# machine on 6.1, or what a "// daxsim: OPTIONS" comment in the section asks for.
#   doc-examples.sh [--print] [PAGE.txt...]   --print: show the transcripts instead of comparing
set -u
: "${DAXCTL_SRC:?}" "${DAXSIM:?}" "${DAXCTL:?}"
print=
[ "${1:-}" = --print ] && { print=1; shift; }
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=("$DAXCTL_SRC"/Documentation/daxctl-*.txt)
command -v script >/dev/null || { echo "SKIP: script(1) (bsdutils) is not installed"; exit 77; }
# migrate-device-model writes /etc/modprobe.d/daxctl.conf: the examples run in a mount
# namespace of their own where /etc/modprobe.d is an empty tmpfs, so the host's is untouched.
[ "$(id -u)" = 0 ] || { echo "SKIP: the examples run as root, as the pages show"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$DAXCTL" "$work/bin/daxctl"
failures=0 checked=0

for page in "${pages[@]}"; do
	name=$(basename "$page" .txt)
	# Split the EXAMPLES section into blocks: ex.N holds the expected transcript of block N.
	rm -f "$work"/ex.* "$work/opts"
	awk -v dir="$work" '
		/^== / { in_ex = ($0 == "== EXAMPLES"); next }
		!in_ex { next }
		/^\/\/ daxsim: / { sub(/^\/\/ daxsim: /, ""); print > (dir "/opts"); next }
		/^----$/ { if (inblk) { inblk = 0; close(f) } else { inblk = 1; n++; f = dir "/ex." n; printf "" > f }; next }
		inblk { print > f }' "$page"
	n=$(find "$work" -maxdepth 1 -name 'ex.*' | wc -l)
	if [ "$n" = 0 ]; then
		echo "FAIL: $name: no example in its EXAMPLES section"; failures=$((failures + 1)); continue
	fi
	# One script for the page: each block's commands, a marker line before each block.
	{
		echo 'export PATH='"$work/bin"':$PATH'
		# as installed by a distribution (a build under /usr/local would say /usr/local/etc)
		echo 'unset DAXCTL_CONF_DIR DAXCTL_LOG; export DAXCTL_MODPROBE_DIR=/etc/modprobe.d'
		for i in $(seq 1 "$n"); do
			echo "echo '@@ block $i'"
			sed -n 's/^# //p' "$work/ex.$i" | while IFS= read -r cmd; do
				printf 'printf "%%s\\n" %q\n%s\n' "# $cmd" "$cmd"
			done
		done
	} >"$work/run.sh"
	opts=$(cat "$work/opts" 2>/dev/null)
	# shellcheck disable=SC2086
	script -qec "unshare -m --propagation private sh -c 'mkdir -p /etc/modprobe.d &&
		mount -t tmpfs none /etc/modprobe.d && cd \"\$1\" && exec \"\$2\" run $opts -- bash run.sh' \
		sh '$work' '$DAXSIM'" /dev/null </dev/null |
		tr -d '\r' >"$work/out"
	for i in $(seq 1 "$n"); do
		awk -v b="@@ block $i" '$0 == b { on = 1; next } /^@@ block / { on = 0 } on' "$work/out" >"$work/got.$i"
		if [ -n "$print" ]; then
			echo "=== $name, example $i"; cat "$work/got.$i"; continue
		fi
		checked=$((checked + 1))
		if cmp -s "$work/ex.$i" "$work/got.$i"; then
			echo "ok: $name: example $i ($(grep -c '^# ' "$work/ex.$i") commands)"
		else
			echo "FAIL: $name: example $i differs from what the commands print (- page, + real):"
			diff -u "$work/ex.$i" "$work/got.$i" | tail -n +3
			failures=$((failures + 1))
		fi
	done
done
[ -n "$print" ] && exit 0
echo "$checked examples checked, $failures failure(s)"
[ "$failures" -eq 0 ]
