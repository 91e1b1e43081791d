# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the capture replay scenarios (sourced by busybox sh inside `daxsim run`).
# They print the transcript format of the kernel captures in /work/shared/kernel-captures,
# so that a scenario's output can be compared with a capture section by section:
#   section NAME     a "===== FILE NAME =====" marker (replay.sh splits on it)
#   run CMD...       "$ CMD", CMD's stdout and stderr, "[rc=N]"
#   wr VALUE FILE    write VALUE without a newline, print "write 'VALUE' > FILE => ok|ERRNO(n) [msg]"
#   wrn VALUE FILE   the same with a trailing newline (shown as '...'\n)
#   dumpdir DIR      ls -la DIR, then "mode name=value" per attribute (links: "link name -> target")
#   regdir DEV       the dax_region directory of a dax device
#   memblocks A B    state, online, valid_zones, removable of the memory blocks covering [A, B]

section() { echo "===== FILE $1 ====="; }

run() {
	echo "\$ $*"
	"$@" 2>&1
	echo "[rc=$?]"
}

# errno name and number for the strerror() text that busybox sh printed
errno_of() {
	case "$1" in
	*"No such device or address"*)		echo "ENXIO(6)" ;;
	*"No such device"*)			echo "ENODEV(19)" ;;
	*"Invalid argument"*)			echo "EINVAL(22)" ;;
	*"Device or resource busy"*)		echo "EBUSY(16)" ;;
	*"No space left on device"*)		echo "ENOSPC(28)" ;;
	*"Permission denied"*)			echo "EACCES(13)" ;;
	*"Operation not permitted"*)		echo "EPERM(1)" ;;
	*"Cannot allocate memory"*)		echo "ENOMEM(12)" ;;
	*"File exists"*)			echo "EEXIST(17)" ;;
	*"No such file or directory"*)		echo "ENOENT(2)" ;;
	*"Numerical result out of range"*)	echo "ERANGE(34)" ;;
	*"not supported"*)			echo "EOPNOTSUPP(95)" ;;
	*"Resource temporarily unavailable"*)	echo "EAGAIN(11)" ;;
	*"Input/output error"*)			echo "EIO(5)" ;;
	*"Bad address"*)			echo "EFAULT(14)" ;;
	*"Argument list too long"*)		echo "E2BIG(7)" ;;
	*)					echo "?($1)" ;;
	esac
}

# $1: "-n" (no newline) or "-e" (newline), $2: value, $3: file
write_attr() {
	msg=$( (echo $1 "$2" > "$3") 2>&1 )
	rc=$?
	shown="'$2'"
	[ "$1" = -n ] || shown="$shown\\n"
	if [ $rc -eq 0 ]; then
		result=ok
	else
		result="$(errno_of "$msg") [$msg]"
	fi
	printf 'write %-22s > %-60s => %s\n' "$shown" "$3" "$result"
	return $rc
}
wr() { write_attr -n "$1" "$2"; }
wrn() { write_attr -e "$1" "$2"; }

dumpdir() {
	echo "## ls -la $1/"
	ls -la "$1/"
	echo "## attributes of $1 (mode name=value; multi-line values joined with |)"
	for a in "$1"/*; do
		if [ -L "$a" ]; then
			echo "link ${a##*/} -> $(readlink "$a")"
			continue
		fi
		[ -f "$a" ] || continue
		if val=$(cat "$a" 2>"${REPLAY_ERR:-/tmp/.replay-err}"); then
			val=$(echo "$val" | tr '\n' '|')
			val=${val%|}
		else
			val="<read failed: $(errno_of "$(cat "${REPLAY_ERR:-/tmp/.replay-err}")")>"
		fi
		echo "$(stat -c %A "$a") ${a##*/}=$val"
	done
}

regdir() { echo "$(readlink -f /sys/bus/dax/devices/$1/..)/dax_region"; }

memblocks() {
	bsz=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	n=$(($1 / bsz))
	end=$(($2 / bsz))
	while [ $n -le $end ]; do
		mb=/sys/devices/system/memory/memory$n
		if [ -d $mb ]; then
			echo "memory$n state=$(cat $mb/state) online=$(cat $mb/online) zones=$(cat $mb/valid_zones 2>&1) removable=$(cat $mb/removable 2>&1)"
		else
			echo "memory$n absent"
		fi
		n=$((n + 1))
	done
}
