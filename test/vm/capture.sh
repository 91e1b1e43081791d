#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Capture a test/captures scenario on a real kernel, for replay.sh to compare daxsim with:
# boot Debian's K kernel on its default hmem machine (memmap=2G%4G-1+0xefffffff; 6.12 with
# its default online policy), run lib.sh + SCENARIO under the guest's busybox sh (busybox
# applets only in PATH, as replay.sh runs them) and split the transcript into
# OUTDIR/<section>.txt.
#   capture.sh K SCENARIO.sh OUTDIR
# Run by hand when a scenario changes; the result is committed under test/captures/expected/.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: capture.sh K SCENARIO.sh OUTDIR} S=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") O=$3
C=$(cd "$HERE/../captures" && pwd)
g=$(mktemp)
out=$(mktemp)
trap 'rm -f "$g" "$out"' EXIT
{
	echo "mkdir -p /tmp/bb && for a in sh ls cat stat readlink grep tr find basename printf echo head test [ mkdir rm; do ln -s /bin/busybox /tmp/bb/\$a; done"
	printf 'cat %q %q >/tmp/scenario.sh\n' "$C/lib.sh" "$S"
	echo 'env -i PATH=/tmp/bb HOME=/ CAPTURE_KERNEL=$(cat /etc/vm-kernel-release) /bin/busybox sh /tmp/scenario.sh'
} >"$g"
"$HERE/run-guest.sh" -k "$K" -s "$C" "$g" >"$out"
mkdir -p "$O"
awk -v d="$O" '/^===== FILE .* =====$/ {f = d "/" $3 ".txt"; printf "" > f; next} f {print > f}' "$out"
ls -l "$O"
