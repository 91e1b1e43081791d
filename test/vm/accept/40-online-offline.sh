# SPDX-License-Identifier: GPL-2.0-or-later
# online-memory and offline-memory on a system-ram device whose memory starts offline.
dx create-device -s 256M
d=$(jget chardev)
dx reconfigure-device -m system-ram -N "$d"
eq "system-ram --no-online exits 0" "$RC" 0
eq "blocks offline" "$(blockstates "$d")" "0 2 0"
dx online-memory "$d"
eq "online-memory exits 0" "$RC" 0
eq "blocks online" "$(blockstates "$d")" "2 0 0"
dx online-memory "$d"
ok "online-memory again does not fail hard" test "$RC" -le 1
dx offline-memory "$d"
eq "offline-memory exits 0" "$RC" 0
eq "blocks offline again" "$(blockstates "$d")" "0 2 0"
dx list -d "$d"
eq "list: online_memblocks" "$(jget online_memblocks)" 0
eq "list: total_memblocks" "$(jget total_memblocks)" 2
dx online-memory dax0.0
ok "online-memory of a devdax device fails" test "$RC" != 0
dx reconfigure-device -m devdax "$d"
eq "to devdax (memory offline) exits 0" "$RC" 0
eq "on device_dax" "$(driver "$d")" device_dax
dx disable-device "$d"
dx destroy-device "$d"
