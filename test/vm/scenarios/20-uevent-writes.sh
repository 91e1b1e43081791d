# SPDX-License-Identifier: GPL-2.0-or-later
# uevent files take a kobject action (optionally a UUID and KEY=value arguments) and refuse
# anything else, on every kind of object on the path daxctl walks.
R=$(regdir dax0.0)
for f in "$BUS/devices/dax0.0/uevent" "$BUS/devices/dax0.0/mapping0/uevent" "${R%/dax_region}/uevent" \
	"$MEM/memory48/uevent" "$BUS/uevent" "$BUS/drivers/device_dax/uevent"; do
	wrn change "$f"
	wr change "$f"
	wrn bogus "$f"
	wrn "change 12345" "$f"
	wrn "change 2b1b4b5c-6f8a-4e0c-9d3a-0a1b2c3d4e5f" "$f"
done
rd "$BUS/devices/dax0.0/uevent"
