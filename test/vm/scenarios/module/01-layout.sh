# SPDX-License-Identifier: GPL-2.0-or-later
# A machine made by dax_memmap: the bus, every region and device with its first mapping,
# and our list (hidden size-0 devices included).
devs
seen=
for d in "$BUS"/devices/*; do
	[ -e "$d" ] || continue
	n=${d##*/}
	readlink -f "$d"
	R=$(regdir "$n")
	case " $seen " in *" $R "*) ;; *) dump "$R"; seen+=" $R" ;; esac
	dump "$d"
	[ -d "$d/mapping0" ] && dump "$d/mapping0"
done
dctl list -RDMu
dctl list -RDMiu
