#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare the outputs kept by run-combos.sh (or bad-args.sh): for every combination,
where upstream 76.1 and 81 agree ours must be byte-identical to them, where they differ
ours must equal 81. The one deliberate difference: the memory-block keys of a device
(online_memblocks, total_memblocks, movable) may differ from upstream's when ours equal
the truth computed from sysfs (truth.json) - upstream counts a multi-range device's
blocks from its first address and total size; accepted only with --memblocks-differ
(given for the multi-range machine). --stdout-only leaves stderr out (fixture trees that
lack files a kernel has, which upstream's library logs about).
Keys upstream never prints (EXTKEYS: memmap_on_memory where the kernel has the attribute,
with -M the zones of a device whose online blocks are in several zones) must appear exactly
where truth.json says the kernel has them, with its values; with their lines taken out,
ours must still equal upstream byte for byte. --list-verbose: ours has one more option,
list -v (its usage line, and --verbose in --list-opts), and nothing else differs.
Exit 0 when everything matches."""
import json
import os
import re
import sys

MEMKEYS = ("online_memblocks", "total_memblocks", "movable")
EXTKEYS = ("memmap_on_memory", "zones")
VERBOSE_USAGE = "    -v, --verbose         add numa_node and zones; say why nothing is listed\n"
HUMAN_USAGE = "    -u, --human           use human friendly number formats \n"
REGION_USAGE = "    -r, --region <region-id>\n"


def strip_ext(text):
    """Take the lines of EXTKEYS members out of json-c's pretty output (a nested object
    to its closing line), and the comma before them when they were last."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r'^(\s*)"(%s)":(.*)$' % "|".join(EXTKEYS), lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        j = i
        if m.group(3).rstrip(",") in ("{", "["):
            j = i + 1
            while j < len(lines) and not re.match("^%s[]}],?$" % m.group(1), lines[j]):
                j += 1
            if j == len(lines):
                return None
        if not lines[j].endswith(",") and out and out[-1].endswith(","):
            out[-1] = out[-1][:-1]
        i = j + 1
    return "\n".join(out)


def devices(node):
    """Every device object (a dict) in parsed output."""
    if isinstance(node, dict):
        if "chardev" in node:
            yield node
        for v in node.values():
            yield from devices(v)
    elif isinstance(node, list):
        for v in node:
            yield from devices(v)


def ext_errors(ours, args, ext):
    """Where EXTKEYS in our output disagree with the kernel (truth.json's "ext")."""
    try:
        jo = json.loads(ours) if ours.strip() else []
    except ValueError:
        return ["output is not JSON"]
    errs = []
    mappings = re.search(r"(^|\s)-[A-Za-z]*M", args) is not None
    for dev in devices(jo):
        want = {k: v for k, v in ext.get(dev["chardev"], {}).items() if k in EXTKEYS}
        if not mappings or "online_memblocks" not in dev:
            # zones go with -M, and with the block counts (not for a caller who cannot
            # read the device's ranges: upstream and ours then print no block keys)
            want.pop("zones", None)
        got = {k: dev[k] for k in EXTKEYS if k in dev}
        if got != want:
            errs.append("%s: %s, the kernel has %s" % (dev["chardev"], got, want))
    return errs


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
    list_verbose = "--list-verbose" in sys.argv[2:]
    truth, ext = {}, {}
    if os.path.exists(os.path.join(d, "truth.json")):
        with open(os.path.join(d, "truth.json")) as f:
            t = json.load(f)
        truth, ext = t["memblocks"], t["ext"]
    fails = agreed = diverged = delib = extended = 0
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
        if list_verbose and args.split()[:1] == ["list"]:
            # the one extra option: its line wherever upstream prints the whole usage (an
            # error about one option shows only that option's line)
            n_use = sum(min(x.count(HUMAN_USAGE), x.count(REGION_USAGE)) for x in u81[:2])
            if sum(x.count(VERBOSE_USAGE) for x in ours[:2]) != n_use:
                print("MISMATCH for '%s': the -v usage line is missing or extra" % args)
                fails += 1
                continue
            ours = tuple(x.replace(VERBOSE_USAGE, "") for x in ours[:2]) + (ours[2],)
            # an abbreviation that --verbose also matches names it among the candidates
            amb = r"(Ambiguous option: \S*) \(could be [^)]*\)"
            m = re.search(amb, ours[1])
            if m and "verbose" in m.group(0):
                ours = (ours[0], re.sub(amb, r"\1 (...)", ours[1]), ours[2])
                u81 = (u81[0], re.sub(amb, r"\1 (...)", u81[1]), u81[2])
            if "--list-opts" in args.split() or "--list-o" in args.split():
                ours = (ours[0].replace("--human --verbose ", "--human "),) + ours[1:]
        if ext or os.path.exists(os.path.join(d, "truth.json")):
            errs = ext_errors(ours[0], args, ext) if ours[2] == "0" else []
            if errs:
                fails += 1
                print("EXTENSION KEYS WRONG for 'list %s': %s" % (args, "; ".join(errs)))
                continue
            stripped = strip_ext(ours[0])
            if stripped is None:
                fails += 1
                print("UNPARSABLE output for 'list %s'" % args)
                continue
            if stripped != ours[0]:
                extended += 1
                ours = (stripped,) + ours[1:]
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
          "(76.1 and 81 agreed on %d, differed on %d); %d had keys upstream does not print "
          "(right where the kernel has them)"
          % (len(combos), len(combos) - fails - delib, delib, fails, agreed, diverged,
             extended))
    return 1 if fails else 0


sys.exit(main())
