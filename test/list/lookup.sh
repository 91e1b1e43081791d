#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One device named (`list -d daxR.D`, `list -d R.D`, a per-device command) is looked up
# alone: on a region of 300 devices, ours opens, stats and resolves no file of another
# device and no other device's link, and prints what upstream 81 prints (byte for byte,
# exit status too). Spellings that are not the kernel's name (dax00.150) still match as
# upstream's do, through the listing.
set -u
for v in DAXSIM DAXCTL UPSTREAM_DAXCTL_81; do
	[ -n "${!v:-}" ] || { echo "lookup.sh: \$$v is not set" >&2; exit 1; }
done
[ -x "$UPSTREAM_DAXCTL_81" ] || { echo "SKIP: no upstream daxctl at $UPSTREAM_DAXCTL_81"; exit 77; }
command -v strace >/dev/null || { echo "SKIP: strace missing"; exit 77; }

if [ "${1:-}" = --inside ]; then
	out=$2 n=0
	shift 2
	for cmd in "list -d dax0.150" "list -d 0.150 -M" "list -R -d dax0.150" \
			"list -r 1 -d dax0.150" "list -d dax1.1 -i" "list -d dax0.300" \
			"list -d dax00.150" "disable-device dax0.150" "enable-device 0.150"; do
		n=$((n + 1))
		echo "$cmd" > "$out/$n.cmd"
		# LeakSanitizer cannot run under ptrace: the traced run goes without it
		# shellcheck disable=SC2086 # the words of $cmd
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=%file -o "$out/$n.trace" "$DAXCTL" $cmd \
			> "$out/$n.ours.out" 2> "$out/$n.ours.err"
		echo $? > "$out/$n.ours.rc"
		# the list commands again, untraced, and upstream's on the same machine
		case $cmd in list*)
			# shellcheck disable=SC2086
			"$DAXCTL" $cmd > "$out/$n.ours.out" 2> "$out/$n.ours.err"
			echo $? > "$out/$n.ours.rc"
			# shellcheck disable=SC2086
			"$UPSTREAM_DAXCTL_81" $cmd > "$out/$n.81.out" 2> "$out/$n.81.err"
			echo $? > "$out/$n.81.rc";;
		esac
	done
	exit 0
fi

t=$(mktemp -d /tmp/daxctl-lookup-XXXXXX)
trap 'rm -rf "$t"' EXIT
export DAXCTL_LOCK_DIR=$t/lock
{
	printf '[machine]\nkernel = 6.1\nblock_size = 128M\n\n[node 0]\nmemory = 0x0+2G\n\n'
	printf '[region hmem0]\nprovider = hmem\nid = 0\nstart = 0x100000000\nsize = 600M\n'
	printf 'align = 2M\ntarget_node = 0\n\n'
	for ((i = 0; i < 300; i++)); do
		printf '[device dax0.%d]\nregion = hmem0\nsize = 2M\ndriver = device_dax\n\n' $i
	done
	printf '[region hmem1]\nprovider = hmem\nid = 1\nstart = 0x200000000\nsize = 4M\n'
	printf 'align = 2M\ntarget_node = 0\n\n'
	printf '[device dax1.0]\nregion = hmem1\nsize = 2M\ndriver = device_dax\n\n'
} > "$t/m.topo"
"$DAXSIM" run --topology "$t/m.topo" -- bash "$0" --inside "$t" ||
	{ echo "FAIL: daxsim run"; exit 1; }

fail=0
for c in "$t"/*.cmd; do
	n=$(basename "$c" .cmd) cmd=$(cat "$c") before=$fail
	# the regions are found through one device's link each, on the bus
	links=$(grep -cE '^[0-9]+ +readlink[a-z]*\(.*"/sys/bus/dax/devices/dax[0-9]+\.[0-9]+"' "$t/$n.trace")
	[ "$links" -le 2 ] || { echo "FAIL: $cmd: $links device links resolved"; fail=$((fail + 1)); }
	# other files of a device other than the named one
	named=$(echo "$cmd" | grep -oE '[0-9]+\.[0-9]+' | sed 's/^/dax/')
	others=$(grep -vE '^[0-9]+ +readlink[a-z]*\(.*"/sys/bus/dax/devices/dax[0-9]+\.[0-9]+"' "$t/$n.trace" |
		grep -oE 'dax[0-9]+\.[0-9]+' | sort -u | grep -vx "$named" || true)
	case $cmd in
	*dax00.150*)	# not the kernel's spelling: listed, every device read
		[ "$(echo "$others" | wc -w)" -ge 300 ] ||
			{ echo "FAIL: $cmd: expected the listing, touched: $(echo $others | head -c 200)"; fail=$((fail + 1)); };;
	*)	[ -z "$others" ] ||
			{ echo "FAIL: $cmd: touched other devices: $(echo $others | head -c 200)"; fail=$((fail + 1)); };;
	esac
	if [ -e "$t/$n.81.rc" ]; then
		for f in out err rc; do
			cmp -s "$t/$n.ours.$f" "$t/$n.81.$f" ||
				{ echo "FAIL: $cmd: $f differs from upstream 81:"; diff "$t/$n.81.$f" "$t/$n.ours.$f" | head -10; fail=$((fail + 1)); }
		done
	else
		[ "$(cat "$t/$n.ours.rc")" = 0 ] ||
			{ echo "FAIL: $cmd: exit $(cat "$t/$n.ours.rc"): $(cat "$t/$n.ours.err")"; fail=$((fail + 1)); }
	fi
	[ "$fail" = "$before" ] && echo "ok: $cmd"
done
# the device was found (both printing nothing would compare equal too)
grep -q '"chardev":"dax0.150"' "$t/2.ours.out" || { echo "FAIL: list -d 0.150 -M printed no dax0.150"; fail=$((fail + 1)); }
echo "$(ls "$t"/*.cmd | wc -l) commands, $fail failures"
exit $((fail > 0))
