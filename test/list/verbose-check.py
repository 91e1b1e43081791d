#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check `daxctl list -v` against sysfs, inside daxsim: VERBOSE PLAIN TRUTH are the
outputs of the same list command with and without -v, and truth.py's output. Every device
object has numa_node exactly when its sysfs numa_node reads a node (>= 0), with that value,
memmap_on_memory exactly when the kernel has the attribute, and zones (with its block
counts) exactly when its online blocks are in several zones; every region object has
numa_node and target_node exactly when its provider device has them. With numa_node,
region target_node and zones taken out, the -v output equals the plain one. Prints what it
checked; exit 1 when anything differs."""
import json
import os
import sys

BUS = "/sys/bus/dax/devices"


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


def node(path):
    v = read(path)
    return int(v) if v is not None and int(v) >= 0 else None


def objects(tree, key):
    if isinstance(tree, dict):
        if key in tree:
            yield tree
        for v in tree.values():
            yield from objects(v, key)
    elif isinstance(tree, list):
        for v in tree:
            yield from objects(v, key)


def strip_verbose(tree, keys):
    """The ordered-pairs tree without KEYS ("region target_node": of region objects)."""
    if isinstance(tree, list) and tree and isinstance(tree[0], tuple):
        region = "path" in [k for k, _ in tree]
        return [(k, strip_verbose(v, keys)) for k, v in tree
                if k not in keys and not (region and "region " + k in keys)]
    if isinstance(tree, list):
        return [strip_verbose(v, keys) for v in tree]
    return tree


def main():
    with open(sys.argv[1]) as f:
        verbose = f.read()
    with open(sys.argv[2]) as f:
        plain = f.read()
    with open(sys.argv[3]) as f:
        ext = json.load(f)["ext"]
    errs = []
    jv = json.loads(verbose)
    ndev = nreg = nnuma = nzones = 0
    for dev in objects(jv, "chardev"):
        ndev += 1
        base = os.path.join(BUS, dev["chardev"])
        want = node(os.path.join(base, "numa_node"))
        if dev.get("numa_node") != want or (want is None and "numa_node" in dev):
            errs.append("%s: numa_node %s, sysfs %s" % (dev["chardev"], dev.get("numa_node"), want))
        nnuma += "numa_node" in dev
        want = ext.get(dev["chardev"], {}).get("zones") if "online_memblocks" in dev else None
        if dev.get("zones") != want:
            errs.append("%s: zones %s, sysfs %s" % (dev["chardev"], dev.get("zones"), want))
        nzones += "zones" in dev
        mm = read(os.path.join(base, "memmap_on_memory"))
        got = dev.get("memmap_on_memory")
        if (mm is None) != (got is None) or (mm is not None and got != (mm == "1")):
            errs.append("%s: memmap_on_memory %s, sysfs %s" % (dev["chardev"], got, mm))
    for reg in objects(jv, "path"):
        nreg += 1
        home = "/sys/devices" + reg["path"]
        for attr in ("numa_node", "target_node"):
            want = node(os.path.join(home, attr))
            if reg.get(attr) != want or (want is None and attr in reg):
                errs.append("region%d: %s %s, sysfs %s" % (reg["id"], attr, reg.get(attr), want))
    # zones: -v shows them as -M does
    pv = strip_verbose(json.loads(verbose, object_pairs_hook=list),
                       ("numa_node", "zones", "region target_node"))
    pp = strip_verbose(json.loads(plain, object_pairs_hook=list) if plain.strip() else [],
                       ("zones",))
    if pv != pp:
        errs.append("-v output without its keys differs from the plain output")
    for e in errs:
        print("FAIL:", e)
    print("%d devices (%d with numa_node, %d with zones), %d regions checked"
          % (ndev, nnuma, nzones, nreg))
    return 1 if errs or not (ndev or nreg) else 0


sys.exit(main())
