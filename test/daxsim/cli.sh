#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# daxsim command line: topology errors, --fail, --delay, --log, permissions, exit status.
HERE=$(cd "$(dirname "$0")" && pwd)
[ -n "${DAXSIM:-}" ] || { echo "DAXSIM is not set"; exit 2; }
. "$HERE/lib.sh"	# host_chrdevs, free_major, DM (ck and failures are redefined below)
SIO=${SIO:-$DAXCTL_BUILD/test/daxsim/sio}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ck() { if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; failures=$((failures + 1)); else echo "ok: $1"; fi; }

# --- topology errors: message names file, line, key and reason; exit status 2 ---
bad() { # NAME LINE KEY REASON-WORDS CONTENT
	printf '%b' "$5" > "$work/$1.topo"
	local out rc
	out=$("$DAXSIM" run --topology "$work/$1.topo" -- true 2>&1)
	rc=$?
	ck "topology $1: exit status" 2 "$rc"
	case "$out" in
	*"$work/$1.topo:$2: key '$3'"*"$4"*) ck "topology $1: message" ok ok ;;
	*) ck "topology $1: message" "$work/$1.topo:$2: key '$3' ... $4" "$out" ;;
	esac
}
R0='[region r]\nprovider = hmem\nid = 0\nstart = 0x100000000\nsize = 1G\n'
bad unknown-key 2 colour "unknown key" '[machine]\ncolour = blue\n'
bad bad-size 5 size "not a non-zero size" '[region r]\nprovider = hmem\nid = 0\nstart = 0x100000000\nsize = 12Q\n'
bad bad-provider 2 provider "not hmem, cxl or pmem" '[region r]\nprovider = nvme\n'
bad missing-id 1 id "missing" '[region r]\nprovider = hmem\nstart = 0x100000000\nsize = 1G\n'
bad overlap 6 start "overlaps region r" "$R0"'[region s]\nprovider = hmem\nid = 1\nstart = 0x120000000\nsize = 1G\n'
bad dup-id 6 id "already used" "$R0"'[region s]\nprovider = hmem\nid = 0\nstart = 0x200000000\nsize = 1G\n'
bad no-region 8 region "no region labelled 'nope'" "$R0"'\n[device dax0.1]\nregion = nope\n'
bad kernel 2 kernel "unknown kernel" '[machine]\nkernel = 5.4\n'
bad auto 2 auto_online_blocks "not offline, online" '[machine]\nauto_online_blocks = maybe\n'
bad range 2 memory "bad range" '[node 0]\nmemory = 0x1000\n'
bad target 6 target_node "not a node" "$R0"'target_node = -2\n'
bad dev-size 8 size "larger than the free space" "$R0"'[device dax0.0]\nregion = r\nsize = 2G\n'
bad dev-driver 9 driver "binding kmem fails with EINVAL" "$R0"'target_node = -1\n[device dax0.0]\nregion = r\ndriver = kmem\n'

# --- dax_major: never one the host kernel has registered (its nodes would open host devices) ---
hm=$(host_chrdevs | head -1)
hname=$(awk -v m="$hm" '/^Character devices:/ {c = 1; next} /^$/ {c = 0} c && $1 == m {print $2; exit}' /proc/devices)
bad host-major 3 dax_major "major $hm is the host's '$hname' character device" "[machine]\nblock_size = 128M\ndax_major = $hm\n"
ck "default dax major" "$DM:0 $DM:0" "$("$DAXSIM" run -- sh -c 'cat /sys/bus/dax/devices/dax0.0/dev; stat -c %Hr:%Lr /dev/dax0.0' | tr '\n' ' ' | sed 's/ $//')"
ck "default dax major is free on the host" "" "$(host_chrdevs | grep -x "$DM")"
printf '[machine]\ndax_major = 4000\n[node 0]\nmemory = 0x0-0x7fffffff\n[region r]\nprovider = hmem\nid = 0\nstart = 0x100000000\nsize = 1G\n' > "$work/major.topo"
ck "dax_major = 4000" "4000:0 MAJOR=4000 4000:0 ENXIO" "$("$DAXSIM" run --topology "$work/major.topo" -- sh -c "
	cat /sys/bus/dax/devices/dax0.0/dev; grep MAJOR /sys/bus/dax/devices/dax0.0/uevent
	stat -c %Hr:%Lr /dev/dax0.0; '$SIO' o /dev/dax0.0 rw" | tr '\n' ' ' | sed 's/ $//')"
