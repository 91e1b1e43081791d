#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run fidelity scenarios in order on one machine (a guest or a daxsim run), each in its own
# subshell after a "===== SCENARIO <name> =====" line, stdout and stderr together.
#   batch.sh SCENARIO.sh...
# Both sides run this same file with the same arguments, so state carried from one scenario
# to the next is the same on both sides.
here=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
SCEN_TMP=$(mktemp -d)
export SCEN_TMP
. "$here/scen.sh"
for s; do
	echo "===== SCENARIO $(basename "$s" .sh) ====="
	( . "$s" ) 2>&1
done
echo "===== END ====="
rm -rf "$SCEN_TMP"
