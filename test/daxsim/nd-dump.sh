#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Print the nvdimm bus objects of a machine with one legacy (e820) pmem region: every entry of
# /sys/bus/nd, /sys/class/nd, the nd devices, their drivers and the e820_pmem platform device,
# with mode and value (or link target). Run on the real kernel (the capture in expected/, made
# by test/vm/run-guest.sh after test/vm/lib/pmem-devdax.sh) and in daxsim (ndctl.sh), which
# compares the two.
dump() { # DIR: each entry, sorted: mode name=value (lines joined with |), link, dir
	local d=$1 f m v
	echo "## ${d#/sys}"
	for f in "$d"/*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		if [ -L "$f" ]; then
			echo "link ${f##*/} -> $(readlink "$f")"
		elif [ -d "$f" ]; then
			echo "dir ${f##*/}"
		else
			m=$(stat -c %A "$f")
			if [ "${m:1:1}" = r ]; then
				v=$(cat "$f" 2>&1 | tr '\n' '|')
				v=${v//cat: $f: /}
			else
				v="<write-only>"
			fi
			echo "$m ${f##*/}=$v"
		fi
	done
}
echo "## find /sys/bus/nd"; find /sys/bus/nd | sort
echo "## ls /sys/class/nd"; for c in /sys/class/nd/*; do echo "${c##*/} -> $(readlink "$c")"; done
for c in /sys/class/nd/*; do dump "$(readlink -f "$c")"; done
echo "## /sys/dev/char into the nd bus"
for l in /sys/dev/char/*; do
	case $(readlink "$l") in */ndbus*) echo "${l##*/} -> $(readlink "$l")" ;; esac
done
dump /sys/devices/platform/e820_pmem
for d in /sys/bus/nd/devices/*; do
	d=$(readlink -f "$d")
	dump "$d"
	[ -d "$d/firmware" ] && dump "$d/firmware"
	[ -d "$d/dax_region" ] && dump "$d/dax_region"
done
for d in /sys/bus/nd/drivers/*; do dump "$d"; done
dump /sys/bus/nd
