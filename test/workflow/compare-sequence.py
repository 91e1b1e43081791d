#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare the transcript of sequence.sh run with our daxctl against the one run with upstream
daxctl on the same simulated machine. Every command must give the same JSON (compared as
data), the same stderr text and the same exit code, except where a documented decision says
otherwise (README, compatibility section); those commands must give exactly the output listed
in DECISIONS below. Upstream's failed create-device leaves size-0 devices behind (dax0.3,
dax0.4); ours does not, so those are dropped from upstream's JSON before comparing.
usage: compare-sequence.py OURS UPSTREAM offline|online [76.1]
(the machine's auto_online_blocks; 76.1 when UPSTREAM was made by daxctl 76.1, not 81)"""
import json
import sys

# (command, occurrence) -> our exact output lines (stdout + stderr) and rc line
DECISIONS = {
    ("disable-device all", 0): ["disabled 3 devices", "[rc=0]"],
    ("create-device -s 4G", 0): [
        "region0: size 0x100000000 is more than the available 0x60000000",
        "error creating devices: No space left on device",
        "created 0 devices", "[rc=228]"],
    ("create-device -s 3M", 0): [
        "region0: size 0x300000 is not a multiple of align 0x200000",
        "error creating devices: Invalid argument",
        "created 0 devices", "[rc=234]"],
}
# auto_online_blocks=offline machines: dax0.1 gets to system-ram, its blocks online movable
DECISIONS_OFFLINE_POLICY = {
    ("online-memory --no-movable dax0.1", 0): [
        "dax0.1:",
        "  WARNING: detected a race while onlining memory",
        "  Some memory may not be in the expected zone. It is",
        "  recommended to disable any other onlining mechanisms,",
        "  and retry. If onlining is to be left to other agents,",
        "  use the --no-online option to suppress this warning",
        "dax0.1: all memory blocks (2) already online, 2 not in zone Normal as requested; "
        "offline them first to change the zone",
        "error onlining memory: Device or resource busy",
        "onlined memory for 0 devices", "[rc=240]"],
}
# against 76.1 only: v79 made destroying daxX.0 (which the kernel never deletes) a success
DECISIONS_76 = {
    ("destroy-device dax0.0", 0): ["destroyed 1 device", "[rc=0]"],
}
# auto_online_blocks=online machines: the refusal says how to go ahead
DECISIONS_ONLINE_POLICY = {
    ("reconfigure-device -m system-ram dax0.1", 0): [
        "dax0.1: error: kernel policy will auto-online memory, aborting",
        "dax0.1: auto_online_blocks is 'online'; use --force to go ahead anyway",
        "error reconfiguring devices: Device or resource busy",
        "reconfigured 0 devices", "[rc=240]"],
    ("reconfigure-device -m system-ram --no-online dax0.2", 0): [
        "dax0.2: error: kernel policy will auto-online memory, aborting",
        "dax0.2: auto_online_blocks is 'online'; use --force to go ahead anyway",
        "error reconfiguring devices: Device or resource busy",
        "reconfigured 0 devices", "[rc=240]"],
}
LEFTOVERS = {"dax0.3", "dax0.4"}
# keys ours prints where the kernel has the attribute and upstream never reads it (README,
# compatibility): left out of ours here; the list suite checks them against sysfs
EXTRA_KEYS = {"memmap_on_memory"}


def drop_extra(obj):
    if isinstance(obj, list):
        return [drop_extra(o) for o in obj]
    if isinstance(obj, dict):
        return {k: drop_extra(v) for k, v in obj.items() if k not in EXTRA_KEYS}
    return obj


def blocks(path):
    out, cur = [], None
    for line in open(path).read().splitlines():
        if line.startswith("$ daxctl ") or line.startswith("memory") or line.startswith("##"):
            cur = [line, []]
            out.append(cur)
        elif cur is None:
            raise SystemExit(f"{path}: output before the first command: {line!r}")
        else:
            cur[1].append(line)
    return out


def split_json(lines):
    text = "\n".join(lines)
    if text and text[0] in "[{":
        obj, end = json.JSONDecoder().raw_decode(text)
        return obj, text[end:].strip("\n").splitlines()
    return None, lines


def drop_leftovers(obj):
    if isinstance(obj, list):
        return [drop_leftovers(o) for o in obj
                if not (isinstance(o, dict) and o.get("chardev") in LEFTOVERS and o.get("size") == 0)]
    if isinstance(obj, dict):
        return {k: drop_leftovers(v) for k, v in obj.items()}
    return obj


def main():
    ours, theirs = blocks(sys.argv[1]), blocks(sys.argv[2])
    DECISIONS.update(DECISIONS_ONLINE_POLICY if sys.argv[3] == "online" else DECISIONS_OFFLINE_POLICY)
    if len(sys.argv) > 4 and sys.argv[4] == "76.1":
        DECISIONS.update(DECISIONS_76)
    if [b[0] for b in ours] != [b[0] for b in theirs]:
        raise SystemExit("the two transcripts do not run the same commands")
    seen, failures, decided, same = {}, 0, 0, 0
    for (head, body), (_, tbody) in zip(ours, theirs):
        cmd = head[len("$ daxctl "):] if head.startswith("$ daxctl ") else head
        n = seen.get(cmd, 0)
        seen[cmd] = n + 1
        want = DECISIONS.get((cmd, n))
        if want is not None:
            decided += 1
            if body != want:
                failures += 1
                print(f"FAIL {head}: documented output expected\n  want {want}\n  got  {body}")
            continue
        oj, otext = split_json(body)
        tj, ttext = split_json(tbody)
        if drop_leftovers(tj) != drop_extra(oj) or otext != ttext:
            failures += 1
            print(f"FAIL {head}: differs from upstream\n  ours {body}\n  upstream {tbody}")
        else:
            same += 1
    missing = set(DECISIONS) - {(c, i) for c, k in seen.items() for i in range(k)}
    for m in sorted(missing):
        failures += 1
        print(f"FAIL decision {m} not exercised")
    print(f"{same} steps as upstream, {decided} documented differences, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
