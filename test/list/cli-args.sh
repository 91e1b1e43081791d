#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad and odd command lines (cli-args.cases) compared with upstream 76.1 and 81, on the
# default daxsim machine; then the dispatcher's own outputs that differ on purpose.
set -u
for v in DAXSIM DAXCTL UPSTREAM_DAXCTL_76 UPSTREAM_DAXCTL_81; do
	[ -n "${!v:-}" ] || { echo "cli-args.sh: \$$v is not set" >&2; exit 1; }
done
for u in "$UPSTREAM_DAXCTL_76" "$UPSTREAM_DAXCTL_81"; do
	[ -x "$u" ] || { echo "SKIP: no upstream daxctl at $u (run test/upstream/fetch.sh)"; exit 77; }
done
if [ "${1:-}" = --inside ]; then
	out=$2 n=0
	: > "$out/args"
	while IFS= read -r line; do
		case $line in '#'*|'') continue;; esac
		n=$((n + 1))
		echo "$line" >> "$out/args"
		eval "set -- $line"
		for impl in ours:$DAXCTL 76:$UPSTREAM_DAXCTL_76 81:$UPSTREAM_DAXCTL_81; do
			${impl#*:} "$@" > "$out/$n.${impl%%:*}.out" 2> "$out/$n.${impl%%:*}.err" < /dev/null
			echo $? > "$out/$n.${impl%%:*}.rc"
		done
	done < "$DAXCTL_SRC/test/list/cli-args.cases"
	# a failed write to stdout: the message (no newline) and exit 1
	n=$((n + 1))
	echo "list -RDM > /dev/full" >> "$out/args"
	for impl in ours:$DAXCTL 76:$UPSTREAM_DAXCTL_76 81:$UPSTREAM_DAXCTL_81; do
		${impl#*:} list -RDM > /dev/full 2> "$out/$n.${impl%%:*}.err"
		echo $? > "$out/$n.${impl%%:*}.rc"
		: > "$out/$n.${impl%%:*}.out"
	done
	exit 0
fi
out=$(mktemp -d /tmp/daxctl-args-XXXXXX)
trap 'rm -rf "$out"' EXIT
"$DAXSIM" run -- bash "$0" --inside "$out" || { echo "cli-args.sh: daxsim run failed" >&2; exit 1; }
python3 "$DAXCTL_SRC/test/list/compare.py" "$out" --list-verbose || exit 1

fail=0
# --version / version: the bare version, exit 0 (upstream 81's value)
for a in --version -v version; do
	got=$("$DAXCTL" $a); rc=$?
	want=$("$UPSTREAM_DAXCTL_81" $a)
	[ "$got" = "$want" ] && [ $rc = 0 ] || { echo "FAIL: daxctl $a printed '$got' (exit $rc), want '$want'"; fail=1; }
done
# --list-cmds: upstream's list without split-acpi (not implemented, see the README)
want=$("$UPSTREAM_DAXCTL_81" --list-cmds | grep -vx split-acpi)
got=$("$DAXCTL" --list-cmds); rc=$?
if [ "$got" != "$want" ] || [ $rc != 0 ]; then
	echo "FAIL: --list-cmds (exit $rc):"; diff <(echo "$want") <(echo "$got"); fail=1
fi
# every command's --list-opts equals upstream's (exit 130, no newline); list has -v more,
# reconfigure-device --memmap-on-memory
for c in $(echo "$want"); do
	[ "$c" = help ] || [ "$c" = version ] && continue
	"$DAXCTL" "$c" --list-opts > "$out/lo.ours"; rc=$?
	"$UPSTREAM_DAXCTL_81" "$c" --list-opts > "$out/lo.81"
	if [ "$c" = list ]; then
		grep -q -- '--human --verbose $' "$out/lo.ours" ||
			{ echo "FAIL: list --list-opts lacks --verbose: '$(cat "$out/lo.ours")'"; fail=1; }
		sed -i 's/--human --verbose $/--human /' "$out/lo.ours"
	fi
	if [ "$c" = reconfigure-device ]; then
		grep -q -- '--no-movable --memmap-on-memory $' "$out/lo.ours" ||
			{ echo "FAIL: reconfigure-device --list-opts lacks --memmap-on-memory: '$(cat "$out/lo.ours")'"; fail=1; }
		sed -i 's/--no-movable --memmap-on-memory $/--no-movable /' "$out/lo.ours"
	fi
	cmp -s "$out/lo.ours" "$out/lo.81" && [ $rc = 130 ] ||
		{ echo "FAIL: $c --list-opts (exit $rc): '$(cat "$out/lo.ours")' want '$(cat "$out/lo.81")'"; fail=1; }
done
# help COMMAND and COMMAND --help open the man page through man(1) (a stub here)
mkdir -p "$out/bin"
printf '#!/bin/sh\necho "man $*" > "%s/man.called"\necho "MANPATH=$MANPATH" >> "%s/man.called"\n' \
	"$out" "$out" > "$out/bin/man"
chmod +x "$out/bin/man"
for a in "help list" "list --help" "--help list"; do
	rm -f "$out/man.called"
	# shellcheck disable=SC2086
	PATH=$out/bin:$PATH MANPATH= "$DAXCTL" $a; rc=$?
	if [ $rc != 0 ] || ! grep -qx "man daxctl-list" "$out/man.called" 2>/dev/null; then
		echo "FAIL: daxctl $a did not run 'man daxctl-list' (exit $rc)"; fail=1
	fi
done
grep -q '^MANPATH=.*share/man:$' "$out/man.called" ||
	{ echo "FAIL: MANPATH for man: $(grep MANPATH "$out/man.called")"; fail=1; }
# Without the man page (a container image: man finds nothing, or there is no man at all),
# help COMMAND and COMMAND --help print the command's usage on stdout and exit 0.
mkdir -p "$out/noman" "$out/nopage"
printf '#!/bin/sh\n[ "$1" = -w ] && { echo "No manual entry for $2" >&2; exit 16; }\necho "man ran" > "%s/man.ran"\n' \
	"$out" > "$out/nopage/man"
chmod +x "$out/nopage/man"
for bin in nopage noman; do
	for a in "help create-device" "create-device --help" "--help create-device"; do
		rm -f "$out/man.ran"
		# shellcheck disable=SC2086
		PATH=$out/$bin "$DAXCTL" $a >"$out/help.out" 2>"$out/help.err"; rc=$?
		if [ $rc != 0 ] || ! grep -qx ' usage: daxctl create-device \[<options>\]' "$out/help.out" ||
				! grep -q -- '-s, --size <size>' "$out/help.out" ||
				! grep -qx "daxctl: no manual page daxctl-create-device is installed; the usage of 'create-device':" "$out/help.err" ||
				[ -e "$out/man.ran" ]; then
			echo "FAIL: $bin: daxctl $a (exit $rc): $(cat "$out/help.out" "$out/help.err" | head -5)"; fail=1
		fi
	done
done
[ $fail = 0 ] && echo "dispatcher checks passed"
exit $fail
