# SPDX-License-Identifier: GPL-2.0-or-later
# Assertions for the acceptance scripts that run our daxctl inside the guest (bash).
#   ok DESC CMD...        pass when CMD exits 0
#   eq DESC GOT WANT      pass when the two strings are equal
#   dx ARGS...            run $DAXCTL, keep stdout in $OUT, stderr in $ERR, status in $RC
# Each check prints "ok - DESC" or "not ok - DESC" (with what was seen); accept.sh counts them.
export LC_ALL=C
BUS=/sys/bus/dax
MEM=/sys/devices/system/memory
ok() {
	local d=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d (command: $*)"; fi
}
eq() {
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "not ok - $1 (got '$2', want '$3')"; fi
}
dx() {
	local t
	t=$(mktemp)
	OUT=$("$DAXCTL" "$@" 2>"$t")
	RC=$?
	ERR=$(cat "$t")
	rm -f "$t"
	echo "# daxctl $* -> rc $RC"
	[ -z "$ERR" ] || printf '%s\n' "$ERR" | sed 's/^/#   /'
}
driver() { local l; l=$(readlink "$BUS/devices/$1/driver") && basename "$l" || echo none; }
attr() { cat "$BUS/devices/$1/$2"; }
region() { echo "$(readlink -f "$BUS/devices/$1/..")/dax_region"; }
# "online offline absent" counts of the memory blocks of a device's mapping0..N
blockstates() {
	local d=$BUS/devices/$1 bs m s e i on=0 off=0 abs=0
	bs=$((0x$(cat $MEM/block_size_bytes)))
	for m in "$d"/mapping[0-9]*; do
		[ -d "$m" ] || continue
		s=$(($(cat "$m/start") / bs)) e=$(($(cat "$m/end") / bs))
		for ((i = s; i <= e; i++)); do
			if [ ! -d $MEM/memory$i ]; then abs=$((abs + 1))
			elif [ "$(cat $MEM/memory$i/state)" = online ]; then on=$((on + 1))
			else off=$((off + 1)); fi
		done
	done
	echo "$on $off $abs"
}
# jget KEY [DEFAULT]: the first value of KEY in $OUT (daxctl's JSON has one key per line);
# jq would do, but it takes over a second to start under TCG
jget() {
	local re="\"$1\":\"?([^\",]*)\"?"
	if [[ $OUT =~ $re ]]; then echo "${BASH_REMATCH[1]%%$'\n'*}"; else echo "${2-}"; fi
}
