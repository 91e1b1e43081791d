# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the dax_memmap module tests in the guest (bash), on top of accept/lib.sh
# (ok, eq, dx, driver, attr, blockstates) and lib/scen.sh's errname.
#   create WANT TEXT          write TEXT to the create attribute; WANT is ok or an errno name
#   refuse ERRNO MSG TEXT     the create fails with ERRNO, and the last kernel line has MSG
#   remove WANT ID            write ID to the remove attribute
#   kmsg_has MSG              the last dax_memmap kernel message contains MSG
D=/sys/bus/platform/drivers/dax_memmap
KO=/guest/dax_memmap.ko
KVER=$(</etc/vm-kernel-release)
_ctl() { # $1 attribute, $2 text; sets GOT to ok or the errno name
	local err
	if err=$({ printf '%s\n' "$2" >"$D/$1"; } 2>&1); then GOT=ok; else GOT=$(errname "$err"); fi
}
create() { _ctl create "$2"; eq "create '$2' -> $1" "$GOT" "$1"; }
remove() { _ctl remove "$2"; eq "remove '$2' -> $1" "$GOT" "$1"; }
kmsg_has() {
	local last
	last=$(dmesg | grep 'dax_memmap: ' | tail -n 1)
	case $last in *"$1"*) echo "ok - kernel says '$1'" ;; *) echo "not ok - kernel message (got '${last#*] }', want '$1')" ;; esac
}
refuse() { create "$1" "$3"; kmsg_has "$2"; }
regions() { local v; v=$(<"$D/regions"); echo "${v//$'\n'/;}"; }
devices() { local d l=; for d in "$BUS"/devices/*; do [ -e "$d" ] && l+="${d##*/}:$(attr "${d##*/}" size):$(driver "${d##*/}") "; done; echo "${l% }"; }
