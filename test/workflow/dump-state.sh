#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Print the dax state of the simulated machine, one fact a line: every device (driver, size,
# align, ranges), every dynamic region (available_size, seed) and every memory block of the
# machine (state, zone while online). Two dumps are equal exactly when the workflow-visible state is.
# Reads use the shell's `read` (no forks): this runs twice per fault-matrix case.
D=/sys/bus/dax/devices
M=/sys/devices/system/memory
get() { v=; read -r v <"$1" 2>/dev/null; }
blocks=
for dev in $D/*; do
	dev=${dev##*/}
	p=$(readlink -f $D/$dev)
	drv=none
	[ -L $p/driver ] && { drv=$(readlink $p/driver); drv=${drv##*/}; }
	get $p/size; size=$v; get $p/align
	line="$dev driver=$drv size=$size align=$v"
	i=0
	while [ -d $p/mapping$i ]; do
		get $p/mapping$i/start; s=$v; get $p/mapping$i/end; e=$v
		get $p/mapping$i/page_offset
		line="$line map=$v:$s-$e"
		i=$((i + 1))
	done
	echo "$line"
done | sort -V
for dev in $D/*; do p=$(readlink -f $dev); echo "${p%/*}"; done | sort -u | while read -r r; do
	[ -e $r/dax_region/available_size ] || continue
	get $r/dax_region/available_size; a=$v; get $r/dax_region/seed
	echo "region ${r##*/} available_size=$a seed=$v"
done
for m in $M/memory*; do
	[ -e $m/state ] || continue
	get $m/state; st=$v
	[ "${st#online}" != "$st" ] && { get $m/valid_zones; st="$st:$v"; }
	blocks="$blocks ${m##*/}=$st"
done
echo "blocks$blocks"
