#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# daxsim's nvdimm bus, read by Debian's ndctl 76.1 and 81 running on our libdaxctl.so.1:
#  - on the kernel-captures/pmem-e820 machine (pmem-e820.topo), `ndctl list -RNiu` prints what
#    ndctl 76.1 printed on the real 6.1 kernel (expected/, copied from the capture), and the
#    daxregion of `ndctl list -BNXRu` (made by ndctl's calls into libdaxctl: daxctl_new_region
#    and the device getters) equals our `daxctl list -RDu` for that region;
#  - every nd object (bus/nd, class/nd, the bus, region, namespace, nd_dax device and the idle
#    btt/pfn/dax seeds, drivers, the e820_pmem device) as nd-dump.sh prints it equals the dump
#    taken on Debian's 6.1 and 6.12 kernels (expected/nd-e820-K.txt: test/vm/run-guest.sh -k K
#    -m '1G!5G' after test/vm/lib/pmem-devdax.sh), but for the values that differ by nature
#    (majors, the namespace's uuid) and the bind/unbind/drivers_probe files daxsim does not model;
#  - a few of those objects read directly (ndctl0's major, holder, EBUSY on holder_class);
#  - the default machine lists its static region (namespace2.0 over dax2.0);
#  - a machine without pmem has no /sys/bus/nd or /sys/class/nd, and ndctl lists nothing.
# Fetches ndctl with test/daxsim/ndctl-fetch.sh (apt-get download, cached).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
NDBIN=${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/ndctl/bin

if [ "${1:-}" != inside ]; then
	if ! "$HERE/ndctl-fetch.sh" >/tmp/ndctl-fetch.$$ 2>&1; then
		cat /tmp/ndctl-fetch.$$; rm -f /tmp/ndctl-fetch.$$
		echo "SKIP: Debian's ndctl could not be fetched (test/daxsim/ndctl-fetch.sh above)"
		[ "${CI:-}" = true ] && exit 1
		exit 77
	fi
	rm -f /tmp/ndctl-fetch.$$
	rc=0
	# topology errors of the namespace key: file, line, key and reason; exit 2
	tmp=$(mktemp -d)
	topoerr() { # NAME EXPECTED-MESSAGE-PART TOPOLOGY-TEXT
		local out st
		printf '%b' "$3" >"$tmp/t.topo"
		out=$("$DAXSIM" run --topology "$tmp/t.topo" -- true 2>&1); st=$?
		if [ $st != 2 ] || [[ $out != *"t.topo:"*"key 'namespace'"*"$2"* ]]; then
			echo "FAIL [topology $1]: expected exit 2 and '$2', got $st: $out"; rc=1
		fi
	}
	P='[region p]\nprovider = pmem\nid = 0\nstart = 0x141200000\nsize = 1054867456\n'
	topoerr misplaced "0x140000000-0x17fdfffff holds its device at 0x141000000-0x17fdfffff, not at start/size 0x141200000-0x17fffffff" \
		"${P}namespace = 0x140000000+1022M\n"
	topoerr hmem "only pmem regions have a namespace" \
		'[region h]\nprovider = hmem\nid = 0\nstart = 0x100000000\nsize = 1G\nnamespace = 0x100000000+1G\n'
	topoerr path "modelled for paths /devices/platform/e820_pmem/ndbusB/region0/dax0.N only" \
		"${P}path = /devices/LNXSYSTM:00/ndbus0/region0/dax0.0\nnamespace = 0x140000000+1G\n"
	topoerr two "not one range" "${P}namespace = 0x140000000+1G, 0x180000000+1G\n"
	rm -rf "$tmp"
	for t in pmem-e820:6.1 pmem-e820:6.12 default:6.1 nopmem:6.1; do
		case ${t%:*} in
		pmem-e820) topo=(--topology "$HERE/pmem-e820.topo") ;;
		default) topo=() ;;
		nopmem) topo=(--topology "$HERE/kmem4g.topo") ;;
		esac
		"$DAXSIM" run --kernel "${t#*:}" "${topo[@]}" -- bash "$0" inside "${t%:*}" "${t#*:}" || rc=1
	done
	[ $rc = 0 ] && echo "ndctl on daxsim: all checks passed"
	exit $rc
fi

CUR="$2 $3"
KV=$3
# A sanitizer build of our library needs the ASan runtime first in the (uninstrumented) ndctl;
# ndctl's own leaks are not ours to report.
PRELOAD=$(ldd "$LIBDAXCTL_DIR/libdaxctl.so.1" | awk '$1 ~ /^libasan/ { print $3 }')
[ -n "$PRELOAD" ] && export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
ND() {
	local v=$1; shift
	NDCTL_LIBDIR=$LIBDAXCTL_DIR env ${PRELOAD:+LD_PRELOAD=$PRELOAD} "$NDBIN/ndctl-$v" "$@"
}

