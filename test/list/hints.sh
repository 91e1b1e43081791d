#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `daxctl list -v` when nothing is listed names the causes the library sees
# (daxctl_get_no_region_causes()) with the next step; plain `list` stays silent as
# upstream's. Machines: daxsim without regions (with /proc/iomem and /proc/cmdline
# replaced by bind mounts in daxsim's private namespace), daxsim with only idle devices,
# and fixture trees mounted over /sys: no /sys/bus/dax at all, and the dax class model.
set -u
for v in DAXSIM DAXCTL; do
	[ -n "${!v:-}" ] || { echo "hints.sh: \$$v is not set" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (bind mounts in a private mount namespace)"; exit 77; }
command -v unshare >/dev/null || { echo "SKIP: unshare (util-linux) missing"; exit 77; }

NOREG="list: no dax region found"
IDLE="list: dax regions exist but no device has a size; daxctl list -i shows the idle devices, daxctl list -R the regions' available_size; daxctl create-device makes one"
FILTER="list: nothing matches the --region/--dev filter; daxctl list -R -D -i shows everything"
NONE="  cause: none visible (no unclaimed Soft Reserved memory in /proc/iomem, no CXL memory without a region, no efi=nosoftreserve)"
N_NONE="  next:  the firmware must mark the memory specific-purpose (EFI_MEMORY_SP), or reserve some at boot with memmap=; see daxctl-list(1), WHY NOTHING IS LISTED"
C_BUS="  cause: there is no /sys/bus/dax: the kernel has no device-dax (CONFIG_DEV_DAX), or its modules are not loaded"
C_CLASS="  cause: /sys/class/dax holds devices: the kernel uses the legacy dax class model"
C_NOSR="  cause: the kernel was booted with efi=nosoftreserve: soft-reserved (specific-purpose) memory became ordinary System RAM"
C_SR="  cause: /proc/iomem lists Soft Reserved memory that no dax device claims"
C_CXL="  cause: CXL memory has no region (a CXL window in /proc/iomem, or memory devices in /sys/bus/cxl, without a region)"
N_BUS="  next:  modprobe device_dax, then the provider: dax_hmem (soft-reserved memory), dax_pmem (NVDIMM) or dax_cxl (CXL)"
N_CLASS="  next:  daxctl migrate-device-model, then reboot, moves them to the dax bus"
N_NOSR="  next:  remove efi=nosoftreserve from the kernel command line and reboot"
N_SR="  next:  modprobe dax_hmem; if the range belongs to CXL memory, create a CXL region"
N_CXL="  next:  cxl create-region -t ram (the region then shows as a dax region)"

t=$(mktemp -d /tmp/daxctl-hints-XXXXXX)
trap 'rm -rf "$t"' EXIT
fail=0

# expect NAME IOMEM CMDLINE ARGS -- LINE...: with /proc/iomem and /proc/cmdline replaced,
# `daxctl list ARGS` prints nothing and exits 0; with -v, stderr is exactly the LINEs.
# Runs in the current machine (inside daxsim or a fixture namespace).
expect() {
	local name=$1 iomem=$2 cmdline=$3 args=$4
	shift 5
	printf '%b' "$iomem" > "$t/iomem.$name"
	printf '%s\n' "$cmdline" > "$t/cmdline.$name"
	mount --bind "$t/iomem.$name" /proc/iomem && mount --bind "$t/cmdline.$name" /proc/cmdline ||
		{ echo "FAIL: $name: cannot bind-mount over /proc"; return 1; }
	# shellcheck disable=SC2086
	"$DAXCTL" list $args > "$t/out" 2> "$t/err"; rc=$?
	if [ $rc != 0 ] || [ -s "$t/out" ] || [ -s "$t/err" ]; then
		echo "FAIL: $name: list $args (no -v): exit $rc, $(cat "$t/out" "$t/err")"; fail=1
	fi
	# shellcheck disable=SC2086
	"$DAXCTL" list -v $args > "$t/out" 2> "$t/err"; rc=$?
	printf '%s\n' "$@" > "$t/want"
	if [ $rc != 0 ] || [ -s "$t/out" ] || ! cmp -s "$t/want" "$t/err"; then
		echo "FAIL: $name: list -v $args: exit $rc; stdout: $(cat "$t/out")"
		diff -u "$t/want" "$t/err"; fail=1
	else
		echo "ok: $name"
	fi
	umount /proc/cmdline /proc/iomem
}

RAM='00000000-0009ffff : Reserved\n00100000-7fffffff : System RAM\n'
inside_noregions() {
	expect plain "$RAM" "quiet" "" -- "$NOREG" "$NONE" "$N_NONE"
	expect soft-reserved "$RAM""100000000-17fffffff : Soft Reserved\n" "quiet" "" -- \
		"$NOREG" "$C_SR" "$N_SR"
	# a Soft Reserved range that a dax device claims is no cause
	expect soft-reserved-claimed "$RAM""100000000-17fffffff : Soft Reserved\n  100000000-17fffffff : dax0.0\n    100000000-17fffffff : System RAM (kmem)\n" \
		"quiet" "" -- "$NOREG" "$NONE" "$N_NONE"
	expect nosoftreserve "$RAM" "root=/dev/vda efi=debug,nosoftreserve quiet" "" -- \
		"$NOREG" "$C_NOSR" "$N_NOSR"
	expect cxl-window "$RAM""1080000000-207fffffff : CXL Window 0\n" "quiet" "" -- \
		"$NOREG" "$C_CXL" "$N_CXL"
	expect cxl-region "$RAM""1080000000-207fffffff : CXL Window 0\n  1080000000-187fffffff : region0\n" \
		"quiet" "" -- "$NOREG" "$NONE" "$N_NONE"
	expect all "$RAM""100000000-17fffffff : Soft Reserved\n1080000000-207fffffff : CXL Window 0\n  1080000000-10ffffffff : Soft Reserved\n" \
		"efi=nosoftreserve" "-D" -- "$NOREG" "$C_NOSR" "$N_NOSR" "$C_SR" "$N_SR" "$C_CXL" "$N_CXL"
	exit $fail
}

inside_idle() {
	expect idle "$RAM" "quiet" "" -- "$IDLE"
	expect idle-soft-reserved "$RAM""200000000-23fffffff : Soft Reserved\n" "quiet" "-D" -- "$IDLE" "$C_SR" "$N_SR"
	expect filter "$RAM" "quiet" "-r 7" -- "$FILTER"
	exit $fail
}

inside_nobus() {
	expect no-bus "$RAM" "quiet" "" -- "$NOREG" "$C_BUS" "$N_BUS"
	exit $fail
}

inside_class() {
	expect class "$RAM" "quiet" "" -- "$IDLE" "$C_CLASS" "$N_CLASS"
	# with a size the class-model device is listed, and -v prints no hint
	echo 1073741824 > "$CLASS_DEV/size"
	"$DAXCTL" list -v > "$t/out" 2> "$t/err"
	if ! grep -q '"chardev":"dax0.0"' "$t/out" || [ -s "$t/err" ]; then
		echo "FAIL: class model with a size: $(cat "$t/out" "$t/err")"; fail=1
	else
		echo "ok: class model device listed"
	fi
	exit $fail
}

case ${1:-} in
--noregions) inside_noregions ;;
--idle) inside_idle ;;
--nobus) inside_nobus ;;
--class) inside_class ;;
esac
export t
[ -e /dev/fuse ] || { echo "SKIP: /dev/fuse is missing"; exit 77; }

