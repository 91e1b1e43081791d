#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Our libdaxctl.so.1 exports exactly the symbols of Debian's libdaxctl1 (81),
# each in the same version node, with the same node inheritance and soname,
# and keeps every symbol of bookworm's 76.1 in its node. Our own additions live
# only in our nodes, LIBDAXCTL_11 (child of LIBDAXCTL_10) and LIBDAXCTL_12 (child
# of LIBDAXCTL_11): in each, exactly the names the version script lists there.
set -u
ours=${LIBDAXCTL_DIR:?}/libdaxctl.so.1
up=${DAXCTL_TEST_CACHE:?}/upstream
ref81=$up/81/root/usr/lib/x86_64-linux-gnu/libdaxctl.so.1
ref76=$up/76.1/root/usr/lib/x86_64-linux-gnu/libdaxctl.so.1
for f in "$ref81" "$ref76"; do
	[ -e "$f" ] || { echo "SKIP: $f is missing (test/upstream/fetch.sh fetches it)"; exit 77; }
done
command -v objdump >/dev/null || { echo "SKIP: objdump (binutils) not installed"; exit 77; }

fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
syms() { objdump -T "$1" | awk '$NF ~ /^daxctl_/ { print $(NF-1), $NF }' | sort; }
verdefs() { readelf -V "$1" | sed -n '/Version definition/,/Version needs/p' |
	grep -oE '(Name|Parent 1): LIBDAXCTL_[0-9]+'; }
soname() { readelf -d "$1" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p'; }

ournodes="11 12"
syms "$ours" > all.sym
grep -vE '^LIBDAXCTL_(11|12) ' all.sym > ours.sym
for v in $ournodes; do
	grep "^LIBDAXCTL_$v " all.sym | cut -d' ' -f2 > "ours$v.sym"
	sed -n "/^LIBDAXCTL_$v {/,/^}/p" "${DAXCTL_SRC:?}/lib/libdaxctl.sym" |
		awk '$1 ~ /^daxctl_.*;$/ { sub(/;$/, "", $1); print $1 }' | sort > "want$v.sym"
done
syms "$ref81" > ref81.sym
syms "$ref76" > ref76.sym
n=$(wc -l < ours.sym)
if [ "$n" -ne 64 ]; then echo "FAIL: $n exported daxctl_ symbols, want 64"; fail=1; fi
if ! diff -u ref81.sym ours.sym; then echo "FAIL: symbols or nodes differ from Debian's 81"; fail=1; fi
missing=$(comm -23 ref76.sym ours.sym)
if [ -n "$missing" ]; then echo "FAIL: symbols of 76.1 missing or moved:"; echo "$missing"; fail=1; fi
for v in $ournodes; do
	if ! diff -u "want$v.sym" "ours$v.sym"; then echo "FAIL: LIBDAXCTL_$v differs from lib/libdaxctl.sym"; fail=1; fi
	if [ ! -s "want$v.sym" ]; then echo "FAIL: no LIBDAXCTL_$v symbols found"; fail=1; fi
done
if ! diff -u <(verdefs "$ref81"; echo "Name: LIBDAXCTL_11"; echo "Parent 1: LIBDAXCTL_10"
		echo "Name: LIBDAXCTL_12"; echo "Parent 1: LIBDAXCTL_11") \
		<(verdefs "$ours"); then echo "FAIL: version node chain differs"; fail=1; fi
if [ "$(soname "$ours")" != libdaxctl.so.1 ]; then echo "FAIL: soname $(soname "$ours")"; fail=1; fi
# nothing else is exported (no helper leaks out of the version script)
extra=$(objdump -T "$ours" | awk '$2 == "g" && $4 == ".text" && $NF !~ /^daxctl_/ { print $NF }')
if [ -n "$extra" ]; then echo "FAIL: extra exports: $extra"; fail=1; fi
[ $fail = 0 ] && echo "PASS: 64 symbols in LIBDAXCTL_1..10 as Debian's libdaxctl1 81, $(wc -l < ours11.sym) in LIBDAXCTL_11, $(wc -l < ours12.sym) in LIBDAXCTL_12"
exit $fail
