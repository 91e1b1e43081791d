#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Acceptance of the write commands beyond the capture sequence, on one kernel personality:
# safety checks, already-in-state, unremovable memory, --input restore, --check-config,
# destroy of daxX.0, migrate-device-model. Each scenario runs in its own simulated machine and
# asserts sysfs state, JSON, exit codes and messages.
# usage: accept.sh KERNEL
# The part after --inside also runs on real kernels: test/vm/workflow.sh makes each machine
# in the guest with the dax_memmap module and runs `accept.sh K --inside SCENARIO` there
# (WORKFLOW_MACHINE=kernel; WORKFLOW_REGION0 is region 0's dax.region path).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${2:-}" != --inside ]; then
	k=$1 fails=0
	for s in edge matrix policy undo pmem; do
		fail=()
		case $s in
		policy) topo=$TOPOLOGIES/capture-hmem-default-online-6.12.topo ;;
		undo) topo=$TOPOLOGIES/workflow-edge.topo fail=(--fail 3:EIO) ;;
		pmem) topo=$TOPOLOGIES/capture-pmem-nfit-$k.topo ;;
		*) topo=$TOPOLOGIES/workflow-$s.topo ;;
		esac
		[ $s = policy ] && [ "$k" = 6.1 ] && continue	# 6.1 boots with an offline policy
		[ -e "$topo" ] || continue			# pmem captures exist for 6.1 only
		"$DAXSIM" run --kernel "$k" --topology "$topo" "${fail[@]}" -- \
			bash "$here/accept.sh" "$k" --inside $s || fails=$((fails + 1))
	done
	exit $((fails != 0))
fi
k=$1 scenario=$3
. "$here/lib.sh"

edge() {
	# a device smaller than a memory block: kmem would add nothing, refused before any write
	t create-device -r 0 -s 64M;			expect_rc 0
	dev=$(json '.[0].chardev');			expect_eq "$dev" dax0.1 "new device"
	t reconfigure-device -m system-ram dax0.1;	expect_rc 234
	expect_err "dax0.1: its ranges hold no whole memory block (block size 0x8000000)"
	expect_eq "$(drv dax0.1)" device_dax "driver after the refused system-ram"
	# no target_node: refused
	t reconfigure-device -m system-ram dax2.0;	expect_rc 234
	expect_err "dax2.0: no target_node: kmem cannot hot-plug this device"
	expect_eq "$(drv dax2.0)" device_dax "driver of dax2.0"
	# memory that will not go offline: everything that was offlined comes back online
	# (daxsim only: its offline_busy block; a real kernel offlines movable memory)
	if on_daxsim; then
		t reconfigure-device -m devdax -f dax1.0;	expect_rc 240
		expect_err "dax1.0: memory65: offline failed: Device or resource busy (state online, zone Movable, removable yes)"
		expect_err "reconfigured 0 devices"
		expect_eq "$(drv dax1.0)" kmem "driver after the failed devdax"
		expect_eq "$(online_blocks dax1.0)" 4/4 "online blocks after the failed devdax"
		t offline-memory dax1.0;			expect_rc 240
		expect_err "dax1.0: memory65: offline failed"
		expect_eq "$(online_blocks dax1.0)" 4/4 "online blocks after the failed offline"
	fi
	# kmem with online blocks is never unbound, even with --force
	t destroy-device -f dax1.0;			expect_rc 240
	expect_eq "$(drv dax1.0)" kmem "driver after the refused destroy"
	# already in the requested state: success
	t online-memory dax1.0;				expect_rc 0
	expect_err "dax1.0: all memory blocks (4) already online"
	expect_err "onlined memory for 1 device"
	t reconfigure-device -m system-ram dax1.0;	expect_rc 0
	expect_err "dax1.0 was already in system-ram mode"
	expect_eq "$(json '.[0].online_memblocks')/$(json '.[0].total_memblocks')" 4/4 "JSON memblocks"
	expect_eq "$(json '.[0].movable')" true "JSON movable"
	# daxX.0 cannot be deleted: at size 0 it counts as destroyed, as upstream v81 does
	t destroy-device -f dax0.0;			expect_rc 0
	expect_err "destroyed 1 device"
	expect_eq "$(attr dax0.0 size)" 0 "size of dax0.0 after destroy"
	expect_eq "$(exists dax0.0)" yes "dax0.0 still exists"
	# migrate-device-model
	export DAXCTL_MODPROBE_DIR=$tmpd
	t migrate-device-model;				expect_rc 0
	expect_err " success: installed $tmpd/daxctl.conf"
	expect_eq "$(readlink $tmpd/daxctl.conf | grep -c '/daxctl/daxctl.conf$')" 1 "modprobe link"
	t migrate-device-model;				expect_rc 1
	expect_err "failed to install $tmpd/daxctl.conf: File exists"
}

