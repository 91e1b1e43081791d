# SPDX-License-Identifier: GPL-2.0-or-later
# Errors: exit codes, messages, and nothing changed in sysfs.
R=$(region dax0.0)
before=$(<"$R/available_size")
dx create-device -s 4G
ok "create larger than the region fails" test "$RC" != 0
ok "message names ENOSPC" grep -q "No space left on device" <<<"$ERR"
eq "available unchanged" "$(<"$R/available_size")" "$before"
dx create-device -s 3M
ok "create of a size not a multiple of align fails" test "$RC" != 0
dx reconfigure-device -m devdax dax9.9
ok "reconfigure of a missing device fails" test "$RC" != 0
dx reconfigure-device -m bogus dax0.0
ok "unknown mode fails" test "$RC" != 0
dx destroy-device dax0.0
ok "destroy of dax0.0 (seed of hmem, size 0) does not destroy it" test -d "$BUS/devices/dax0.0"
dx offline-memory dax0.0
ok "offline-memory of a devdax device fails" test "$RC" != 0
dx bogus-command
ok "unknown command fails" test "$RC" != 0
