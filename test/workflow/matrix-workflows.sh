# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by fault-matrix.sh, kill-matrix.sh and writes-by-library.sh: the write workflows
# run on the workflow-matrix topology, as the associative array W (name -> daxctl command),
# with the files they need (an --input layout, a config directory) under $work.
cat >"$work/input.json" <<'JSON'
{"chardev":"dax0.9","size":268435456,"align":2097152,"mappings":[
 {"page_offset":32768,"start":6174015488,"end":6308233215},
 {"page_offset":0,"start":6308233216,"end":6442450943}]}
JSON

mkdir "$work/conf.d"
printf '[reconfigure-device m]\ndax.region = /platform/hmem.0\ndax.resource = 0x110000000\nmode = system-ram\nmovable = false\n' \
	>"$work/conf.d/m.conf"
export DAXCTL_CONF_DIR=$work/conf.d

declare -A W=(
	[create]="create-device -r 0 -s 256M"
	[create-align]="create-device -r 0 -s 256M -a 4096"
	[create-input]="create-device --input $work/input.json"
	[destroy]="destroy-device -f dax0.1"
	[destroy-kmem]="destroy-device -f dax0.3"
	[to-system-ram]="reconfigure-device -m system-ram dax0.1"
	[to-system-ram-N]="reconfigure-device -m system-ram -N dax0.0"
	[check-config]="reconfigure-device -C dax0.1"
	[to-devdax]="reconfigure-device -m devdax -f dax0.2"
	[to-devdax-offline]="reconfigure-device -m devdax dax0.3"
	[online]="online-memory dax0.3"
	[offline]="offline-memory dax0.2"
	[resize]="reconfigure-device -s 128M -a 4096 dax0.4"
	[enable]="enable-device dax0.4"
	[disable]="disable-device dax0.0"
)
