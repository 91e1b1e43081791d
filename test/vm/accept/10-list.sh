# SPDX-License-Identifier: GPL-2.0-or-later
# daxctl list agrees with sysfs on the machine as booted.
dx list -R
eq "list -R exits 0" "$RC" 0
eq "one region" "$(grep -c '"path":' <<<"$OUT")" 1
eq "region id" "$(jget id)" "$(<"$(region dax0.0)/id")"
eq "region size" "$(jget size)" "$(<"$(region dax0.0)/size")"
eq "region align" "$(jget align)" "$(<"$(region dax0.0)/align")"
eq "region available_size" "$(jget available_size 0)" "$(<"$(region dax0.0)/available_size")"
dx list -D -d dax0.0
eq "list -D -d dax0.0 exits 0" "$RC" 0
eq "chardev" "$(jget chardev)" dax0.0
eq "device size" "$(jget size)" "$(attr dax0.0 size)"
eq "target_node" "$(jget target_node)" "$(attr dax0.0 target_node)"
case $(driver dax0.0) in
device_dax) want=devdax ;;
kmem) want=system-ram ;;
*) want=unknown ;;
esac
eq "mode follows the bound driver ($(driver dax0.0))" "$(jget mode)" "$want"
dx list -D -M -d dax0.0
eq "mapping start" "$(jget start)" "$(($(attr dax0.0 mapping0/start)))"
eq "mapping end" "$(jget end)" "$(($(attr dax0.0 mapping0/end)))"
dx list -RDMu
eq "list -RDMu exits 0" "$RC" 0
eq "human sizes" "$(jget size)" "2.00 GiB (2.15 GB)"
ok "devices nested in the region" grep -q '"devices":\[' <<<"$OUT"
eq "first device" "$(jget chardev)" dax0.0
dx list -d dax9.9
eq "unknown device: empty list, rc 0" "$RC:$OUT" "0:"