case $2 in
pmem-e820)
	expected=$(awk '/^\$ ndctl list -RNiu$/ {on = 1; next} on && /^\[rc=/ {exit} on' \
		"$HERE/expected/pmem-e820-10-pmem-namespace-to-devdax.txt")
	ck "capture has the ndctl list -RNiu block" yes "$([ -n "$expected" ] && echo yes)"
	for v in 76.1 81; do
		CUR="pmem-e820 $KV ndctl $v"
		# ndctl runs on our library
		ck "libdaxctl.so.1 loaded from LIBDAXCTL_DIR" yes \
			"$(LD_DEBUG=libs ND $v --version 2>&1 >/dev/null |
			   grep -q "calling init: $LIBDAXCTL_DIR/libdaxctl.so.1\$" && echo yes)"
		out=$(ND $v list -RNiu 2>/tmp/nd-err.$$); rc=$?
		ck "list -RNiu exit" 0 $rc
		ck "list -RNiu stderr" "" "$(cat /tmp/nd-err.$$)"
		ck "list -RNiu equals the 6.1 capture" "$expected" "$out"
		out=$(ND $v list -BNXRu 2>/tmp/nd-err.$$); rc=$?
		ck "list -BNXRu exit" 0 $rc
		ck "list -BNXRu stderr" "" "$(cat /tmp/nd-err.$$)"
		ck "bus" "e820 ndbus0" "$(jq -r '"\(.provider) \(.dev)"' <<<"$out")"
		ns='.regions[0].namespaces[0]'
		ck "namespace" "namespace0.0 devdax dev 55f2ccf4-670f-48ec-b9b5-6bc2097e865c 2097152" \
			"$(jq -r "$ns | \"\(.dev) \(.mode) \(.map) \(.uuid) \(.align)\"" <<<"$out")"
		# (ndctl prints no memmap_on_memory, which our daxctl adds on 6.8+ personalities)
		ours=$("$DAXCTL" list -RDu -r 0 | jq -S 'if type == "array" then .[0] else . end | del(.path) |
			.devices |= map(del(.memmap_on_memory))')
		ck "daxregion (libdaxctl via ndctl) equals daxctl list -RDu -r 0" "$ours" \
			"$(jq -S "$ns.daxregion" <<<"$out")"
		ck "namespace size is its dax device's" "$(jq -r .size <<<"$ours")" \
			"$(jq -r "$ns.size" <<<"$out")"
	done
	rm -f /tmp/nd-err.$$
	CUR="pmem-e820 $KV nd-dump"
	# normalise a dump: the ndctl and dax majors, uuids; drop what daxsim does not model; prefix
	# every line with its section, so that the order inside a section does not matter
	norm() {
		local ndm dxm
		ndm=$(sed -n 's/^-r--r--r-- dev=\([0-9]*\):0|$/\1/p' "$1" | head -1)
		dxm=$(sed -n 's#^\([0-9]*\):0 -> .*/region0/dax0.0/dax0.0$#\1#p' "$1" | head -1)
		sed -E -e "s/^(-r--r--r-- dev=)$ndm:/\1NDMAJ:/" -e "s/MAJOR=$ndm\|/MAJOR=NDMAJ|/" \
			-e "s/^$ndm:0 ->/NDMAJ:0 ->/" -e "s/^$dxm:0 ->/DAXMAJ:0 ->/" \
			-e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/UUID/g' \
			-e '\#^/sys/bus/nd/(drivers/[^/]*/(bind|unbind)|drivers_probe)$#d' \
			-e '/^--w------- (bind|unbind|drivers_probe)=<write-only>$/d' "$1" |
			awk '/^## / {h = $0; next} {print h " | " $0}' | sort
	}
	bash "$HERE/nd-dump.sh" >/tmp/nd-dump.$$ 2>&1
	d=$(diff <(norm "$HERE/expected/nd-e820-$KV.txt") <(norm /tmp/nd-dump.$$))
	ck "nd-dump equals the $KV kernel's (normalised; < kernel, > daxsim)" "" "$d"
	ck "nd-dump lines compared" yes "$([ "$(norm /tmp/nd-dump.$$ | wc -l)" -gt 150 ] && echo yes)"
	rm -f /tmp/nd-dump.$$
	CUR="pmem-e820 $KV sysfs"
	B=/sys/devices/platform/e820_pmem/ndbus0
	ck "class/nd" ndctl0 "$(ls /sys/class/nd)"
	ck "ndctl0 device" "$B" "$(readlink -f /sys/class/nd/ndctl0/device)"
	R /sys/class/nd/ndctl0/dev "$NM:0"
	ck "nd major is neither the dax major nor the host's" "" "$(host_chrdevs | grep -x "$NM")$([ "$NM" = "$DM" ] && echo same)"
	ck "dev/char/$NM:0" "$B" "$(readlink -f "/sys/dev/char/$NM:0/device")"
	ck "bus/nd/devices" "btt0.0 dax0.0 dax0.1 namespace0.0 ndbus0 pfn0.0 region0" \
		"$(ls /sys/bus/nd/devices | tr '\n' ' ' | sed 's/ $//')"
	R $B/region0/dax_seed dax0.1; R $B/region0/pfn_seed pfn0.0; R $B/region0/btt_seed btt0.0
	# the seeds take a configuration while unbound; the namespace is the nd_dax device's
	W $B/region0/dax0.1/namespace namespace0.0 EBUSY; W $B/region0/dax0.1/namespace namespace0.9 ENODEV
	W $B/region0/dax0.1/mode pmem ok; R $B/region0/dax0.1/mode pmem; W $B/region0/dax0.1/mode dev EINVAL
	W $B/region0/pfn0.0/align 4096 ok; R $B/region0/pfn0.0/align 4096; W $B/region0/pfn0.0/align 8192 EINVAL
	W $B/region0/btt0.0/sector_size 4096 ok; R $B/region0/btt0.0/sector_size "512 520 528 [4096] 4104 4160 4224 "
	W $B/region0/btt0.0/uuid 01234567-89ab-cdef-0123-456789abcdef ok
	R $B/region0/btt0.0/uuid 01234567-89ab-cdef-0123-456789abcdef; W $B/region0/btt0.0/uuid nope EINVAL
	R $B/region0/pfn0.0/size ENXIO; R $B/region0/dax0.1/resource ENXIO
	R $B/provider e820; R $B/commands ""; R $B/wait_probe 1; LINK $B/driver nd_bus
	R $B/region0/size 1073741824; R $B/region0/resource 0x140000000; R $B/region0/nstype 4
	R $B/region0/align 0x1000000; R $B/region0/mappings 0; R $B/region0/namespace_seed namespace0.0
	R $B/region0/numa_node 0; R $B/region0/target_node 0; LINK $B/region0/driver nd_region
	ABSENT $B/region0/available_size; ABSENT $B/region0/set_cookie; ABSENT $B/region0/persistence_domain
	ABSENT $B/region0/deep_flush
	N=$B/region0/namespace0.0
	R $N/nstype 4; R $N/mode dax; R $N/holder dax0.0; R $N/size 1073741824; R $N/resource 0x140000000
	R $N/devtype nd_namespace_io; R $N/modalias nd:t4; R $N/force_raw 0; ABSENT $N/driver; ABSENT $N/uuid
	W $N/force_raw 1 ok; R $N/force_raw 1; W $B/region0/read_only 1 ok; R $B/region0/read_only 1
	W $B/region0/read_only maybe EINVAL
	W $B/region0/align 0x200000 ok; R $B/region0/align 0x200000; W $B/region0/align 0x300000 EINVAL
	W $B/region0/align 0x80000000 EINVAL; R $B/region0/align 0x200000
	W $N/holder_class dax EBUSY
	LINK $B/region0/dax0.0/driver dax_pmem; R $B/region0/dax0.0/namespace namespace0.0
	ck "dax bus device under the nd_dax device" "$B/region0/dax0.0/dax0.0" "$(readlink -f /sys/bus/dax/devices/dax0.0)"
	;;
default)
	for v in 76.1 81; do
		CUR="default $KV ndctl $v"
		out=$(ND $v list -NXu 2>&1); rc=$?
		ck "list -NXu exit" 0 $rc
		ck "namespace2.0 over dax2.0" "namespace2.0 devdax 1024.00 MiB (1073.74 MB) dax2.0 00000000-0000-4000-8000-000000000002" \
			"$(jq -r '"\(.dev) \(.mode) \(.size) \(.daxregion.devices[0].chardev) \(.uuid)"' <<<"$out")"
	done
	CUR="default $KV"
	R /sys/devices/platform/e820_pmem/ndbus0/region2/namespace2.0/holder dax2.0
	# the namespace holds the device's info block and memmap before it: 18M below 0x200000000
	R /sys/devices/platform/e820_pmem/ndbus0/region2/resource 0x1fee00000
	;;
nopmem)
	for v in 76.1 81; do
		CUR="no pmem $KV, ndctl $v"
		out=$(ND $v list -BRNX 2>&1); rc=$?
		ck "list -BRNX exit" 0 $rc
		ck "list -BRNX output" "" "$out"
	done
	ABSENT /sys/bus/nd; ABSENT /sys/class/nd
	;;
*)
	ck "machine" "pmem-e820, default or nopmem" "$2"
	;;
esac
[ "$failures" = 0 ]
