#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Inside `daxsim run`: time directory listings and attribute reads of the simulated /sys.

Prints one line per measurement: what, count, total seconds, microseconds per item.
The first argument, if any, is the CLOCK_REALTIME (ns) at which daxsim was started: the
start-up time until this command runs is reported first.
With --run CMD ARGS...: time CMD (its output discarded) instead.
"""
import os
import subprocess
import sys
import time


def report(what, count, seconds):
    per = seconds / count * 1e6 if count else 0.0
    print("%-44s %8d items %9.3f s %10.1f us/item" % (what, count, seconds, per))


def timed_reads(what, paths):
    t = time.perf_counter()
    n = 0
    for p in paths:
        fd = os.open(p, os.O_RDONLY)
        os.read(fd, 4096)
        os.close(fd)
        n += 1
    report(what, n, time.perf_counter() - t)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--run":
        cmd = sys.argv[2:]
        t = time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
        report("%s (rc=%d)" % (" ".join([os.path.basename(cmd[0])] + cmd[1:]), rc), 1,
               time.perf_counter() - t)
        return
    if len(sys.argv) > 1:
        started = int(sys.argv[1])
        report("start-up (daxsim run until CMD runs)", 1, (time.time_ns() - started) / 1e9)
    mem = "/sys/devices/system/memory"
    t = time.perf_counter()
    blocks = [e for e in os.listdir(mem) if e.startswith("memory")]
    report("readdir %s" % mem, len(blocks), time.perf_counter() - t)
    timed_reads("read memoryN/state", ["%s/%s/state" % (mem, b) for b in blocks])
    timed_reads("read memoryN/valid_zones", ["%s/%s/valid_zones" % (mem, b) for b in blocks])
    timed_reads("read memoryN/state (again)", ["%s/%s/state" % (mem, b) for b in blocks])
    bus = "/sys/bus/dax/devices"
    t = time.perf_counter()
    devs = os.listdir(bus)
    report("readdir %s" % bus, len(devs), time.perf_counter() - t)
    timed_reads("read daxX.Y/size", ["%s/%s/size" % (bus, d) for d in devs])
    timed_reads("read daxX.Y/mapping0/start", ["%s/%s/mapping0/start" % (bus, d) for d in devs])
    t = time.perf_counter()
    links = [os.readlink("%s/%s/driver" % (bus, d)) for d in devs
             if os.path.lexists("%s/%s/driver" % (bus, d))]
    report("readlink daxX.Y/driver", len(links), time.perf_counter() - t)


if __name__ == "__main__":
    main()
