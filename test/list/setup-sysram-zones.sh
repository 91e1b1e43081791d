#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# For list-sysram-zones.topo: dax0.0 (blocks 32-47, online movable) gets two blocks
# offline; dax2.0 (blocks 64-79, offline) gets 64-67 online in ZONE_NORMAL and 68-71 in
# ZONE_MOVABLE: mixed states and mixed zones.
set -e
m=/sys/devices/system/memory
for b in 32 33; do echo offline > $m/memory$b/state; done
for b in 64 65 66 67; do echo online_kernel > $m/memory$b/state; done
for b in 68 69 70 71; do echo online_movable > $m/memory$b/state; done
