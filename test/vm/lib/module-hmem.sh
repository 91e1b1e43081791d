#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest-only setup of accept.sh's third machine: the hmem machine of the first guest
# (dax0.0: 2G at 0x100000000; device_dax on 6.1, kmem with its memory online on 6.12), made
# by the dax_memmap module (/guest/dax_memmap.ko) on memmap=4G$4G instead of by hmem.
set -e
insmod /guest/dax_memmap.ko
kind=kmem
case $(</etc/vm-kernel-release) in 6.1.*) kind=dynamic ;; esac
echo "start=0x100000000 size=2G kind=$kind" >/sys/bus/platform/drivers/dax_memmap/create
echo "## machine: dax_memmap region 0 (2G, kind $kind)"