# daxsim without regions
printf '[machine]\nblock_size = 128M\n\n[node 0]\nmemory = 0x0-0x7fffffff\n' > "$t/noreg.topo"
"$DAXSIM" run --topology "$t/noreg.topo" -- bash "$0" --noregions || fail=1
# daxsim with one idle hmem region (its seed device has size 0)
printf '[machine]\nblock_size = 128M\n\n[node 0]\nmemory = 0x0-0x7fffffff\n\n[region hmem0]\nprovider = hmem\nid = 0\nstart = 0x100000000\nsize = 1G\nalign = 2M\ntarget_node = 0\nnuma_node = 0\nidle = yes\n' > "$t/idle.topo"
"$DAXSIM" run --topology "$t/idle.topo" -- bash "$0" --idle || fail=1

# fixtures mounted over /sys (and /dev) in a private mount namespace
fixture() {
	unshare --mount --propagation private sh -c \
		'mount --bind "$1/sys" /sys && mount --bind "$1/dev" /dev && exec bash "$2" "$3"' \
		sh "$1" "$0" "$2"
}
# no /sys/bus/dax at all
mkdir -p "$t/nobus/sys/devices/system/memory" "$t/nobus/dev"
fixture "$t/nobus" --nobus || fail=1
# legacy class model: /sys/class/dax/dax0.0 under a pmem nd_dax device, size 0
S=$t/class/sys
reg=$S/devices/platform/e820_pmem/ndbus0/region0/dax0.0
mkdir -p "$S/class/dax" "$S/bus/dax/devices" "$reg/dax_region" "$reg/dax/dax0.0" "$t/class/dev"
echo 0 > "$reg/dax_region/id"
echo 1073741824 > "$reg/dax_region/size"
echo 2097152 > "$reg/dax_region/align"
echo 0 > "$reg/dax/dax0.0/size"
echo 252:0 > "$reg/dax/dax0.0/dev"
ln -s ../../../../../../../class/dax "$reg/dax/dax0.0/subsystem"
ln -s ../../devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax/dax0.0 "$S/class/dax/dax0.0"
mknod "$t/class/dev/dax0.0" c 252 0
CLASS_DEV=/sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax/dax0.0
export CLASS_DEV
fixture "$t/class" --class || fail=1
[ $fail = 0 ] && echo "PASS: list -v hints"
exit $fail
