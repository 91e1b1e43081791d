#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A workflow scenario for region shapes the test/workflow machines lack: idle seeds and the
# 1G and 4K alignments (test/vm/topologies/workflow-shapes.topo). workflow.sh runs it in daxsim
# on that topology and in the guest on the same machine made by the dax_memmap module, with
# the assertions helpers of test/workflow/lib.sh.
#   shapes.sh KERNEL
set -u
k=$1
. "$(cd "$(dirname "$0")/../../workflow" && pwd)/lib.sh"

# the idle seeds: size 0, disabled, listed with -i only; the provider's seed is not the
# region's seed attribute, so create-device makes a new device
t list -R -r 0;					expect_rc 0
expect_eq "$(json '.[0].align')/$(json '.[0].available_size')" 1073741824/1073741824 "region 0 align, available"
t list -D;					expect_rc 0
expect_eq "$out" "" "list without -i"
t list -D -i -d dax1.0;				expect_rc 0
expect_eq "$(json '.[0].size')/$(json '.[0].align')/$(json '.[0].state')" 0/4096/disabled "idle dax1.0"
expect_eq "$(drv dax0.0)" none "driver of the idle dax0.0"
# align 1G: sizes in whole gigabytes only
t create-device -r 0 -s 256M;			expect_rc 234
expect_err "region0: size 0x10000000 is not a multiple of align 0x40000000"
t create-device -r 0 -s 1G;			expect_rc 0
expect_eq "$(json '.[0].chardev')/$(json '.[0].align')/$(json '.[0].mode')" dax0.1/1073741824/devdax "1G device"
expect_eq "$(region_attr dax0.0 available_size)" 0 "region 0 available after 1G"
t reconfigure-device -m system-ram dax0.1;	expect_rc 0
expect_eq "$(json '.[0].online_memblocks')/$(json '.[0].total_memblocks')" 8/8 "1G device memblocks"
expect_eq "$(online_blocks dax0.1)" 8/8 "online blocks of dax0.1"
t reconfigure-device -m devdax -f dax0.1;	expect_rc 0
expect_eq "$(drv dax0.1)" device_dax "dax0.1 back on device_dax"
t reconfigure-device -m system-ram dax0.0;	expect_rc 250
expect_err "dax0.0: size is 0: nothing to hot-plug"
t destroy-device -f dax0.1;			expect_rc 0
expect_eq "$(exists dax0.1)" no "dax0.1 after destroy"
# align 4K: a 64M device holds no whole block; 256M after it (0x144000000) holds one
t create-device -r 1 -s 64M -a 4096;		expect_rc 0
expect_eq "$(json '.[0].chardev')/$(json '.[0].align')" dax1.1/4096 "64M device"
t create-device -r 1 -s 256M;			expect_rc 0
expect_eq "$(json '.[0].chardev')/$(json '.[0].align')" dax1.2/4096 "256M device takes the region's align"
expect_eq "$(attr dax1.2 mapping0/start)" 0x144000000 "dax1.2 start"
t reconfigure-device -m system-ram dax1.1;	expect_rc 234
expect_err "dax1.1: its ranges hold no whole memory block (block size 0x8000000)"
t reconfigure-device -m system-ram dax1.2;	expect_rc 0
expect_eq "$(json '.[0].online_memblocks')/$(json '.[0].total_memblocks')" 1/1 "256M at 0x144000000: one whole block"
expect_eq "$(cat $M/memory41/state)" online "memory41"
expect_eq "$(cat $M/memory40/state 2>/dev/null || echo absent)" absent "memory40 (partly outside dax1.2)"
t reconfigure-device -m devdax -f dax1.2;	expect_rc 0
expect_eq "$(drv dax1.2)" device_dax "dax1.2 back on device_dax"
t reconfigure-device -a 1G dax1.0;		expect_rc 0
expect_eq "$(attr dax1.0 align)" 1073741824 "align of the idle seed after -a 1G"
t destroy-device -f all;			expect_rc 0
expect_err "destroyed 4 devices"
expect_eq "$(region_attr dax0.0 available_size)/$(region_attr dax1.0 available_size)" 1073741824/536870912 "available after destroy all"
finish "accept $k shapes"
