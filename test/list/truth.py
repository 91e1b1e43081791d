#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Memory-block state of every system-ram dax device, computed from sysfs alone: the
device's own ranges (mappingN), the blocks kmem adds for them (those wholly inside a
range), and each block's state and zone ("memblocks": {"daxX.Y": {...}}); and the
attributes upstream never prints, where the kernel has them ("ext": {"daxX.Y": {...}}):
memmap_on_memory, and the count of online blocks per zone when there are several zones."""
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
    per_zone = {}
    for b, s in zip(blocks, states):
        if s.startswith("online"):
            z = read(os.path.join(MEM, "memory%d/valid_zones" % b))
            z = z if z in ("Normal", "Movable") else "other"
            per_zone[z] = per_zone.get(z, 0) + 1
    return t, (per_zone if len(per_zone) > 1 else None)


truth = {"memblocks": {}, "ext": {}}
for dev in sorted(os.listdir(BUS)):
    ext = {}
    mm = os.path.join(BUS, dev, "memmap_on_memory")
    if os.path.exists(mm):
        ext["memmap_on_memory"] = read(mm) == "1"
    r = device_truth(dev)
    if r is not None:
        truth["memblocks"][dev] = r[0]
        if r[1]:
            ext["zones"] = r[1]
    if ext:
        truth["ext"][dev] = ext
print(json.dumps(truth, indent=1, sort_keys=True))
