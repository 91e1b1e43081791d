#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of module.sh: the dax_memmap module tests, in order, on a guest booted with
# memmap=4G$4G (0x100000000-0x1ffffffff is e820 Reserved; RAM is 0-2G and 8G-10G).
#   run.sh CASE.sh...
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../accept/lib.sh"
. "$here/../lib/scen.sh"
. "$here/lib.sh"
for c; do
	echo "## $(basename "$c" .sh) (guest uptime $(</proc/uptime))"
	( . "$c" ) 2>&1
done
echo "## done (guest uptime $(</proc/uptime))"
