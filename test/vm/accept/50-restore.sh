# SPDX-License-Identifier: GPL-2.0-or-later
# A two-range layout saved with list -M and recreated with create-device --input.
R=$(region dax0.0)
dx create-device -s 256M
a=$(jget chardev)
dx create-device -s 256M
b=$(jget chardev)
dx disable-device "$a"
dx destroy-device "$a"
dx disable-device "$b"
dx reconfigure-device -s 768M "$b"
eq "grow into two ranges exits 0" "$RC" 0
ok "$b has mapping1" test -d "$BUS/devices/$b/mapping1"
dx list -D -M -d "$b"
# one device: upstream prints the object itself, which is what --input reads
sed -e '1s/^\[$//' -e '$s/^\]$//' <<<"$OUT" >/tmp/layout.json
want=$(for m in $BUS/devices/$b/mapping[0-9]*; do echo "$(<$m/start)-$(<$m/end)@$(<$m/page_offset)"; done)
dx disable-device "$b"
dx destroy-device "$b"
eq "destroyed" "$RC" 0
eq "all available" "$(<"$R/available_size")" 2147483648
dx create-device --input /tmp/layout.json
eq "create-device --input exits 0" "$RC" 0
c=$(jget chardev)
got=$(for m in $BUS/devices/$c/mapping[0-9]*; do echo "$(<$m/start)-$(<$m/end)@$(<$m/page_offset)"; done)
eq "same ranges restored" "$got" "$want"
eq "same size" "$(attr "$c" size)" 805306368
dx disable-device "$c"
dx destroy-device "$c"
