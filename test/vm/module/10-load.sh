# SPDX-License-Identifier: GPL-2.0-or-later
# Loading: the control attributes, no region yet, /proc/iomem untouched.
IOMEM0=$(</proc/iomem)
echo "$IOMEM0" >/tmp/iomem-before
ok "insmod dax_memmap" insmod $KO
ok "create, remove and regions exist" test -f $D/create -a -f $D/remove -a -f $D/regions
eq "no region after load" "$(regions)" ""
eq "/proc/iomem unchanged by the load" "$(</proc/iomem)" "$IOMEM0"
eq "taint: out-of-tree and unsigned (O+E)" "$(( $(</proc/sys/kernel/tainted) & 12288 ))" 12288
