# SPDX-License-Identifier: GPL-2.0-or-later
# Give the region's space back, then create and destroy devices.
R=$(region dax0.0)
dx reconfigure-device -m devdax -f dax0.0
eq "dax0.0 to devdax exits 0" "$RC" 0
eq "dax0.0 on device_dax" "$(driver dax0.0)" device_dax
dx disable-device dax0.0
eq "disable-device exits 0" "$RC" 0
eq "dax0.0 unbound" "$(driver dax0.0)" none
dx reconfigure-device -s 0 dax0.0
eq "shrink to 0 exits 0" "$RC" 0
eq "dax0.0 size 0" "$(attr dax0.0 size)" 0
eq "region all available" "$(<"$R/available_size")" 2147483648
dx create-device -s 256M
eq "create-device exits 0" "$RC" 0
new=$(jget chardev)
echo "# created $new"
ok "$new exists in sysfs" test -d "$BUS/devices/$new"
eq "$new size" "$(attr "$new" size)" 268435456
eq "$new on device_dax" "$(driver "$new")" device_dax
ok "/dev/$new is a character device" test -c "/dev/$new"
eq "region available after create" "$(<"$R/available_size")" $((2147483648 - 268435456))
dx create-device -s 512M -a 4096
eq "create-device -a 4096 exits 0" "$RC" 0
two=$(jget chardev)
eq "$two align" "$(attr "$two" align)" 4096
eq "$two size" "$(attr "$two" size)" 536870912
dx destroy-device "$two"
ok "destroy of an enabled device fails" test "$RC" != 0
ok "$two still there" test -d "$BUS/devices/$two"
dx disable-device "$two"
dx destroy-device "$two"
eq "destroy-device exits 0" "$RC" 0
eq "$two size 0 after destroy" "$(attr "$two" size 2>/dev/null || echo gone)" "$( [ -d "$BUS/devices/$two" ] && echo 0 || echo gone)"
dx disable-device "$new"
dx destroy-device "$new"
eq "second destroy exits 0" "$RC" 0
eq "region all available again" "$(<"$R/available_size")" 2147483648
