#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input: every case must fail with a message naming the input and the reason, a non-zero
# exit, and no sysfs write at all (the daxsim write log stays empty).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" != --inside ]; then
	log=$(mktemp)
	trap 'rm -f "$log"' EXIT
	"$DAXSIM" run --kernel 6.1 --topology "$TOPOLOGIES/workflow-matrix.topo" --log "$log" -- \
		bash "$here/bad-input.sh" --inside || exit 1
	if [ -s "$log" ]; then
		echo "FAIL: bad input wrote to sysfs:"; cat "$log"; exit 1
	fi
	echo "write log empty: ok"
	exit 0
fi
. "$here/lib.sh"
cd "$tmpd"
echo 'not json' >notjson.json
echo '{"chardev":"dax0.9","size":268435456,"align":2097152}' >nomaps.json
echo '{"chardev":"dax0.9","align":2097152,"mappings":[{"page_offset":0,"start":6174015488,"end":6442450943}]}' >nosize.json
echo '{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[{"page_offset":0,"start":6174015488}]}' >noend.json
echo '{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[{"page_offset":0,"start":"0x170000000","end":6442450943}]}' >human.json
echo '{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[{"page_offset":0,"start":8589934592,"end":8858370047}]}' >outside.json
echo '{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[{"page_offset":0,"start":4294967296,"end":4563402751}]}' >inuse.json
echo '{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[{"page_offset":4096,"start":6174015488,"end":6442450943}]}' >hole.json

t reconfigure-device -m fsdax dax0.0;		expect_rc 234; expect_err "unknown mode 'fsdax'"
t create-device -r 0 -s 256X;			expect_rc 234; expect_err "--size '256X': unknown suffix 'X'"
t create-device -r 0 -s 12MB;			expect_rc 234; expect_err "--size '12MB': unexpected 'B'"
t create-device -r 0 -s lots;			expect_rc 234; expect_err "--size 'lots': not a number"
t create-device -r 0 -s 3M;			expect_rc 234; expect_err "size 0x300000 is not a multiple of align 0x200000"
t create-device -r 0 -s 1G;			expect_rc 228; expect_err "size 0x40000000 is more than the available 0x20000000"
t create-device -r 0 -s 256M -a 3000;		expect_rc 234; expect_err "--align '3000': not a power of two"
t reconfigure-device -s 5M dax0.4;		expect_rc 234; expect_err "dax0.4: size 0x500000 is not a multiple of align 0x200000"
t reconfigure-device -s 4M -a 1G dax0.4;	expect_rc 234; expect_err "size 0x400000 is not a multiple of align 0x40000000"
t reconfigure-device -s 1G dax0.0;		expect_rc 240; expect_err "dax0.0: device is active"
t reconfigure-device -s 2G dax0.4;		expect_rc 228; expect_err "more than its 0x10000000 plus the available 0x20000000"
t create-device --input notjson.json;		expect_rc 234; expect_err "--input notjson.json: not a JSON file"
t create-device --input missing.json;		expect_rc 234; expect_err "--input missing.json"
t create-device --input nomaps.json;		expect_rc 234; expect_err "--input nomaps.json: missing key 'mappings'"
t create-device --input nosize.json;		expect_rc 234; expect_err "--input nosize.json: missing key 'size'"
t create-device --input noend.json;		expect_rc 234; expect_err "--input noend.json: missing key 'end'"
t create-device --input human.json;		expect_rc 234; expect_err "--input human.json: 'start' is not a number"
t create-device --input outside.json;		expect_rc 234; expect_err "range 0x200000000-0x20fffffff is outside region 0"
t create-device --input inuse.json;		expect_rc 240; expect_err "range 0x100000000-0x10fffffff is in use by dax0.0"
t create-device --input hole.json;		expect_rc 234; expect_err "page_offset 0x1000 leaves a hole"
t enable-device dax0.7;				expect_rc 237; expect_err "no device 'dax0.7'"
t disable-device 0.9;				expect_rc 237; expect_err "no device '0.9'"
t destroy-device -f dax9.0;			expect_rc 237; expect_err "no device 'dax9.0'"
t online-memory /dev/dax0.8;			expect_rc 237; expect_err "no device '/dev/dax0.8'"
t offline-memory foo;				expect_rc 234; expect_err "'foo' is not a device"
t reconfigure-device -m system-ram -r 1 dax0.0;	expect_rc 237; expect_err "no device 'dax0.0' in region 1"
t create-device region0;			expect_rc 129; expect_err 'unknown extra parameter "region0"'
t reconfigure-device dax0.0;			expect_rc 129; expect_err "a 'align', 'mode' or 'size' option is required"
t reconfigure-device -m devdax -N dax0.0;	expect_rc 129; expect_err "--no-online is incompatible with --mode=devdax"
t reconfigure-device -C -m devdax dax0.0;	expect_rc 129; expect_err "--check-config cannot be combined"
t destroy-device dax0.0 dax0.1;			expect_rc 129; expect_err 'unknown extra parameter "dax0.1"'
t destroy-device dax0.1;			expect_rc 250; expect_err "dax0.1 is active, specify --force for deletion"
t disable-device dax0.2;			expect_rc 250; expect_err "dax0.2: status operations are only applicable in devdax mode"
t online-memory dax0.0;				expect_rc 250; expect_err "dax0.0: memory operations are not applicable in devdax mode"
t destroy-device -f dax0.2;			expect_rc 240; expect_err "dax0.2: 2 memory blocks online: run 'daxctl offline-memory dax0.2' first"
t reconfigure-device -m devdax dax0.2;		expect_rc 240; expect_err "dax0.2: 2 memory blocks online: refusing to change modes"
t migrate-device-model extra;			expect_rc 129; expect_err 'unknown extra parameter "extra"'
finish bad-input