printf '[bogus]\n' > "$work/sect.topo"
out=$("$DAXSIM" run --topology "$work/sect.topo" -- true 2>&1); rc=$?
ck "unknown section: exit status" 2 "$rc"
case "$out" in *"sect.topo:1: unknown section [bogus]"*) ck "unknown section message" ok ok ;; *) ck "unknown section message" "...sect.topo:1: unknown section [bogus]" "$out" ;; esac
out=$("$DAXSIM" run --topology "$work/missing.topo" -- true 2>&1); rc=$?
ck "missing topology file: exit status" 2 "$rc"
case "$out" in *"missing.topo: No such file"*) ck "missing file message" ok ok ;; *) ck "missing file message" "No such file" "$out" ;; esac
out=$("$DAXSIM" run --kernel 4.19 -- true 2>&1); rc=$?
ck "bad --kernel: exit status" 2 "$rc"

# --- exit status of CMD ---
"$DAXSIM" run -- sh -c 'exit 7'; ck "CMD exit status is passed on" 7 $?
"$DAXSIM" run -- sh -c 'kill -TERM $$'; ck "CMD killed by a signal: 128+N" 143 $?
"$DAXSIM" run -- /nonexistent/cmd 2>/dev/null; ck "CMD not found" 127 $?
"$DAXSIM" default-topology > "$work/default.topo"
"$DAXSIM" run --topology "$work/default.topo" -- test -e /sys/bus/dax/devices/dax1.0
ck "default-topology prints a usable topology" 0 $?

# --- --log and --fail ---
RG=/sys/devices/platform/hmem.0/dax_region
"$DAXSIM" run --log "$work/log" --fail 3:EIO --fail '/sys/bus/dax/drivers/kmem/*:EPERM' -- bash -c "
	'$SIO' w $RG/create 1		# 1 ok (ENOSPC: region full)
	'$SIO' w /sys/bus/dax/drivers/device_dax/unbind dax0.0	# 2 ok
	'$SIO' w /sys/bus/dax/devices/dax0.0/size 0		# 3 EIO injected
	'$SIO' r /sys/bus/dax/devices/dax0.0/size
	'$SIO' n /sys/bus/dax/devices/dax0.0/size 0		# 4 ok
	'$SIO' w /sys/bus/dax/drivers/kmem/new_id 'dax0.0'	# 5 EPERM (glob)
	'$SIO' w /sys/devices/system/memory/memory48/state offline
	'$SIO' r /sys/devices/system/memory/memory48/state
" > "$work/out"
ck "--fail results" "ENOSPC ok EIO 2147483648 ok EPERM ok offline" "$(tr '\n' ' ' < "$work/out" | sed 's/ $//')"
expected='1 /sys/devices/platform/hmem.0/dax_region/create "1\n" ENOSPC
2 /sys/bus/dax/drivers/device_dax/unbind "dax0.0\n" ok
3 /sys/devices/platform/hmem.0/dax0.0/size "0\n" EIO
4 /sys/devices/platform/hmem.0/dax0.0/size "0" ok
5 /sys/bus/dax/drivers/kmem/new_id "dax0.0\n" EPERM
6 /sys/devices/system/memory/memory48/state "offline\n" ok'
ck "--log content" "$expected" "$(cat "$work/log")"
"$DAXSIM" run --fail 'x' -- true 2>/dev/null; ck "--fail without errno is rejected" 2 $?
"$DAXSIM" run --fail '2:ENOTANERRNO' -- true 2>/dev/null; ck "--fail with an unknown errno is rejected" 2 $?
"$DAXSIM" run --fail '1:16' --log "$work/log2" -- "$SIO" w $RG/create 1 > "$work/out2"
ck "--fail with a numeric errno" "EBUSY" "$(cat "$work/out2")"
ck "--log of a numeric errno" '1 /sys/devices/platform/hmem.0/dax_region/create "1\n" EBUSY' "$(cat "$work/log2")"

