#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The upstream reference wrappers written by fetch.sh run, each with its own libraries, and
# report their Debian version: 76.1 (bookworm) and 81 (trixie).
set -u
v76=${UPSTREAM_DAXCTL_76:-/var/cache/daxctl-test/upstream/bin/daxctl-76.1}
v81=${UPSTREAM_DAXCTL_81:-/var/cache/daxctl-test/upstream/bin/daxctl-81}
for w in "$v76" "$v81"; do
	[ -x "$w" ] || { echo "SKIP: $w missing (run test/upstream/fetch.sh as root)"; exit 77; }
done
fail=0
check() { # $1: wrapper, $2: expected version
	local out rc
	out=$("$1" version 2>&1); rc=$?
	if [ $rc -ne 0 ] || [ "$out" != "$2" ]; then
		echo "FAIL: $1 version: exit $rc, printed '$out', expected '$2'"; fail=1
	else
		echo "ok: $1 version = $out"
	fi
}
check "$v76" 76.1
check "$v81" 81
# The 81 wrapper must not run on the host's libc: its loader is the trixie one.
grep -q '/81/root/.*ld-linux-x86-64.so.2 ' "$v81" || { echo "FAIL: $v81 does not use trixie's loader"; fail=1; }
# DAXCTL_LIBDIR comes first: an empty directory changes nothing, a bogus libdaxctl breaks it.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$(DAXCTL_LIBDIR=$tmp "$v76" version 2>&1) && [ "$out" = 76.1 ] ||
	{ echo "FAIL: DAXCTL_LIBDIR=<empty dir> $v76 version: '$out'"; fail=1; }
echo 'not an ELF' > "$tmp/libdaxctl.so.1"
if DAXCTL_LIBDIR=$tmp "$v81" version >/dev/null 2>&1; then
	echo "FAIL: DAXCTL_LIBDIR=$tmp was not used by $v81"; fail=1
else
	echo "ok: DAXCTL_LIBDIR is searched first"
fi
exit $fail
