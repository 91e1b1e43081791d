#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Replay a real-kernel capture inside daxsim and compare the transcripts section by section.
#   replay.sh [-k] [-o DIR] [-L LIBDIR] CASE [SECTION[:writes]]...
# CASE is a directory of expected/ (hmem-6.1, hmem-6.12, hmem-default-online-6.12,
# pmem-e820-6.1, pmem-nfit-6.1, two-hmem-idle-6.1, kmem-{default,offline}[-memmap_on_memory]-6.12,
# daxctl76-hmem-6.12: 76.1 as `daxctl76` and 81 on the hmem-6.12 machine). The scenario runs under busybox sh (the captures' shell, so
# the ls/stat/error texts match) with Debian's daxctl of that kernel (76.1 or 81, from
# test/upstream/fetch.sh) first in PATH, in `daxsim run --kernel K --topology capture-CASE.topo`.
# Each SECTION named must match the capture after normalisation; SECTION:writes compares
# only the raw-write rows ("write ... => result"). Sections not named are compared too and
# reported, but do not decide the exit status. -k keeps the work directory; -o DIR writes
# the transcripts and diffs there; -L LIBDIR runs upstream's daxctl on the libdaxctl.so.1 in
# LIBDIR (DAXCTL_LIBDIR of the wrapper: the drop-in check of our library).
# Normalised on both sides, because it cannot match: ls dates, owner names (the guest had no
# /etc/passwd), the shell script name and line in busybox's "can't create" messages, the
# lines read from dmesg, /proc/iomem and /proc/meminfo (not simulated), and the link count of
# /sys/devices/platform, /sys/bus and an nd regionN (they hold devices outside the model);
# the dax character major (daxsim uses one the host has not registered, the captured kernels
# had 252); the `uname`, `cat /proc/cmdline` and `modprobe` steps are dropped (the topology stands
# for them). Exit 0 all named sections
# match, 1 a difference, 77 a prerequisite is missing.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
keep=no out= libdir=
while getopts ko:L: o; do
	case $o in k) keep=yes ;; o) out=$OPTARG ;; L) libdir=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: replay.sh [-k] [-o DIR] [-L LIBDIR] CASE [SECTION[:writes]]..." >&2; exit 2; }
case=$1; shift
exp=$HERE/expected/$case
[ -d "$exp" ] || { echo "replay: no expected/$case" >&2; exit 2; }
TOPOLOGIES=${TOPOLOGIES:-$HERE/../topologies}
machine=$case
case $case in daxctl76-*) machine=${case#daxctl76-} ;; esac	# 76.1 and 81 on one machine
case $case in kmem-leak-*) machine=hmem-default-online-${case##*-} ;; esac	# the 6.12 default machine
topo=$TOPOLOGIES/capture-$machine.topo
case $case in
	*-6.1) kernel=6.1 daxctl=${UPSTREAM_DAXCTL_76:-/var/cache/daxctl-test/upstream/bin/daxctl-76.1} ;;
	*-6.12) kernel=6.12 daxctl=${UPSTREAM_DAXCTL_81:-/var/cache/daxctl-test/upstream/bin/daxctl-81} ;;
	*) echo "replay: $case: no kernel suffix" >&2; exit 2 ;;
esac
case $case in
	hmem*) scenario=hmem.sh ;;
	pmem*) scenario=pmem.sh ;;
	two-hmem-idle*) scenario=two-hmem-idle.sh ;;
	kmem-leak-*) scenario=kmem-leak.sh ;;
	kmem-*) scenario=kmem-default.sh ;;
	daxctl76-*) scenario=daxctl76-on-6.12.sh ;;
esac
DAXSIM=${DAXSIM:-}
[ -n "$DAXSIM" ] && [ -x "$DAXSIM" ] || { echo "SKIP: DAXSIM not set or not built"; exit 77; }
command -v script >/dev/null || { echo "SKIP: script (package bsdutils) missing"; exit 77; }
[ -x "$daxctl" ] || { echo "SKIP: $daxctl missing (run test/upstream/fetch.sh as root)"; exit 77; }
if [ -n "$libdir" ] && [ ! -e "$libdir/libdaxctl.so.1" ]; then
	echo "SKIP: no libdaxctl.so.1 in $libdir"; exit 77
fi
BUSYBOX=$(command -v busybox) || { echo "SKIP: busybox (package busybox-static) missing"; exit 77; }

work=$(mktemp -d /tmp/replay-$case.XXXXXX)
[ $keep = yes ] && echo "replay: work directory $work" || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/actual" "$work/expected"
for a in sh ls cat stat readlink grep tr find basename printf echo head test "[" mkdir rm; do
	ln -s "$BUSYBOX" "$work/bin/$a"
done
ln -s "$daxctl" "$work/bin/daxctl"
ln -s "${UPSTREAM_DAXCTL_76:-/var/cache/daxctl-test/upstream/bin/daxctl-76.1}" "$work/bin/daxctl76"
cat "$HERE/lib.sh" "$HERE/$scenario" > "$work/scenario.sh"
if [ -n "$libdir" ]; then	# prove that the loader takes LIBDIR's library
	DAXCTL_LIBDIR=$libdir LD_DEBUG=files LD_DEBUG_OUTPUT=$work/ld "$daxctl" version > /dev/null
	if ! cat "$work"/ld.* | grep -q "needed by $libdir/libdaxctl.so.1"; then
		echo "replay: FAIL: $daxctl does not load $libdir/libdaxctl.so.1"; exit 1
	fi
	echo "replay: $daxctl runs on $libdir/libdaxctl.so.1"
fi