# --- --delay: a held write is applied late, in log order, while other requests go on ---
DS=/sys/devices/platform/hmem.0/dax0.0/size
"$DAXSIM" run --log "$work/log4" --delay "$DS:3000" --delay '*/kmem/new_id:20' \
	--fail '/sys/bus/dax/drivers/kmem/*:EPERM' -- bash -c "
	'$SIO' w /sys/bus/dax/drivers/device_dax/unbind dax0.0	# 1 ok
	'$SIO' w $DS 0 > '$work/bg' &				# held 3 s: 4 ok
	bg=\$!
	# wait until the writer blocks in write(2) (syscall 1) on the held request
	for ((i = 0; i < 200; i++)); do
		case \$(cat /proc/\$bg/syscall 2>/dev/null) in '1 '*) break ;; esac
		sleep 0.05
	done
	'$SIO' r $DS						# not applied yet
	'$SIO' w $RG/create 1					# 2 ENOSPC: the size is not freed yet
	'$SIO' w /sys/bus/dax/drivers/kmem/new_id dax0.0	# 3 EPERM after its own 20 ms
	wait \$bg
	'$SIO' r $DS
" > "$work/out4"
ck "--delay: reads and other writes go on while a write is held" "ok 2147483648 ENOSPC EPERM 0" \
	"$(tr '\n' ' ' < "$work/out4" | sed 's/ $//')"
ck "--delay: the held write succeeds" "ok" "$(cat "$work/bg")"
expected='1 /sys/bus/dax/drivers/device_dax/unbind "dax0.0\n" ok
2 /sys/devices/platform/hmem.0/dax_region/create "1\n" ENOSPC
3 /sys/bus/dax/drivers/kmem/new_id "dax0.0\n" EPERM
4 /sys/devices/platform/hmem.0/dax0.0/size "0\n" ok'
ck "--delay: a held write is counted and logged when applied" "$expected" "$(cat "$work/log4")"
for spec in x /sys/x /sys/x:0 /sys/x:5ms relative:5 /sys/x:60001; do
	"$DAXSIM" run --delay "$spec" -- true 2>/dev/null; ck "--delay '$spec' is rejected" 2 $?
done

# --- a store sees a C string: "value\n\0" (libdaxctl's way) is accepted ---
"$DAXSIM" run --log "$work/log3" -- bash -c "
	D=/sys/bus/dax/devices/dax0.0
	'$SIO' z /sys/bus/dax/drivers/device_dax/unbind dax0.0
	'$SIO' z \$D/size 0
	'$SIO' z \$D/mapping 0x140000000-0x14fffffff
	'$SIO' r \$D/mapping0/start
	'$SIO' z \$D/size 0x20000000
	'$SIO' r \$D/size
" > "$work/out3"
ck "writes ending in NUL" "ok ok ok 0x140000000 ok 536870912" "$(tr '\n' ' ' < "$work/out3" | sed 's/ $//')"
ck "--log escapes the NUL" '3 /sys/devices/platform/hmem.0/dax0.0/mapping "0x140000000-0x14fffffff\n\000" ok' "$(sed -n 3p "$work/log3")"

