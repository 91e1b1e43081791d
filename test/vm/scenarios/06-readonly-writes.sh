# SPDX-License-Identifier: GPL-2.0-or-later
# Writes to read-only attributes and reads of write-only ones fail at open.
R=$(regdir dax0.0)
for a in id size align available_size seed; do wr 1 "$R/$a"; done
rd "$R/delete"
D=$BUS/devices/dax0.0
for a in dev modalias numa_node target_node resource; do wr 1 "$D/$a"; done
rd "$D/mapping"
wr 1 "$D/mapping0/start"
rd "$BUS/drivers/device_dax/new_id"
