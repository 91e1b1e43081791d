# SPDX-License-Identifier: GPL-2.0-or-later
# Create/remove cycles, id reuse, unload with regions present, load with the regions
# parameter, and a clean /proc/iomem after each unload.
for i in 1 2 3; do
	create ok "start=0x100000000 size=1G"
	create ok "start=0x140000000 size=2G dev=idle"
	remove ok 0
	create ok "start=0x100000000 size=512M kind=static"
	eq "cycle $i: ids reused" "$(regions)" "1 0x140000000 0x80000000 0x200000 0 dynamic 0x0;0 0x100000000 0x20000000 0x200000 0 static 0x20000000"
	remove ok 1
	remove ok 0
done
create ok "start=0x100000000 size=1G"
create ok "start=0x180000000 size=1G kind=static"
ok "rmmod with two regions" rmmod dax_memmap
eq "no dax device after rmmod" "$(devices)" ""
eq "/proc/iomem as before the load" "$(</proc/iomem)" "$(</tmp/iomem-before)"
ok "insmod with regions=" insmod $KO "regions=start=4G,size=2G,align=1G;start=6G,size=1G,kind=static"
eq "regions from the parameter" "$(regions)" "0 0x100000000 0x80000000 0x40000000 0 dynamic 0x80000000;1 0x180000000 0x40000000 0x200000 0 static 0x40000000"
eq "their devices" "$(devices)" "dax0.0:2147483648:device_dax dax1.0:1073741824:device_dax"
ok "rmmod" rmmod dax_memmap
ok "insmod with a bad regions= fails" eval "! insmod $KO 'regions=start=4G,size=1G;start=0x3000000000,size=1G'"
ok "and leaves nothing loaded" test ! -d /sys/module/dax_memmap
eq "/proc/iomem as before the load" "$(</proc/iomem)" "$(</tmp/iomem-before)"
