# SPDX-License-Identifier: GPL-2.0-or-later
# A device to system-ram (kmem, memory online) and back to devdax.
R=$(region dax0.0)
dx create-device -s 512M
eq "create-device exits 0" "$RC" 0
d=$(jget chardev)
if [ "$(<$MEM/auto_online_blocks)" != offline ]; then
	# Debian 6.12 onlines hotplugged memory itself; daxctl 81 refuses to race with that
	dx reconfigure-device -m system-ram "$d"
	ok "system-ram under the kernel's auto-online policy is refused" test "$RC" != 0
	eq "$d still on device_dax" "$(driver "$d")" device_dax
	echo offline >$MEM/auto_online_blocks
fi
dx reconfigure-device -m system-ram "$d"
eq "to system-ram exits 0" "$RC" 0
eq "$d on kmem" "$(driver "$d")" kmem
eq "$d blocks online/offline/absent" "$(blockstates "$d")" "4 0 0"
eq "list reports system-ram" "$(jget mode)" system-ram
b=$(($(attr "$d" mapping0/start) / 0x$(<$MEM/block_size_bytes)))
eq "zone of the first block (movable by default)" "$(<$MEM/memory$b/valid_zones)" Movable
dx reconfigure-device -m devdax "$d"
ok "to devdax with online memory fails" test "$RC" != 0
eq "$d still on kmem" "$(driver "$d")" kmem
dx reconfigure-device -m devdax -f "$d"
eq "to devdax -f exits 0" "$RC" 0
eq "$d on device_dax" "$(driver "$d")" device_dax
eq "$d blocks removed" "$(blockstates "$d")" "0 0 4"
dx reconfigure-device -m system-ram --no-movable "$d"
eq "system-ram --no-movable exits 0" "$RC" 0
eq "zone Normal" "$(<$MEM/memory$b/valid_zones)" Normal
dx reconfigure-device -m devdax -f "$d"
eq "back to devdax" "$(driver "$d")" device_dax
dx disable-device "$d"
dx destroy-device "$d"
eq "destroyed" "$RC" 0