matrix() {
	local avail=$(region_attr dax0.0 available_size) r0=${WORKFLOW_REGION0:-/platform/hmem.0}
	# --input: a two-range layout, saved with list -M, destroyed, restored exactly
	cat >"$tmpd/in.json" <<'JSON'
{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[
 {"page_offset":32768,"start":6174015488,"end":6308233215},
 {"page_offset":0,"start":6308233216,"end":6442450943}]}
JSON
	t create-device --input "$tmpd/in.json";	expect_rc 0
	dev=$(json '.[0].chardev');			expect_eq "$dev" dax0.5 "device made from --input"
	t list -M -d $dev
	echo "$out" | jq '.[0]' >"$tmpd/saved.json"
	expect_eq "$(jq -c '[.mappings[] | [.page_offset, .start, .end]] | sort' "$tmpd/saved.json")" \
		"[[0,6308233216,6442450943],[32768,6174015488,6308233215]]" "mappings of $dev"
	t destroy-device -f $dev;			expect_rc 0
	expect_eq "$(exists $dev)" no "$dev after destroy"
	expect_eq "$(region_attr dax0.0 available_size)" "$avail" "available_size after destroy"
	t create-device --input "$tmpd/saved.json";	expect_rc 0
	t list -M -d "$(json '.[0].chardev')"
	expect_eq "$(echo "$out" | jq -c '.[0].mappings | sort_by(.page_offset)')" \
		"$(jq -c '.mappings | sort_by(.page_offset)' "$tmpd/saved.json")" "restored layout"
	expect_eq "$(json '.[0].mode')" devdax "mode of the restored device"
	t destroy-device -f "$(json '.[0].chardev')";	expect_rc 0
	# resize a disabled device; -a alone sets the alignment
	t reconfigure-device -s 128M dax0.4;		expect_rc 0
	expect_err "reconfigured 1 device"
	expect_eq "$(attr dax0.4 size)" 134217728 "size after -s 128M"
	t reconfigure-device -a 4096 dax0.4;		expect_rc 0
	expect_eq "$(attr dax0.4 align)" 4096 "align after -a 4096"
	# enable only enables the device named (new_id would attach every matching device)
	t disable-device dax0.0;			expect_rc 0
	t enable-device dax0.4;				expect_rc 0
	expect_err "enabled 1 device"
	expect_eq "$(drv dax0.4)" device_dax "driver of dax0.4"
	expect_eq "$(drv dax0.0)" none "driver of dax0.0 after enabling dax0.4"
	t enable-device dax0.0;				expect_rc 0
	# devdax -> system-ram -> devdax, with the JSON
	t reconfigure-device -m system-ram dax0.1;	expect_rc 0
	expect_eq "$(json '.[0].mode')" system-ram "JSON mode"
	expect_eq "$(json '.[0].online_memblocks')/$(json '.[0].total_memblocks')" 4/4 "JSON memblocks"
	expect_eq "$(json '.[0].movable')" true "JSON movable"
	expect_eq "$(drv dax0.1)" kmem "driver after system-ram"
	t offline-memory dax0.1;			expect_rc 0
	expect_eq "$(online_blocks dax0.1)" 0/4 "blocks after offline-memory"
	t offline-memory dax0.1;			expect_rc 0
	expect_err "dax0.1: all memory blocks (4) already offline"
	t online-memory --no-movable dax0.1;		expect_rc 0
	expect_eq "$(cat $M/memory34/valid_zones)" Normal "zone after --no-movable"
	t reconfigure-device -m devdax -f dax0.1;	expect_rc 0
	expect_eq "$(json '.[0].mode')" devdax "JSON mode after devdax"
	expect_eq "$(drv dax0.1)" device_dax "driver after devdax"
	# --check-config: match by region path and physical start
	export DAXCTL_CONF_DIR=$tmpd/conf.d
	mkdir -p $DAXCTL_CONF_DIR
	printf '[reconfigure-device fast]\ndax.region = %s\ndax.resource = 0x110000000\nmode = system-ram\nmovable = false\n' \
		"$r0" >$DAXCTL_CONF_DIR/10-fast.conf
	t reconfigure-device -C /dev/dax0.0;		expect_rc 0
	expect_err "dax0.0: no section in $DAXCTL_CONF_DIR matches it (dax.region = $r0, dax.resource = 0x100000000)"
	expect_eq "$(drv dax0.0)" device_dax "dax0.0 with no section"
	t reconfigure-device -C /dev/dax0.1;		expect_rc 0
	expect_eq "$(drv dax0.1)" kmem "dax0.1 after -C"
	expect_eq "$(json '.[0].movable')" false "JSON movable after -C (movable = false)"
	printf '[reconfigure-device broken]\nmode = turbo\n' >$DAXCTL_CONF_DIR/20-broken.conf
	t reconfigure-device -C dax0.0;			expect_rc 234
	expect_err "$DAXCTL_CONF_DIR/20-broken.conf:2: [reconfigure-device broken] mode: unknown mode 'turbo'"
	# a bad file is reported and skipped: the other files still apply, and the command
	# fails at the end
	z=$DAXCTL_CONF_DIR/30-zero.conf
	zero="[reconfigure-device zero]\\ndax.region = $r0\\ndax.resource = 0x100000000\\n"
	printf "$zero"'mode = system-ram\n' >$z
	t reconfigure-device -C dax0.0;			expect_rc 234
	expect_err "error: $DAXCTL_CONF_DIR/20-broken.conf:2: [reconfigure-device broken] mode: unknown mode 'turbo' (system-ram or devdax): file skipped"
	expect_err "reconfigured 1 device"
	expect_eq "$(drv dax0.0)" kmem "dax0.0 configured by 30-zero.conf beside a broken file"
	rm $DAXCTL_CONF_DIR/20-broken.conf
	# mode = devdax for memory that is online needs force, which a section can ask for
	printf "$zero"'mode = devdax\n' >$z
	t reconfigure-device -C dax0.0;			expect_rc 240
	expect_eq "$(drv dax0.0)" kmem "dax0.0 after mode = devdax without force"
	printf "$zero"'mode = devdax\nforce = true\n' >$z
	t reconfigure-device -C dax0.0;			expect_rc 0
	expect_eq "$(drv dax0.0)" device_dax "dax0.0 after mode = devdax, force = true"
	# files another user could have written are refused (root applies them from udev)
	printf "$zero"'mode = system-ram\n' >$z
	chmod 0664 $z
	t reconfigure-device -C dax0.0;			expect_rc 255
	expect_err "error: $z: writable by its group (mode 0664): refused (root applies this directory's files): file skipped"
	expect_eq "$(drv dax0.0)" device_dax "dax0.0 after a group-writable file"
	chmod 0644 $z
	chown 65534 $z
	t reconfigure-device -C dax0.0;			expect_rc 255
	expect_err "error: $z: owned by uid 65534, not by root: refused"
	expect_eq "$(drv dax0.0)" device_dax "dax0.0 after a file owned by another user"
}

