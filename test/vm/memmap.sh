#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# reconfigure-device --memmap-on-memory on the real 6.12 kernel booted with
# memory_hotplug.memmap_on_memory=1: the cases of memmap/ on a region made by dax_memmap,
# through module.sh. (module/60-memmap-refused.sh covers the refusals without the option.)
HERE=$(cd "$(dirname "$0")" && pwd)
VM_KARGS="memory_hotplug.memmap_on_memory=1" exec "$HERE/module.sh" 6.12 "$HERE"/memmap/[0-9]*.sh
