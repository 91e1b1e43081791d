# SPDX-License-Identifier: GPL-2.0-or-later
# Each kind of region and initial device, as the dax core shows them.
k=dynamic; dflt=device_dax
case $KVER in 6.1.*) ;; *) k=kmem; dflt=kmem ;; esac
create ok "start=0x100000000 size=1G kind=$k"
create ok "start=0x140000000 size=1G align=1G kind=static"
create ok "start=0x180000000 size=1G dev=idle"
create ok "start=0x1c0000000 size=1G align=4K dev=256M"
eq "regions" "$(regions)" "0 0x100000000 0x40000000 0x200000 0 $k 0x40000000;1 0x140000000 0x40000000 0x40000000 0 static 0x40000000;2 0x180000000 0x40000000 0x200000 0 dynamic 0x0;3 0x1c0000000 0x40000000 0x1000 0 dynamic 0x10000000"
eq "devices" "$(devices)" "dax0.0:1073741824:$dflt dax1.0:1073741824:device_dax dax2.0:0:none dax3.0:268435456:device_dax"
eq "dax0.0 parent" "$(cd -P $BUS/devices/dax0.0/.. && echo $PWD)" /sys/devices/platform/dax_memmap.0
eq "region 1 align" "$(<$(region dax1.0)/align)" 1073741824
ok "static region: no create attribute" test ! -e "$(region dax1.0)/create"
eq "region 3 available_size" "$(<$(region dax3.0)/available_size)" 805306368
eq "region 2 available_size" "$(<$(region dax2.0)/available_size)" 1073741824
dx create-device -r 1 -s 512M
ok "create-device on the static region fails" test "$RC" != 0
dx create-device -r 3 -s 256M
eq "create-device -r 3 -s 256M exits 0" "$RC" 0
eq "new device" "$(jget chardev)" dax3.1
dx list -r 2 -D -i
eq "the idle seed is listed with -i" "$(jget chardev)" dax2.0
for i in 3 2 1; do remove ok $i; done
[ $k = kmem ] && dx offline-memory dax0.0
remove ok 0
eq "no dax device left" "$(devices)" ""
eq "/proc/iomem as before the load" "$(</proc/iomem)" "$(</tmp/iomem-before)"
