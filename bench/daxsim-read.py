#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Inside `daxsim run`: time directory listings and attribute reads of the simulated /sys.

One line per measurement: what, items, wall seconds, wall us/item, and the CPU time that the
daxsim server (the parent process) spent per item. On a busy machine the wall time mostly
measures waiting for a CPU; the daxsim CPU column is the cost of the model itself.
  daxsim-read.py [STARTED_NS]       STARTED_NS: CLOCK_REALTIME at daxsim's start, to report
                                    the start-up time until this command runs
  daxsim-read.py --run CMD ARGS...  time CMD (output discarded, stopped after
                                    $DAXSIM_BENCH_CMD_TIMEOUT seconds, default 300) instead
"""
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def server_cpu():
    """CPU seconds (user + system) used so far by the daxsim server, our parent."""
    try:
        with open("/proc/%d/stat" % os.getppid()) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return float("nan")


class Measure:
    def __init__(self, what):
        self.what = what

    def __enter__(self):
        self.cpu = server_cpu()
        self.t = time.perf_counter()
        self.count = 0
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t
        cpu = server_cpu() - self.cpu
        n = max(self.count, 1)
        print("%-36s %7d items %9.3f s %9.1f us/item wall %9.1f us/item daxsim cpu"
              % (self.what, self.count, wall, wall / n * 1e6, cpu / n * 1e6), flush=True)


def read_all(what, paths):
    with Measure(what) as m:
        for p in paths:
            fd = os.open(p, os.O_RDONLY)
            os.read(fd, 4096)
            os.close(fd)
            m.count += 1


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--run":
        cmd = sys.argv[2:]
        limit = int(os.environ.get("DAXSIM_BENCH_CMD_TIMEOUT", "300"))
        with Measure(" ".join([os.path.basename(cmd[0])] + cmd[1:])) as m:
            try:
                rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, timeout=limit).returncode
                status = "exit status %d" % rc
            except subprocess.TimeoutExpired:
                status = "stopped after %d s (DAXSIM_BENCH_CMD_TIMEOUT)" % limit
            m.count = 1
        print("  (%s)" % status)
        return
    if len(sys.argv) > 1:
        started = int(sys.argv[1])
        print("%-36s %9.3f s" % ("start-up until CMD runs", (time.time_ns() - started) / 1e9))
    mem = "/sys/devices/system/memory"
    with Measure("readdir memory/") as m:
        blocks = [e for e in os.listdir(mem) if e.startswith("memory")]
        m.count = len(blocks)
    read_all("read memoryN/state", ["%s/%s/state" % (mem, b) for b in blocks])
    read_all("read memoryN/valid_zones (1 in 10)",
             ["%s/%s/valid_zones" % (mem, b) for b in blocks[::10]])
    bus = "/sys/bus/dax/devices"
    with Measure("readdir bus/dax/devices/") as m:
        devs = os.listdir(bus)
        m.count = len(devs)
    read_all("read daxX.Y/size", ["%s/%s/size" % (bus, d) for d in devs])
    read_all("read daxX.Y/mapping0/start", ["%s/%s/mapping0/start" % (bus, d) for d in devs])
    with Measure("readlink daxX.Y/driver") as m:
        for d in devs:
            os.readlink("%s/%s/driver" % (bus, d))
            m.count += 1


if __name__ == "__main__":
    main()
