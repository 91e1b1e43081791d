# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for daxsim's own tests. A test script calls `vectors_main KERNEL TOPOLOGY "$@"`
# at its end: outside daxsim it runs every function named v_* in a fresh
# `daxsim run`; inside, it runs the one named on its command line.
SIO=${SIO:-$(dirname "$DAXSIM")/tests/sio}
failures=0
RG=/sys/devices/platform/hmem.0/dax_region
D() { echo "/sys/devices/platform/hmem.0/dax0.$1"; }
DRV() { echo "/sys/bus/dax/drivers/$1"; }
MEM=/sys/devices/system/memory

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
