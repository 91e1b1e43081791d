#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare the outputs kept by run-combos.sh (or bad-args.sh): for every combination,
where upstream 76.1 and 81 agree ours must be byte-identical to them, where they differ
ours must equal 81. The one deliberate difference: the memory-block keys of a device
(online_memblocks, total_memblocks, movable) may differ from upstream's when ours equal
the truth computed from sysfs (truth.json) - upstream counts a multi-range device's
blocks from its first address and total size; accepted only with --memblocks-differ
(given for the multi-range machine). --stdout-only leaves stderr out (fixture trees that
lack files a kernel has, which upstream's library logs about). Exit 0 when everything
matches."""
import json
import os
import sys

MEMKEYS = ("online_memblocks", "total_memblocks", "movable")


def load(d, n, impl):
    def rd(ext):
        with open(os.path.join(d, "%d.%s.%s" % (n, impl, ext)), errors="replace") as f:
            return f.read()
    return rd("out"), rd("err"), rd("rc").strip()


def strip_memkeys(node, found):
    """Drop the memory-block keys of device objects (ordered pairs), collecting ours."""
    if isinstance(node, list) and node and isinstance(node[0], tuple):
        keys = [k for k, _ in node]
        if "chardev" in keys:
            dev = dict(node)["chardev"]
            found[dev] = {k: v for k, v in node if k in MEMKEYS}
        return [(k, strip_memkeys(v, found)) for k, v in node if k not in MEMKEYS]
    if isinstance(node, list):
        return [strip_memkeys(v, found) for v in node]
    return node


def deliberate(ours, ref, truth):
    """True when ours differs from ref only in memory-block keys that match the truth."""
    try:
        jo = json.loads(ours, object_pairs_hook=list)
        jr = json.loads(ref, object_pairs_hook=list)
    except ValueError:
        return False
    fo, fr = {}, {}
    if strip_memkeys(jo, fo) != strip_memkeys(jr, fr):
        return False
    for dev, keys in fo.items():
        if keys != fr.get(dev) and keys != truth.get(dev):
            return False
    return any(fo[d] != fr.get(d) for d in fo)


def main():
    d = sys.argv[1]
    allow = "--memblocks-differ" in sys.argv[2:]
    stdout_only = "--stdout-only" in sys.argv[2:]
    with open(os.path.join(d, "args")) as f:
        combos = f.read().split("\n")[:-1]
    truth = {}
    if os.path.exists(os.path.join(d, "truth.json")):
        with open(os.path.join(d, "truth.json")) as f:
            truth = json.load(f)
    fails = agreed = diverged = delib = 0
    for n, args in enumerate(combos, 1):
        ours = load(d, n, "ours")
        u76 = load(d, n, "76")
        u81 = load(d, n, "81")
        if stdout_only:
            ours, u76, u81 = ((x[0], "", x[2]) for x in (ours, u76, u81))
        if u76 == u81:
            agreed += 1
        else:
            diverged += 1
        if ours == u81:
            continue
        if allow and ours[1:] == u81[1:] and deliberate(ours[0], u81[0], truth):
            delib += 1
            print("deliberate difference (memory blocks counted from the device's ranges) "
                  "for 'list %s'" % args)
            continue
        fails += 1
        print("MISMATCH for 'list %s'" % args)
        for i, what in enumerate(("stdout", "stderr", "exit status")):
            if ours[i] != u81[i]:
                print("--- %s, upstream 81:\n%s\n--- ours:\n%s" % (what, u81[i][:1500], ours[i][:1500]))
    print("%d combinations: %d matched upstream, %d deliberate differences, %d mismatches "
          "(76.1 and 81 agreed on %d, differed on %d)"
          % (len(combos), len(combos) - fails - delib, delib, fails, agreed, diverged))
    return 1 if fails else 0


sys.exit(main())
