# SPDX-License-Identifier: GPL-2.0-or-later
# Memory online in a region: removing the region and unloading the module are refused
# (EBUSY) until the memory is offline; then both work and /proc/iomem is as before.
case $KVER in
6.1.*)
	create ok "start=0x100000000 size=1G"
	dx reconfigure-device -m system-ram dax0.0
	eq "to system-ram exits 0" "$RC" 0
	;;
*)	create ok "start=0x100000000 size=1G kind=kmem" ;;
esac
eq "dax0.0 on kmem" "$(driver dax0.0)" kmem
eq "blocks online/offline/absent" "$(blockstates dax0.0)" "8 0 0"
remove EBUSY 0
kmsg_has "region 0 [mem 0x100000000-0x13fffffff]: memory is online, offline it first"
ok "rmmod refused while memory is online" eval '! rmmod dax_memmap'
ok "module still loaded" test -d /sys/module/dax_memmap
dx offline-memory dax0.0
eq "offline-memory exits 0" "$RC" 0
eq "blocks offline" "$(blockstates dax0.0)" "0 8 0"
remove ok 0
eq "no dax device left" "$(devices)" ""
eq "/proc/iomem as before the load" "$(</proc/iomem)" "$(</tmp/iomem-before)"
