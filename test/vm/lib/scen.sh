# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the fidelity scenarios (bash). The same file runs in the guest on a real kernel
# and in daxsim on the host, with the same bash and coreutils, so every line they print can be
# compared byte for byte. Nothing here prints a time, an inode or a file size.
#   wr VALUE PATH      write VALUE (no newline) with one write(2); prints the result as an errno name
#   wrn VALUE PATH     the same with a trailing newline, as `echo VALUE > PATH` does
#   rd PATH...         read each file: "PATH = value" (lines joined with |) or "PATH: ERRNO"
#   dump DIR           every entry of DIR, sorted: mode, name and value or link target
#   lnk PATH           the link target of PATH as stored ("-" if not a link)
#   devs               the devices on the dax bus and their drivers
#   blocks FIRST LAST  state, online and valid_zones of memory blocks FIRST..LAST
#   dctl ARGS...       run our daxctl ($DAXCTL), print its stdout, stderr and exit status
export LC_ALL=C
SCEN_TMP=${SCEN_TMP:-$(mktemp -d)}
BUS=/sys/bus/dax
MEM=/sys/devices/system/memory

# errno name of a strerror text (glibc's wording)
errname() {
	case $1 in
	*"No such device or address") echo ENXIO ;;
	*"No such device") echo ENODEV ;;
	*"Invalid argument") echo EINVAL ;;
	*"Device or resource busy") echo EBUSY ;;
	*"No space left on device") echo ENOSPC ;;
	*"Permission denied") echo EACCES ;;
	*"Operation not permitted") echo EPERM ;;
	*"Cannot allocate memory") echo ENOMEM ;;
	*"File exists") echo EEXIST ;;
	*"No such file or directory") echo ENOENT ;;
	*"Numerical result out of range") echo ERANGE ;;
	*"Operation not supported") echo EOPNOTSUPP ;;
	*"Resource temporarily unavailable") echo EAGAIN ;;
	*"Input/output error") echo EIO ;;
	*"Bad address") echo EFAULT ;;
	*"Argument list too long") echo E2BIG ;;
	*"Is a directory") echo EISDIR ;;
	*"Not a directory") echo ENOTDIR ;;
	*"Read-only file system") echo EROFS ;;
	*"Function not implemented") echo ENOSYS ;;
	*"Invalid exchange") echo EBADE ;;
	*) echo "UNKNOWN($1)" ;;
	esac
}

_wr() { # $1: value as written, $2: path, $3: shown value
	local err
	err=$( { printf '%s' "$1" >"$2"; } 2>&1)
	if [ $? = 0 ]; then
		printf 'write %s > %s => ok\n' "$3" "$2"
		return 0
	fi
	printf 'write %s > %s => %s\n' "$3" "$2" "$(errname "${err%%$'\n'*}")"
	return 1
}
wr() { _wr "$1" "$2" "\"$1\""; }
wrn() { _wr "$1"$'\n' "$2" "\"$1\\n\""; }

# _get PATH: the contents of PATH in V (trailing newlines dropped, as $(cat) does) and
# return 0, or its errno name in V and return 1. Builtins only: under TCG an exec costs a
# tenth of a second or more.
_get() {
	V=
	{ IFS= read -r -d '' V <"$1"; } 2>"$SCEN_TMP/err"
	if [ -s "$SCEN_TMP/err" ]; then
		IFS= read -r V <"$SCEN_TMP/err"
		V=$(errname "$V")
		return 1
	fi
	while [[ $V == *$'\n' ]]; do V=${V%$'\n'}; done
	return 0
}

rd() {
	local f
	for f; do
		if _get "$f"; then
			printf '%s = %s\n' "$f" "${V//$'\n'/|}"
		else
			printf '%s: %s\n' "$f" "$V"
		fi
	done
}

lnk() { if [ -L "$1" ]; then readlink "$1"; else echo -; fi; }

dump() {
	local d=$1 e n m t
	local -A mode target
	echo "dump $d"
	while IFS=$'\t' read -r m n t; do
		mode[$n]=$m target[$n]=$t
	done <<<"$(find -H "$d" -mindepth 1 -maxdepth 1 -printf '%M\t%f\t%l\n')"
	for e in "$d"/*; do
		n=${e##*/}
		[ -n "${mode[$n]+set}" ] || continue
		m=${mode[$n]}
		if [ -L "$e" ]; then
			printf '  %s %s -> %s\n' "$m" "$n" "${target[$n]}"
		elif [ -d "$e" ]; then
			printf '  %s %s/\n' "$m" "$n"
		elif _get "$e"; then
			printf '  %s %s = %s\n' "$m" "$n" "${V//$'\n'/|}"
		else
			printf '  %s %s: %s\n' "$m" "$n" "$V"
		fi
	done
}

# driver name of a dax device, "-" when unbound
drvname() { if [ -L "$1/driver" ]; then (cd -P "$1/driver" && echo "${PWD##*/}"); else echo -; fi; }

devs() {
	local d
	for d in "$BUS"/devices/*; do
		[ -e "$d" ] || continue
		_get "$d/size"
		printf '%s size=%s driver=%s\n' "${d##*/}" "$V" "$(drvname "$d")"
	done
}

blocks() {
	local i b st on z
	for ((i = $1; i <= $2; i++)); do
		b=$MEM/memory$i
		if [ -d "$b" ]; then
			_get $b/state; st=$V
			_get $b/online; on=$V
			_get $b/valid_zones; z=$V
			printf 'memory%d state=%s online=%s zones=%s\n' "$i" "$st" "$on" "$z"
		else
			printf 'memory%d absent\n' "$i"
		fi
	done
}

dctl() {
	local out err rc
	echo "\$ daxctl $*"
	local l
	"$DAXCTL" "$@" >"$SCEN_TMP/out" 2>"$SCEN_TMP/err"
	rc=$?
	while IFS= read -r l; do echo "  out: $l"; done <"$SCEN_TMP/out"
	while IFS= read -r l; do echo "  err: $l"; done <"$SCEN_TMP/err"
	echo "  rc=$rc"
}

# region directory of a dax device
regdir() { (cd -P "$BUS/devices/$1/.." && echo "$PWD/dax_region"); }
