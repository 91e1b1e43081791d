# SPDX-License-Identifier: GPL-2.0-or-later
# Static pmem (memmap=1G!5G, namespace0.0 made devdax by lib/pmem-devdax.sh): list, the
# refusals of a static region, system-ram and back, disable and enable.
dx list -RDMu
eq "list exits 0" "$RC" 0
eq "region path" "$(jget path)" '\/platform\/e820_pmem\/ndbus0\/region0\/dax0.0'
eq "dax0.0 in devdax mode" "$(jget mode)" devdax
eq "mapping start" "$(jget start)" 0x141200000
eq "dax0.0 size in sysfs" "$(attr dax0.0 size)" 1054867456
dx create-device -r 0
ok "create-device on a static region fails" test "$RC" != 0
eq "no device added" "$(echo $BUS/devices/*)" "$BUS/devices/dax0.0"
dx reconfigure-device -m system-ram dax0.0
if [ "$(<$MEM/auto_online_blocks)" != offline ] && [ "$RC" != 0 ]; then
	echo offline >$MEM/auto_online_blocks
	dx reconfigure-device -m system-ram dax0.0
fi
eq "to system-ram exits 0" "$RC" 0
eq "dax0.0 on kmem" "$(driver dax0.0)" kmem
eq "blocks online/offline/absent (block 40 only partly in the device)" "$(blockstates dax0.0)" "7 0 1"
dx reconfigure-device -m devdax -f dax0.0
eq "to devdax -f exits 0" "$RC" 0
eq "dax0.0 on device_dax" "$(driver dax0.0)" device_dax
eq "blocks removed" "$(blockstates dax0.0)" "0 0 8"
dx disable-device dax0.0
eq "disable-device exits 0" "$RC" 0
eq "dax0.0 unbound" "$(driver dax0.0)" none
dx enable-device dax0.0
eq "enable-device exits 0" "$RC" 0
eq "dax0.0 on device_dax again" "$(driver dax0.0)" device_dax
eq "size unchanged" "$(attr dax0.0 size)" 1054867456
