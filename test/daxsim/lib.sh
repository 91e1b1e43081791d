# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for daxsim's own tests. A test script calls `vectors_main KERNEL TOPOLOGY "$@"`
# at its end: outside daxsim it runs every function named v_* in a fresh
# `daxsim run`; inside, it runs the one named on its command line.
SIO=${SIO:-$DAXCTL_BUILD/test/daxsim/sio}
failures=0
RG=/sys/devices/platform/hmem.0/dax_region
D() { echo "/sys/devices/platform/hmem.0/dax0.$1"; }
DRV() { echo "/sys/bus/dax/drivers/$1"; }
MEM=/sys/devices/system/memory

# host_chrdevs: the character majors the host kernel has registered (/proc/devices)
host_chrdevs() { awk '/^Character devices:/ {c = 1; next} /^$|^Block devices:/ {c = 0} c {print $1}' /proc/devices; }
# the dax major daxsim is expected to pick: the first free one of 120-127, 60-63, 240-254,
# not registered by the host nor given as an argument (majors already taken)
free_major() {
	local m used
	used=" $(host_chrdevs | tr '\n' ' ') $* "
	for m in $(seq 120 127) $(seq 60 63) $(seq 240 254); do
		case $used in *" $m "*) ;; *) echo "$m"; return 0 ;; esac
	done
	return 1
}
DM=$(free_major)
# the major of the nd control devices (ndctlN: /sys/dev/char only), on machines with pmem
# regions: picked the same way, skipping the dax major
NM=$(free_major "$DM")
# the host's online CPUs (read outside daxsim, passed down): daxsim's CPUs
: "${HOST_CPUS:=$(cat /sys/devices/system/cpu/online)}"
export HOST_CPUS
# cpumask LIST: a CPU list as the kernel's cpumap prints it (32-bit hex words, nr_cpu_ids bits)
cpumask() {
	local -a bit=() ; local r a b c max=0 w k v out=
	IFS=, read -ra r <<<"$1"
	for c in "${r[@]}"; do
		a=${c%-*} b=${c#*-}
		for ((k = a; k <= b; k++)); do bit[k]=1; done
		((b > max)) && max=$b
	done
	local n=$((max + 1)) words=$(((max + 32) / 32))
	for ((w = words - 1; w >= 0; w--)); do
		local bits=32; ((w == words - 1)) && bits=$((n - 32 * w))
		v=0
		for ((k = 0; k < bits; k++)); do [ -n "${bit[32 * w + k]:-}" ] && v=$((v | (1 << k))); done
		out+="${out:+,}$(printf "%0$(((bits + 3) / 4))x" "$v")"
	done
	echo "$out"
}

ck() { # what expected actual
	if [ "$2" != "$3" ]; then
		echo "FAIL [$CUR]: $1: expected '$2', got '$3'"
		failures=$((failures + 1))
	fi
}
W() { ck "write '$2' > $1" "$3" "$("$SIO" w "$1" "$2")"; }	# W PATH VALUE EXPECT(ok|ERRNO)
Wn() { ck "write -n '$2' > $1" "$3" "$("$SIO" n "$1" "$2")"; }
R() { ck "read $1" "$2" "$("$SIO" r "$1")"; }			# R PATH CONTENT
O() { ck "open($3) $1" "$2" "$("$SIO" o "$1" "$3")"; }		# O PATH EXPECT MODE
MAP() { # MAP DEVDIR N START END PGOFF
	R "$1/mapping$2/start" "$3"
	R "$1/mapping$2/end" "$4"
	R "$1/mapping$2/page_offset" "$5"
}
EXISTS() { if [ -e "$1" ] || [ -L "$1" ]; then ck "exists $1" yes yes; else ck "exists $1" yes no; fi; }
ABSENT() { if [ -e "$1" ] || [ -L "$1" ]; then ck "absent $1" no yes; else ck "absent $1" no no; fi; }
LINK() { ck "readlink $1" "$2" "$(basename "$(readlink "$1")")"; }	# LINK PATH TARGET-BASENAME

# vectors_main KERNEL [v_NAME...]   (TOPO: the topology file, empty for the default)
vectors_main() {
	if [ "${1:-}" = --inside ]; then
		CUR=$2
		KV=$3
		"$2"
		exit $((failures > 0))
	fi
	local kernel=$1 total=0 bad=0 v list
	shift
	[ -n "${DAXSIM:-}" ] || { echo "DAXSIM is not set"; exit 2; }
	list=$(declare -F | awk '{print $3}' | grep '^v_' | sort)
	[ $# -gt 0 ] && list="$*"
	for v in $list; do
		if declare -F "skip_$v" >/dev/null && "skip_$v" "$kernel"; then
			continue
		fi
		total=$((total + 1))
		local topo=$TOPO
		if declare -F "topo_$v" >/dev/null; then topo=$("topo_$v"); fi
		if ! "$DAXSIM" run --kernel "$kernel" ${topo:+--topology "$topo"} -- bash "$0" --inside "$v" "$kernel"; then
			echo "not ok $v"
			bad=$((bad + 1))
		else
			echo "ok $v"
		fi
	done
	echo "$((total - bad))/$total scenarios passed (kernel $kernel)"
	[ "$total" -gt 0 ] && [ "$bad" -eq 0 ]
}
