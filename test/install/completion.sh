#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion (contrib/daxctl.bash) driven the way bash drives it: COMP_WORDS and
# COMP_CWORD set, _daxctl called, COMPREPLY compared with what daxctl itself reports
# (--list-cmds, --list-opts, `daxctl list` inside daxsim's default machine).
set -eu
: "${DAXCTL_SRC:?}" "${DAXCTL:?}" "${DAXSIM:?}"
comp=$DAXCTL_SRC/contrib/daxctl.bash
failed=0

# complete WORD... : the sorted, space-separated COMPREPLY for a command line whose last
# word is the one being completed. The first word is the daxctl under test.
complete_words() {
	bash -c 'source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _daxctl
		printf "%s\n" "${COMPREPLY[@]}"' - "$comp" "$DAXCTL" "$@" | sed '/^$/d' | sort | xargs
}
expect() { # description, expected, actual
	if [ "$2" = "$3" ]; then
		echo "ok: $1: '$3'"
	else
		echo "FAIL: $1: got '$3', want '$2'" >&2
		failed=1
	fi
}

expect "--mode= (split at '=')" "devdax system-ram" "$(complete_words reconfigure-device --mode =)"
expect "--mode=s (split at '=')" "system-ram" "$(complete_words reconfigure-device --mode = s)"
expect "--mode= (one word)" "--mode=devdax --mode=system-ram" \
	"$(complete_words reconfigure-device --mode=)"
expect "-m d" "devdax" "$(complete_words reconfigure-device -m d)"
expect "--mode value as the next word" "devdax system-ram" \
	"$(complete_words reconfigure-device --mode '')"

cmds=$("$DAXCTL" --list-cmds | sort | xargs)
[ -n "$cmds" ] || { echo "FAIL: daxctl --list-cmds printed nothing" >&2; exit 1; }
expect "commands" "$cmds" "$(complete_words '')"
expect "commands starting with 're'" "reconfigure-device" "$(complete_words re)"
expect "help COMMAND" "online-memory" "$(complete_words help online-m)"
expect "top-level options" "--help --list-cmds --version" "$(complete_words --)"

# `daxctl list --list-opts` prints the options and exits with 130 by design.
opts=$("$DAXCTL" list --list-opts || true)
opts=$(printf '%s\n' $opts | sort | xargs)
case " $opts " in *" --mappings "*) ;; *) echo "FAIL: list --list-opts: '$opts'" >&2; exit 1 ;; esac
expect "options of list" "$opts" "$(complete_words list --)"
expect "options of list starting with --regi" "--region --regions" "$(complete_words list --regi)"

# Device and region names come from sysfs: compare with daxctl list on daxsim's default machine.
export -f complete_words
export comp
# shellcheck disable=SC2016
"$DAXSIM" run -- bash -c '
	set -eu
	devs=$("$DAXCTL" list -D -i | jq -r ".[].chardev" | sort -V)
	regions=$("$DAXCTL" list -R | jq -r ".[].id" | sort -n)
	[ -n "$devs" ] && [ -n "$regions" ] || { echo "FAIL: daxctl list shows nothing" >&2; exit 1; }
	want_devs=$(printf "%s\n" $devs all | sort | xargs)
	want_regions=$(printf "%s\n" $regions all | sort | xargs)
	rc=0
	check() {
		if [ "$2" = "$3" ]; then echo "ok: $1: '\''$3'\''"
		else echo "FAIL: $1: got '\''$3'\'', want '\''$2'\''" >&2; rc=1; fi
	}
	check "online-memory DEVICE" "$want_devs" "$(complete_words online-memory "")"
	check "reconfigure-device --mode=devdax DEVICE" "$want_devs" \
		"$(complete_words reconfigure-device --mode=devdax "")"
	check "list --dev=" "$want_devs" "$(complete_words list --dev = "")"
	check "list -d dax1" "$(printf "%s\n" $devs | grep "^dax1\." | sort | xargs)" \
		"$(complete_words list -d dax1)"
	check "create-device --region=" "$want_regions" "$(complete_words create-device --region = "")"
	check "list -r" "$want_regions" "$(complete_words list -r "")"
	exit $rc
' || failed=1

[ "$failed" = 0 ] || exit 1
echo "completion: all checks passed"
