# SPDX-License-Identifier: GPL-2.0-or-later
# Assertions for the acceptance scripts that run our daxctl inside the guest (bash).
#   ok DESC CMD...        pass when CMD exits 0
#   eq DESC GOT WANT      pass when the two strings are equal
#   dx ARGS...            run $DAXCTL, keep stdout in $OUT, stderr in $ERR, status in $RC
# Each check prints "ok - DESC" or "not ok - DESC" (with what was seen); accept.sh counts them.
# Under TCG every exec costs a tenth of a second or more, so the helpers use bash builtins
# only (the cases read sysfs with $(<file)).
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
	local l
	"$DAXCTL" "$@" >/tmp/.dx-out 2>/tmp/.dx-err
	RC=$?
	IFS= read -r -d '' OUT </tmp/.dx-out
	IFS= read -r -d '' ERR </tmp/.dx-err
	OUT=${OUT%$'\n'} ERR=${ERR%$'\n'}
	echo "# daxctl $* -> rc $RC"
	[ -z "$ERR" ] || while IFS= read -r l; do echo "#   $l"; done <<<"$ERR"
}
# jget KEY [DEFAULT]: the first value of KEY in $OUT (daxctl's JSON has one key per line);
# jq would do, but it takes over a second to start under TCG
jget() {
	local re="\"$1\":\"?([^\",]*)\"?"
	if [[ $OUT =~ $re ]]; then echo "${BASH_REMATCH[1]%%$'\n'*}"; else echo "${2-}"; fi
}
driver() { (cd -P "$BUS/devices/$1/driver" 2>/dev/null && echo "${PWD##*/}") || echo none; }
attr() { local v; read -r v <"$BUS/devices/$1/$2" && echo "$v"; }
region() { (cd -P "$BUS/devices/$1/.." && echo "$PWD/dax_region"); }
# "online offline absent" counts of the memory blocks of a device's mapping0..N
blockstates() {
	local d=$BUS/devices/$1 bs m s e i st on=0 off=0 abs=0
	read -r bs <$MEM/block_size_bytes
	bs=$((0x$bs))
	for m in "$d"/mapping[0-9]*; do
		[ -d "$m" ] || continue
		read -r s <"$m/start"
		read -r e <"$m/end"
		for ((i = s / bs; i <= e / bs; i++)); do
			if [ ! -d $MEM/memory$i ]; then abs=$((abs + 1)); continue; fi
			read -r st <$MEM/memory$i/state
			if [ "$st" = online ]; then on=$((on + 1)); else off=$((off + 1)); fi
		done
	done
	echo "$on $off $abs"
}
