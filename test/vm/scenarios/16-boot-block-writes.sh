# SPDX-License-Identifier: GPL-2.0-or-later
# State writes on a boot memory block and the online attribute.
B=$MEM/memory60
rd "$B/state" "$B/online" "$B/valid_zones" "$B/phys_index"
wr online "$B/state"
wr online_kernel "$B/state"
wr bogus "$B/state"
wr 1 "$B/online"
wr 2 "$B/online"
wr x "$B/online"
rd "$B/state" "$B/online"
