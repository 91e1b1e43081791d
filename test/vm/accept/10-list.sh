# SPDX-License-Identifier: GPL-2.0-or-later
# daxctl list agrees with sysfs on the machine as booted.
dx list -R
eq "list -R exits 0" "$RC" 0
eq "one region" "$(jq length <<<"$OUT")" 1
eq "region id" "$(jq '.[0].id' <<<"$OUT")" "$(cat "$(region dax0.0)/id")"
eq "region size" "$(jq '.[0].size' <<<"$OUT")" "$(cat "$(region dax0.0)/size")"
eq "region align" "$(jq '.[0].align' <<<"$OUT")" "$(cat "$(region dax0.0)/align")"
eq "region available_size" "$(jq '.[0].available_size // 0' <<<"$OUT")" "$(cat "$(region dax0.0)/available_size")"
dx list -D -d dax0.0
eq "list -D -d dax0.0 exits 0" "$RC" 0
eq "chardev" "$(jq -r '.[0].chardev' <<<"$OUT")" dax0.0
eq "device size" "$(jq '.[0].size' <<<"$OUT")" "$(attr dax0.0 size)"
eq "target_node" "$(jq '.[0].target_node' <<<"$OUT")" "$(attr dax0.0 target_node)"
case $(driver dax0.0) in
device_dax) want=devdax ;;
kmem) want=system-ram ;;
*) want=unknown ;;
esac
eq "mode follows the bound driver ($(driver dax0.0))" "$(jq -r '.[0].mode' <<<"$OUT")" "$want"
dx list -D -M -d dax0.0
eq "mapping start" "$(jq -r '.[0].mappings[0].start' <<<"$OUT")" "$(($(attr dax0.0 mapping0/start)))"
eq "mapping end" "$(jq -r '.[0].mappings[0].end' <<<"$OUT")" "$(($(attr dax0.0 mapping0/end)))"
dx list -RDMu
eq "list -RDMu exits 0" "$RC" 0
# one region: upstream prints the object itself rather than a one-element array
top='if type == "array" then .[0] else . end'
eq "human sizes" "$(jq -r "$top | .size" <<<"$OUT")" "2.00 GiB (2.15 GB)"
eq "devices nested in the region" "$(jq -r "$top | .devices[0].chardev" <<<"$OUT")" dax0.0
dx list -d dax9.9
eq "unknown device: empty list, rc 0" "$RC:$OUT" "0:"