# The captures ran on the guest's serial console: stdout was a terminal (line-buffered), so
# daxctl's JSON (stdout) and its "reconfigured 1 device" (stderr) appear in the order written.
# script(1) gives the run a pseudo-terminal too; its CRLF line ends are undone below.
printf '%q ' "$DAXSIM" run --kernel "$kernel" --topology "$topo" --log "$work/writes.log" -- \
	/usr/bin/env -i PATH="$work/bin" HOME=/ CAPTURE_KERNEL=$kernel REPLAY_ERR="$work/read-error" ${libdir:+DAXCTL_LIBDIR="$libdir"} \
	"$BUSYBOX" sh "$work/scenario.sh" > "$work/cmd"
script -qefc "$(cat "$work/cmd")" /dev/null < /dev/null > "$work/transcript.raw" 2>&1
run_rc=$?
echo "replay: daxsim run exited $run_rc ($(wc -l < "$work/transcript.raw") transcript lines)"
tr -d '\r' < "$work/transcript.raw" > "$work/transcript.txt"

normalise() {
	sed -E \
		-e 's/[A-Z][a-z]{2} [ 0-9][0-9] ([0-9]{2}:[0-9]{2}| [0-9]{4}) /DATE /' \
		-e 's/^([-dlcbps][-rwxsStT]{9} +[0-9]+ )root     root     /\10        0        /' \
		-e "s#[^][ (]*: line [0-9]+: can't#SCRIPT: can't#g" \
		-e '/^\[ *[0-9]+\.[0-9]+\] /d' \
		-e '/^ *[0-9a-f]+-[0-9a-f]+ : /d' \
		-e 's/(driver after kmem unbind with onlined block: .*) ; .*$/\1 ;/' \
		-e 's#^\$ [^ ]*/ld-linux-x86-64\.so\.2 --library-path [^ ]* [^ ]*/usr/bin/daxctl #$ daxctl76 #' \
		-e 's/ MemTotal: +[0-9]+ kB$/ MemTotal: (not simulated)/' \
		-e '/^Mem(Total|Free): +[0-9]+ kB$/d' \
		-e 's/dev=[0-9]+:/dev=MAJ:/g' -e 's/MAJOR=[0-9]+/MAJOR=MAJ/g' \
		-e 's/^(c[-rwxsStT]{9} +[0-9]+ +[^ ]+ +[^ ]+) +[0-9]+, +/\1 MAJ, /' \
		-e 's/[ \t]+$//' |
	# steps that are the topology's job in daxsim: boot options, module loading
	awk '/^\$ (cat \/proc\/cmdline|modprobe |uname )/ {skip = 1} !skip {print} skip && /^\[rc=[0-9]+\]$/ {skip = 0}' |
	# the link count of a directory that holds devices or buses daxsim does not model
	awk '/^## ls -la / {d = $4; sub("/$", "", d); sub("/[^/]*$", "", d)}
		/^d.* \.\.$/ && (d == "/sys/devices/platform" || d == "/sys/bus" || d ~ /\/ndbus[0-9]+\/region[0-9]+$/) {
			sub(/^d[^ ]* +[0-9]+/, sprintf("%s %4s", substr($0, 1, 10), "N"))}
		{print}'
}
writes() { grep -E '^write .* => ' "$@" || true; }

# split the transcript into sections
awk -v d="$work/actual" '/^===== FILE .* =====$/ {f = d "/" $3 ".txt"; printf "" > f; next}
	f {print > f}' "$work/transcript.txt"

# pmem: the capture ends with ndctl steps daxsim cannot model; compare up to them
for f in "$exp"/*.txt; do
	s=$(basename "$f" .txt)
	case $case in
		pmem*) sed '/^\$ ndctl /,$d' "$f" ;;
		*) cat "$f" ;;
	esac | normalise > "$work/expected/$s.txt"
	if [ -f "$work/actual/$s.txt" ]; then
		normalise < "$work/actual/$s.txt" > "$work/actual.tmp" && mv "$work/actual.tmp" "$work/actual/$s.txt"
	fi
done

required=" $* "
fail=0
for f in "$work"/expected/*.txt; do
	s=$(basename "$f" .txt)
	num=${s%%-*}
	a=$work/actual/$s.txt
	[ -f "$a" ] || : > "$a"
	full=PASS wr=PASS
	diff -u "$f" "$a" > "$work/$s.diff" || full=FAIL
	diff -u <(writes "$f") <(writes "$a") > "$work/$s.writes.diff" || wr=FAIL
	nw=$(writes "$f" | wc -l)
	verdict=info
	case $required in
		*" $num "*|*" $s "*) verdict=required; [ $full = PASS ] || fail=1 ;;
		*" $num:writes "*|*" $s:writes "*) verdict="required(writes)"; [ $wr = PASS ] || fail=1 ;;
	esac
	echo "replay: $case $s: whole section $full, $nw raw-write rows $wr [$verdict]"
	if [ $full = FAIL ] && [ "$verdict" != info ]; then
		if [ "$verdict" = required ]; then head -80 "$work/$s.diff"; else cat "$work/$s.writes.diff"; fi
	fi
done
if [ -n "$out" ]; then
	mkdir -p "$out"; cp -r "$work"/actual "$work"/expected "$work"/*.diff "$work/transcript.txt" "$work/writes.log" "$out/" 2>/dev/null
fi
if [ $run_rc -ne 0 ]; then	# the scenarios end with a command that succeeds
	echo "replay: FAIL: daxsim run exited $run_rc; end of the transcript:"; tail -20 "$work/transcript.raw"
	fail=1
fi
exit $fail
