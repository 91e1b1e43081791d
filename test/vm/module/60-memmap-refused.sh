# SPDX-License-Identifier: GPL-2.0-or-later
# daxctl reconfigure-device --memmap-on-memory refused on a real kernel (this guest boots
# without memory_hotplug.memmap_on_memory): 6.12 says EOPNOTSUPP, 6.1 has no attribute
# (ENOENT); the device stays in devdax mode. memmap.sh runs the round trip with the option.
[ -d /sys/module/dax_memmap ] || insmod $KO
policy=$(</sys/devices/system/memory/auto_online_blocks)
echo offline >/sys/devices/system/memory/auto_online_blocks	# 6.12 boots with "online"
create ok "start=0x100000000 size=1G"
eq "dax0.0 on device_dax" "$(driver dax0.0)" device_dax
dx reconfigure-device -m system-ram --memmap-on-memory dax0.0
case $KVER in
6.1.*)
	eq "6.1: --memmap-on-memory exits 254 (ENOENT)" "$RC" 254
	eq "  says the kernel has none" "$([[ $ERR == *"this kernel has no memmap_on_memory"* ]] && echo yes)" yes
	;;
*)
	eq "boot option off: --memmap-on-memory exits 161 (EOPNOTSUPP)" "$RC" 161
	eq "  names the boot option" "$([[ $ERR == *"boot with memory_hotplug.memmap_on_memory=1"* ]] && echo yes)" yes
	eq "  memmap_on_memory still 0" "$(attr dax0.0 memmap_on_memory)" 0
	;;
esac
eq "dax0.0 still on device_dax" "$(driver dax0.0)" device_dax
remove ok 0
echo "$policy" >/sys/devices/system/memory/auto_online_blocks
