# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for daxctl(1).
#
# Command names come from `daxctl --list-cmds` and option names from
# `daxctl COMMAND --list-opts`, so the completion follows the installed binary.
# Values: --mode= gives the two modes, --region= the region ids and --dev= (and the
# positional argument of the per-device commands) the device names found under
# /sys/bus/dax/devices (and the legacy /sys/class/dax), plus the keyword "all".

# The daxctl to ask: the one on the command line being completed (so a build-tree
# binary completes its own commands), else the one in PATH.
__daxctl_bin()
{
	local bin=${COMP_WORDS[0]}
	[[ $bin == */* && -x $bin ]] || bin=daxctl
	printf '%s\n' "$bin"
}

__daxctl_devices()
{
	local d
	for d in /sys/bus/dax/devices/dax*.* /sys/class/dax/dax*.*; do
		[[ -e $d ]] && printf '%s\n' "${d##*/}"
	done | sort -u -V
}

__daxctl_regions()
{
	local dev
	for dev in $(__daxctl_devices); do
		dev=${dev#dax}
		printf '%s\n' "${dev%%.*}"
	done | sort -u -n
}

# The values that OPTION (long or short form) takes, one per line; returns 1 when
# OPTION takes no value this completion knows about.
__daxctl_values()
{
	case $1 in
	-m | --mode)
		printf '%s\n' devdax system-ram ;;
	-r | --region)
		__daxctl_regions; printf 'all\n' ;;
	-d | --dev)
		__daxctl_devices; printf 'all\n' ;;
	--input)
		compgen -f -- "$2" ;;
	-s | --size | -a | --align | -p | --pxm | -n | --nodes | --directory)
		;;
	*)
		return 1 ;;
	esac
	return 0
}

# Options that need a value in the next word when written without '='.
__daxctl_takes_value()
{
	case $1 in
	-m | --mode | -r | --region | -d | --dev | --input | -s | --size | -a | --align | \
	-p | --pxm | -n | --nodes | --directory)
		return 0 ;;
	esac
	return 1
}

__daxctl_reply()
{
	local cur=$1; shift
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$*" -- "$cur"))
}

_daxctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD-1]}
	local bin cmd i opt val prefix values

	COMPREPLY=()
	bin=$(__daxctl_bin)

	# The command is the first word after the program name that is not an option.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			cmd=${COMP_WORDS[i]}
			break
		fi
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			__daxctl_reply "$cur" --version --help --list-cmds
		else
			__daxctl_reply "$cur" "$("$bin" --list-cmds 2>/dev/null)"
		fi
		return 0
	fi

	# An option value. With '=' in COMP_WORDBREAKS (the default) "--mode=sy" arrives as
	# the three words "--mode" "=" "sy"; without it, as the single word "--mode=sy".
	opt= val= prefix=
	if [[ $cur == = && $prev == -* ]]; then
		opt=$prev val=
	elif [[ $prev == = && $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD-2]} == -* ]]; then
		opt=${COMP_WORDS[COMP_CWORD-2]} val=$cur
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} val=${cur#*=} prefix=$opt=
	elif [[ $prev == -* ]] && __daxctl_takes_value "$prev"; then
		opt=$prev val=$cur
	fi
	if [[ -n $opt ]]; then
		if values=$(__daxctl_values "$opt" "$val"); then
			__daxctl_reply "$val" "$values"
			if [[ -n $prefix ]]; then
				COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
			fi
			return 0
		fi
		[[ $cur == --*=* ]] && return 0
	fi

	if [[ $cur == -* ]]; then
		values=$("$bin" "$cmd" --list-opts 2>/dev/null | tr ' \t' '\n\n')
		__daxctl_reply "$cur" "$values"
		# An option that ends in '=' waits for its value: no space after it.
		if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
			compopt -o nospace 2>/dev/null
		fi
		return 0
	fi

	case $cmd in
	help)
		__daxctl_reply "$cur" "$("$bin" --list-cmds 2>/dev/null)" ;;
	reconfigure-device | online-memory | offline-memory | enable-device | \
	disable-device | destroy-device)
		__daxctl_reply "$cur" "$(__daxctl_devices; printf 'all\n')" ;;
	esac
	return 0
}

complete -F _daxctl daxctl
