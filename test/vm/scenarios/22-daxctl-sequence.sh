# SPDX-License-Identifier: GPL-2.0-or-later
# The workflow suite's daxctl sequence (test/workflow/sequence.sh, the hmem captures' command
# sequence) with our daxctl, under the offline hotplug policy that daxctl needs for system-ram.
A=$MEM/auto_online_blocks
old=$(<$A)
wr offline $A
bash "$DAXCTL_SRC/test/workflow/sequence.sh" "$DAXCTL"
dctl list -RDMiu
wr "$old" $A