# --- synthetic uevents: an action word, optionally a UUID and KEY=VALUE pairs ---
"$DAXSIM" run -- bash -c "
	for f in /sys/bus/dax/devices/dax0.0/uevent /sys/devices/system/memory/memory48/uevent /sys/bus/dax/uevent; do
		'$SIO' w \$f change; '$SIO' n \$f add; '$SIO' w \$f bogus; '$SIO' w \$f 'change 12345'
		'$SIO' w \$f 'change 2b1b4b5c-6f8a-4e0c-9d3a-0a1b2c3d4e5f'
	done
	'$SIO' r /sys/devices/platform/e820_pmem/ndbus0/region2/dax2.0/uuid
" > "$work/uevent"
ck "uevent writes" "$(for i in 1 2 3; do printf 'ok ok EINVAL EINVAL ok '; done)00000000-0000-4000-8000-000000000002" \
	"$(tr '\n' ' ' < "$work/uevent" | sed 's/ $//')"

# --- permissions: EACCES even for root; non-root needs the other-read bit ---
"$DAXSIM" run -- bash -c "
	D=/sys/bus/dax/devices/dax0.0
	'$SIO' o $RG/id w; '$SIO' o $RG/delete r; '$SIO' o /sys/bus/dax/drivers/kmem/bind r
	'$SIO' o \$D/dev rw; '$SIO' o \$D/mapping r; '$SIO' o /sys/devices/system/memory/block_size_bytes w
	'$SIO' o $RG/nonexistent r; '$SIO' o $RG/nonexistent c; '$SIO' o $RG/seed c
	'$SIO' r \$D/resource
	setpriv --reuid=65534 --regid=65534 --clear-groups '$SIO' r \$D/resource
	setpriv --reuid=65534 --regid=65534 --clear-groups '$SIO' r \$D/mapping0/start
	setpriv --reuid=65534 --regid=65534 --clear-groups '$SIO' r \$D/size
	setpriv --reuid=65534 --regid=65534 --clear-groups '$SIO' w /sys/devices/system/memory/auto_online_blocks online
	setpriv --reuid=65534 --regid=65534 --clear-groups '$SIO' r /sys/devices/system/memory/auto_online_blocks
	'$SIO' o /sys/bus/dax/devices/dax0.0/size rw
" > "$work/perm"
ck "permission results" "EACCES EACCES EACCES EACCES EACCES EACCES ENOENT EACCES EACCES 0x100000000 EACCES EACCES 2147483648 EACCES offline ok" "$(tr '\n' ' ' < "$work/perm" | sed 's/ $//')"

# --- /dev: the host's essentials still work; dax nodes follow the devices ---
"$DAXSIM" run -- bash -c "
	head -c 4 /dev/zero | od -An -tx1 | tr -d ' '
	echo hi > /dev/null && echo null-ok
	stat -c '%F %Hr:%Lr' /dev/dax0.0 /dev/dax1.0 /dev/dax2.0
	'$SIO' w /sys/bus/dax/drivers/device_dax/unbind dax0.0 >/dev/null
	'$SIO' w /sys/bus/dax/devices/dax0.0/size 0 >/dev/null
	'$SIO' w $RG/create 1 >/dev/null
	stat -c '%F %Hr:%Lr' /dev/dax0.1
	readlink /sys/dev/char/$DM:3
	'$SIO' w $RG/delete dax0.1 >/dev/null
	test -e /dev/dax0.1 || echo gone
" > "$work/dev"
ck "/dev" "00000000 null-ok character special file $DM:0 character special file $DM:1 character special file $DM:2 character special file $DM:3 ../../devices/platform/hmem.0/dax0.1 gone" "$(tr '\n' ' ' < "$work/dev" | sed 's/ $//')"

