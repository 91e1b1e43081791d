#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Memory-block state of every system-ram dax device, computed from sysfs alone: the
device's own ranges (mappingN), the blocks kmem adds for them (those wholly inside a
range), and each block's state and zone. Prints {"daxX.Y": {...}} as JSON."""
import json
import os

BUS = "/sys/bus/dax/devices"
MEM = "/sys/devices/system/memory"


def read(path):
    with open(path) as f:
        return f.read().strip()


def device_truth(dev):
    base = os.path.join(BUS, dev)
    drv = os.path.join(base, "driver")
    if not os.path.islink(drv) or os.path.basename(os.readlink(drv)) != "kmem":
        return None
    bs = int(read(os.path.join(MEM, "block_size_bytes")), 16)
    blocks = []
    n = 0
    while os.path.isdir(os.path.join(base, "mapping%d" % n)):
        start = int(read(os.path.join(base, "mapping%d/start" % n)), 0)
        end = int(read(os.path.join(base, "mapping%d/end" % n)), 0)
        first = (start + bs - 1) // bs
        last = (end + 1) // bs - 1
        blocks += [b for b in range(first, last + 1)
                   if os.path.isdir(os.path.join(MEM, "memory%d" % b))]
        n += 1
    states = [read(os.path.join(MEM, "memory%d/state" % b)) for b in blocks]
    online = sum(1 for s in states if s.startswith("online"))
    t = {"online_memblocks": online, "total_memblocks": len(blocks)}
    if blocks and online == len(blocks):
        zones = {read(os.path.join(MEM, "memory%d/valid_zones" % b)) for b in blocks}
        if zones == {"Movable"}:
            t["movable"] = True
        elif zones == {"Normal"}:
            t["movable"] = False
    return t


truth = {}
for dev in sorted(os.listdir(BUS)):
    t = device_truth(dev)
    if t is not None:
        truth[dev] = t
print(json.dumps(truth, indent=1, sort_keys=True))