policy() {
	# 6.12 with auto_online_blocks=online: dax0.0 boots as system-ram, online in ZONE_NORMAL
	expect_eq "$(cat $M/auto_online_blocks)" online "policy"
	t reconfigure-device -m devdax -f dax0.0;	expect_rc 0
	expect_eq "$(drv dax0.0)" device_dax "driver after devdax"
	t reconfigure-device -m system-ram dax0.0;	expect_rc 240
	expect_err "dax0.0: error: kernel policy will auto-online memory, aborting"
	expect_eq "$(drv dax0.0)" device_dax "driver after the refusal"
	t reconfigure-device -m system-ram -N dax0.0;	expect_rc 240
	expect_eq "$(drv dax0.0)" device_dax "driver after the -N refusal"
	# the policy onlines as ZONE_NORMAL: exactly what --no-movable asks for
	t reconfigure-device -m system-ram --no-movable dax0.0;	expect_rc 0
	expect_eq "$(drv dax0.0)" kmem "driver after --no-movable"
	expect_eq "$(json '.[0].online_memblocks')" 16 "online blocks"
	expect_eq "$(json '.[0].movable')" false "JSON movable"
	# --force: the kernel onlines the blocks (ZONE_NORMAL) before daxctl can: a warning, as
	# upstream, and the device stays in system-ram
	t reconfigure-device -m devdax -f dax0.0;	expect_rc 0
	t reconfigure-device -m system-ram -f dax0.0;	expect_rc 0
	expect_err "WARNING: detected a race while onlining memory"
	expect_err "dax0.0: 16 memory blocks were already online in another zone than Movable"
	expect_eq "$(json '.[0].mode')/$(json '.[0].movable')" system-ram/false "JSON after -f"
}

