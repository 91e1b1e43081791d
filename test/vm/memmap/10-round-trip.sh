# SPDX-License-Identifier: GPL-2.0-or-later
# daxctl reconfigure-device --memmap-on-memory / --no-memmap-on-memory on 6.12 booted with
# memory_hotplug.memmap_on_memory=1 (memmap.sh), on a region made by dax_memmap.
insmod $KO
echo offline >/sys/devices/system/memory/auto_online_blocks
create ok "start=0x100000000 size=1G"
dx reconfigure-device -m system-ram --memmap-on-memory dax0.0
eq "--memmap-on-memory exits 0" "$RC" 0
eq "  memmap_on_memory is 1" "$(attr dax0.0 memmap_on_memory)" 1
eq "  on kmem, its 8 blocks online" "$(driver dax0.0) $(blockstates dax0.0)" "kmem 8 0 0"
dx reconfigure-device -m system-ram --no-memmap-on-memory dax0.0
eq "the other value while in system-ram mode exits 240 (EBUSY)" "$RC" 240
eq "  memmap_on_memory still 1" "$(attr dax0.0 memmap_on_memory)" 1
dx reconfigure-device -m devdax -f dax0.0
eq "-m devdax -f exits 0" "$RC" 0
eq "  on device_dax" "$(driver dax0.0)" device_dax
dx reconfigure-device -m system-ram --no-memmap-on-memory dax0.0
eq "--no-memmap-on-memory exits 0" "$RC" 0
eq "  memmap_on_memory is 0, on kmem, 8 blocks online" \
	"$(attr dax0.0 memmap_on_memory) $(driver dax0.0) $(blockstates dax0.0)" "0 kmem 8 0 0"
dx offline-memory dax0.0
eq "offline-memory exits 0" "$RC" 0
remove ok 0
ok "rmmod" rmmod dax_memmap
