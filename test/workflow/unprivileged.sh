#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every write command run by an unprivileged user (uid 65534) inside daxsim: it must fail
# (non-zero exit) with "Permission denied" on stderr and leave the machine exactly as it was;
# never a success that did nothing. Twice: with the default lock directory (refused at the
# lock), and with a lock directory the user owns (refused by sysfs, which is root-only for
# writing).
set -u
for v in DAXSIM DAXCTL TOPOLOGIES DAXCTL_SRC; do
	[ -n "${!v:-}" ] || { echo "FAIL: $v not set (run through meson test)"; exit 1; }
done
if [ "${1:-}" != --inside ]; then
	[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }
	exec "$DAXSIM" run --kernel 6.12 --topology "$TOPOLOGIES/workflow-matrix.topo" \
		-- bash "$0" --inside
fi
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
cmds=(
	"create-device -r 0 -s 256M"
	"destroy-device -f dax0.1"
	"reconfigure-device -m system-ram dax0.1"
	"reconfigure-device -m devdax -f dax0.2"
	"online-memory dax0.3"
	"offline-memory dax0.2"
	"reconfigure-device -s 128M dax0.4"
	"enable-device dax0.4"
	"disable-device dax0.0"
)
fail=0 cases=0
bash "$here/dump-state.sh" >"$tmp/before"
for lockdir in default user; do
	if [ $lockdir = user ]; then
		mkdir "$tmp/lock" && chown 65534:65534 "$tmp/lock" && chmod 700 "$tmp/lock"
		lock=(env DAXCTL_LOCK_DIR="$tmp/lock")
	else
		lock=(env -u DAXCTL_LOCK_DIR)
	fi
	for c in "${cmds[@]}"; do
		cases=$((cases + 1))
		setpriv --reuid=65534 --regid=65534 --clear-groups "${lock[@]}" $DAXCTL $c \
			>"$tmp/out" 2>"$tmp/err"
		rc=$?
		bash "$here/dump-state.sh" >"$tmp/after"
		if [ $rc = 0 ] || ! grep -q 'Permission denied' "$tmp/err" ||
				! cmp -s "$tmp/before" "$tmp/after"; then
			echo "FAIL [$lockdir lock dir] daxctl $c: exit $rc"
			sed 's/^/    stderr: /' "$tmp/err"
			diff "$tmp/before" "$tmp/after" | sed 's/^/    /'
			fail=$((fail + 1))
		fi
	done
done
echo "unprivileged: $cases cases, $fail failures"
[ $fail = 0 ]