undo() {	# daxsim only: it needs --fail and offline_busy
	# write 1 offlines memory64, write 2 (memory65) fails (offline_busy), write 3 would put
	# memory64 back online and fails too (--fail 3:EIO): daxctl must say what it left
	t reconfigure-device -m devdax -f dax1.0;	expect_rc 240
	expect_err "dax1.0: memory65: offline failed: Device or resource busy"
	expect_err "dax1.0: could not restore the state found; left in place:"
	expect_err "dax1.0:   memory64 offlined (was Movable) (undo failed: Input/output error)"
	expect_eq "$(echo "$err" | grep -c '^dax1.0:   ')" 1 "steps reported as left"
	expect_eq "$(cat $M/memory64/state) $(cat $M/memory65/state) $(cat $M/memory66/state) $(cat $M/memory67/state)" \
		"offline online online online" "block states match the report"
	expect_eq "$(drv dax1.0)" kmem "driver after the failed devdax"
}

pmem() {
	# a static (nvdimm) region: nothing to create or destroy; -C matches nvdimm.uuid
	t create-device -r 0 -s 256M;			expect_rc 228
	expect_err "region0: static region: devices cannot be created"
	t destroy-device -f dax0.0;			expect_rc 161
	expect_err "dax0.0: static region: the device cannot be destroyed"
	expect_eq "$(drv dax0.0)" device_dax "driver after the refused destroy"
	uuid=$(cat "$(readlink -f $D/dax0.0)/../uuid")
	export DAXCTL_CONF_DIR=$tmpd/conf.d
	mkdir -p $DAXCTL_CONF_DIR
	t reconfigure-device -C dax0.0;			expect_rc 0
	expect_err "dax0.0: no section in $DAXCTL_CONF_DIR matches it (nvdimm.uuid = $uuid)"
	printf '[reconfigure-device pm]\nnvdimm.uuid = %s\nmode = system-ram\nonline = false\n' \
		"$(echo $uuid | tr a-f A-F)" >$DAXCTL_CONF_DIR/pm.conf
	t reconfigure-device -C /dev/dax0.0;		expect_rc 0
	expect_eq "$(json '.[0].mode')" system-ram "JSON mode after -C"
	expect_eq "$(json '.[0].online_memblocks')" 0 "online blocks after -C (online = false)"
	expect_eq "$(drv dax0.0)" kmem "driver after -C"
}

$scenario
finish "accept $k $scenario"