# --- sendfile(2) readers (busybox cat) see whole values after a shorter value was read ---
if command -v busybox >/dev/null; then
	out=$("$DAXSIM" run -- sh -c "M=/sys/devices/system/memory/memory48
		busybox cat \$M/valid_zones; '$SIO' w \$M/state offline >/dev/null; busybox cat \$M/valid_zones; busybox cat \$M/valid_zones")
	ck "busybox cat after a value grew" "Movable Normal Movable Normal Movable" "$(echo $out)"
fi

# --- without /dev/fuse: a clear message, exit 125 ---
if [ "$(id -u)" = 0 ]; then
	out=$(unshare -m sh -c "mount -t tmpfs none /dev && '$DAXSIM' run -- true" 2>&1); rc=$?
	ck "no /dev/fuse: exit status" 125 "$rc"
	case "$out" in *"/dev/fuse is missing"*) ck "no /dev/fuse: message" ok ok ;; *) ck "no /dev/fuse: message" "/dev/fuse is missing" "$out" ;; esac
fi

# --- unprivileged runs: the test arranges /dev/fuse's mode itself (in a private mount
# namespace, a node of its own bind-mounted over /dev/fuse), whatever the host's mode is ---
unpriv() { # $1: mode of /dev/fuse for the run
	unshare -m sh -c "mount -t tmpfs -o mode=755 none '$work/fusedev' &&
		mknod -m $1 '$work/fusedev/fuse' c 10 229 && mount --bind '$work/fusedev/fuse' /dev/fuse &&
		cd / && setpriv --reuid=65534 --regid=65534 --clear-groups '$work/daxsim' run -- \
		sh -c \"id -u; '$work/sio' r /sys/bus/dax/devices/dax0.0/resource; '$work/sio' w /sys/bus/dax/drivers/device_dax/unbind dax0.0; '$work/sio' r /sys/bus/dax/devices/dax0.0/uevent | grep -c DRIVER || true\"" 2>&1
}
if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ]; then
	mkdir -p "$work/fusedev"
	cp "$DAXSIM" "$SIO" "$work/" && chmod 755 "$work" "$work/daxsim" "$work/sio"
	# /dev/fuse not readable and writable by the user: exit 125 naming the cause
	out=$(unpriv 600); rc=$?
	ck "unprivileged, /dev/fuse 0600: exit status" 125 "$rc"
	case "$out" in *"/dev/fuse is not accessible"*) ck "unprivileged, /dev/fuse 0600: message" ok ok ;;
	*) ck "unprivileged, /dev/fuse 0600: message" "/dev/fuse is not accessible" "$out" ;; esac
	# /dev/fuse usable: the run works when this kernel lets the user create a user namespace,
	# else exit 125 naming user namespaces. Which one applies is asked of the kernel first.
	out=$(unpriv 666); rc=$?
	if setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -m true 2>/dev/null; then
		ck "unprivileged run" "0 0 0x100000000 ok 0" "$rc $(echo "$out" | grep -v '^daxsim: cannot create character devices' | tr '\n' ' ' | sed 's/ $//')"
	else
		ck "unprivileged, no user namespaces: exit status" 125 "$rc"
		case "$out" in *"user namespace"*) ck "unprivileged: clear message" ok ok ;; *) ck "unprivileged: clear message" "...user namespace..." "$out" ;; esac
	fi
fi

# unprivileged (no CAP_MKNOD): /dev/daxX.Y are sockets, whose open(2) fails with ENXIO
if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ] && setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -m true 2>/dev/null; then
	out=$(unshare -m sh -c "mount -t tmpfs -o mode=755 none '$work/fusedev' &&
		mknod -m 666 '$work/fusedev/fuse' c 10 229 && mount --bind '$work/fusedev/fuse' /dev/fuse &&
		cd / && setpriv --reuid=65534 --regid=65534 --clear-groups '$work/daxsim' run -- \
		sh -c \"stat -c %F /dev/dax0.0; '$work/sio' o /dev/dax0.0 rw\"" 2>&1)
	ck "unprivileged /dev/dax0.0" "daxsim: cannot create character devices (Operation not permitted): /dev/daxX.Y are socket files (opening one fails with ENXIO) socket ENXIO" "$(echo "$out" | tr '\n' ' ' | sed 's/ $//')"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
