#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of accept.sh: run the acceptance cases in order on this machine.
#   run.sh CASE.sh...
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
for c; do
	echo "## $(basename "$c" .sh) (guest uptime $(</proc/uptime))"
	( . "$c" ) 2>&1
done
echo "## done (guest uptime $(</proc/uptime))"
