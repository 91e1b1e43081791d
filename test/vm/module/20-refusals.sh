# SPDX-License-Identifier: GPL-2.0-or-later
# Every bad request is refused with its errno and a kernel message naming the range, and
# changes nothing.
IOMEM0=$(</proc/iomem)
refuse ENXIO "[mem 0x3000000000-0x303fffffff]: not inside reserved memory" "start=0x3000000000 size=1G"
refuse ENXIO "[mem 0x80000000-0xbfffffff]: not inside reserved memory" "start=0x80000000 size=1G"
refuse EBUSY "[mem 0x200000000-0x23fffffff]: overlaps System RAM" "start=0x200000000 size=1G"
refuse EBUSY "[mem 0x1c0000000-0x23fffffff]: overlaps System RAM" "start=0x1c0000000 size=2G"
refuse EINVAL "[mem 0x100100000-0x1400fffff]: start or size not a multiple of align 0x200000" "start=0x100100000 size=1G"
refuse EINVAL "[mem 0x100000000-0x1801fffff]: start or size not a multiple of align 0x40000000" "start=0x100000000 size=0x80200000 align=1G"
refuse EINVAL "create: bad value '2G+2M' for size" "start=0x100000000 size=2G+2M"
refuse EINVAL "align 0x300000 is not 4K, 2M or 1G" "start=0x100000000 size=1G align=3M"
refuse ENODEV "[mem 0x100000000-0x13fffffff]: node 7 does not exist" "start=0x100000000 size=1G node=7"
refuse EINVAL "create: unknown key 'colour'" "start=0x100000000 size=1G colour=red"
refuse EINVAL "create: start= and size= are required" "start=0x100000000"
refuse EINVAL "create: 'junk' is not key=value" "junk"
refuse EINVAL "create: bad value 'pmem' for kind" "start=0x100000000 size=1G kind=pmem"
refuse ENOSPC "device size 0x80000000 is larger than the region" "start=0x100000000 size=1G dev=2G"
refuse EINVAL "device size 0x100000 not a multiple of align 0x200000" "start=0x100000000 size=1G dev=1M"
refuse EINVAL "a static region's device is the whole region" "start=0x100000000 size=1G kind=static dev=idle"
refuse EINVAL "empty or wrapping range" "start=0x100000000 size=0"
case $KVER in
6.1.*)
	refuse EOPNOTSUPP "kind kmem needs Linux 6.3 or later" "start=0x100000000 size=1G kind=kmem"
	refuse EOPNOTSUPP "memmap_on_memory needs Linux 6.8 or later" "start=0x100000000 size=1G memmap_on_memory=1"
	;;
*)
	refuse EINVAL "kind kmem needs whole memory blocks (0x8000000)" "start=0x100200000 size=128M kind=kmem"
	;;
esac
# overlapping another region, or inside one (inside its device's claim: the deepest range is named)
create ok "start=0x100000000 size=1G"
refuse EBUSY "[mem 0x100000000-0x13fffffff]: overlaps 'dax_memmap.0' [mem 0x100000000-0x13fffffff]" "start=0x100000000 size=1G"
refuse EBUSY "[mem 0x120000000-0x15fffffff]: overlaps another claimed range" "start=0x120000000 size=1G"
refuse EBUSY "[mem 0x110000000-0x11fffffff]: inside 'dax0.0' [mem 0x100000000-0x13fffffff], already claimed" "start=0x110000000 size=256M"
refuse ENXIO "[mem 0xc0000000-0x1bfffffff]: not inside reserved memory" "start=0xc0000000 size=4G"
# a region exactly as large as its reserved range (memmap=256M$0x240000000) lies inside it
create ok "start=0x240000000 size=256M"
eq "the region below its reserved range" "$(grep -A1 '^240000000-24fffffff : Reserved' /proc/iomem)" \
	"240000000-24fffffff : Reserved"$'\n'"  240000000-24fffffff : dax_memmap.1"
refuse EBUSY "[mem 0x240000000-0x24fffffff]: overlaps 'dax_memmap.1' [mem 0x240000000-0x24fffffff]" "start=0x240000000 size=256M"
remove ok 1
remove ENOENT 5
kmsg_has "region 5: no such region"
remove EINVAL abc
kmsg_has "remove: 'abc' is not a region id"
remove ok 0
kmsg_has "region 0 removed"
eq "nothing left" "$(regions)" ""
eq "/proc/iomem as before" "$(</proc/iomem)" "$IOMEM0"
