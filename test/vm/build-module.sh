#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the dax_memmap module (kernel/) for a guest kernel of the testbed, from Debian's own
# headers fetched with `apt-get download` and unpacked into the cache (never installed).
#   build-module.sh 6.1|6.12      prints the path of the cached dax_memmap.ko on stdout
# Cached in $VMCACHE/<kernel>/kbuild/ (the unpacked headers and kbuild tools, per kernel
# package) and $VMCACHE/<kernel>/module-<hash>/ (hash of the module sources, this script and
# the kernel release): each module is built once per source change and kernel.
# How the builds work on a bookworm host (facts in kernel/README.md):
# - the -amd64 headers' Makefile includes the -common one by its /usr/src path: repointed;
# - the kbuild helpers (fixdep, modpost, objtool, ...) run through a loader with the
#   suite's own libc and libelf (downloaded): trixie's need glibc 2.38, bookworm has 2.36;
# - 6.12 was built with gcc-14, absent on bookworm: bookworm's gcc-12 builds the module,
#   with gcc-14's -fmin-function-alignment=N given as -falign-functions=N (the kernel
#   Makefile's own fallback), and no BTF for the module (no pahole needed).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../../kernel" && pwd)
K=${1:?usage: build-module.sh 6.1|6.12}
VMCACHE=${VMCACHE:-${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/vm}
C=$VMCACHE/$K
"$HERE/build-cache.sh" "$K" 2> >(grep -v unsandboxed >&2)
exec 9>"$C/.module.lock"
flock 9

apt_opts=()
case $K in
6.1) libs="libelf1" ;;
6.12)
	A=$VMCACHE/apt-trixie
	apt_opts=(-o Dir::Etc::SourceList="$HERE/apt/trixie.list" -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache"
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1)
	libs="libc6 libelf1t64"
	;;
*) echo "build-module.sh: kernel must be 6.1 or 6.12, not '$K'" >&2; exit 2 ;;
esac
# the kernel release the guest boots: from the image package build-cache.sh fetched
deb=$(ls "$C"/deb/linux-image-*.deb | head -1)
pkg=$(basename "$deb")
pkg=${pkg%%_*}
kver=${pkg#linux-image-}

hash=$(cat "$0" "$SRC"/Kbuild "$SRC"/*.c "$SRC"/*.h | md5sum | cut -c1-12)
out=$C/module-$kver-$hash
if [ -f "$out/dax_memmap.ko" ]; then echo "$out/dax_memmap.ko"; exit 0; fi

KB=$C/kbuild
if [ ! -f "$KB/.ok-$kver" ]; then
	rm -rf "$KB"
	mkdir -p "$KB/deb" "$KB/root"
	hdr=linux-headers-$kver
	# the -common and linux-kbuild packages the headers depend on
	deps=$(apt-cache "${apt_opts[@]}" depends "$hdr" 2>/dev/null |
		awk '$1 ~ /Depends:/ && $2 ~ /^linux-(headers-.*-common|kbuild-)/ { print $2 }' | sort -u)
	[ -n "$deps" ] || { echo "build-module.sh: no headers for $kver in apt" >&2; exit 1; }
	# shellcheck disable=SC2086
	(cd "$KB/deb" && apt-get "${apt_opts[@]}" download -qq "$hdr" $deps $libs 2> >(grep -v unsandboxed >&2))
	for d in "$KB"/deb/*.deb; do dpkg-deb -x "$d" "$KB/root"; done
	R=$KB/root
	sed -i "s#^include /usr/src/#include $R/usr/src/#" "$R/usr/src/$hdr/Makefile"
	case $K in
	6.1) loader=$(readlink -f /lib64/ld-linux-x86-64.so.2) ;;
	6.12) loader=$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 ;;
	esac
	libpath=$R/usr/lib/x86_64-linux-gnu:$R/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu
	kb=$(dirname "$(readlink -f "$R/usr/src/$hdr/scripts")")
	# tool -> the ELF that does the work (Debian's modpost and objtool are small
	# dispatchers that exec a per-architecture binary next to them)
	for t in scripts/basic/fixdep:scripts/basic/fixdep scripts/mod/modpost:scripts/mod/modpost.real-lsb-64 \
		tools/objtool/objtool:tools/objtool/objtool.real-x86 scripts/genksyms/genksyms:scripts/genksyms/genksyms \
		scripts/recordmcount:scripts/recordmcount; do
		t1=$kb/${t%%:*} t2=$kb/${t#*:}
		[ -e "$t2" ] || continue
		if [ "$t1" = "$t2" ]; then mv "$t1" "$t1.elf"; t2=$t1.elf; fi
		printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' "$loader" "$libpath" "$t2" >"$t1"
		chmod 0755 "$t1"
	done
	printf '#!/bin/sh\n# gcc-12 for a kernel built with gcc-14: its one gcc-14-only flag, mapped\nfor a; do shift; case $a in -fmin-function-alignment=*) a=-falign-functions=${a#*=} ;; esac; set -- "$@" "$a"; done\nexec gcc-12 "$@"\n' >"$KB/gcc"
	chmod 0755 "$KB/gcc"
	touch "$KB/.ok-$kver"
fi

command -v gcc-12 >/dev/null || { echo "build-module.sh: gcc-12 (build-essential) is missing" >&2; exit 1; }
command -v make >/dev/null || { echo "build-module.sh: make (build-essential) is missing" >&2; exit 1; }
work=$C/module-build
rm -rf "$work"
mkdir -p "$work"
cp "$SRC"/Kbuild "$SRC"/*.c "$SRC"/*.h "$work/"
cc=gcc-12
[ "$K" = 6.12 ] && cc=$KB/gcc
if ! make -s -C "$KB/root/usr/src/linux-headers-$kver" M="$work" CC="$cc" \
	CONFIG_DEBUG_INFO_BTF_MODULES= modules >"$work/build.log" 2>&1; then
	cat "$work/build.log" >&2
	echo "build-module.sh: building dax_memmap for $kver failed" >&2
	exit 1
fi
vm=$(modinfo -F vermagic "$work/dax_memmap.ko")
case $vm in "$kver "*) ;; *) echo "build-module.sh: vermagic '$vm' is not $kver" >&2; exit 1 ;; esac
rm -rf "$C"/module-"$kver"-*
mkdir -p "$out"
cp "$work/dax_memmap.ko" "$out/"
rm -rf "$work"
echo "build-module.sh: dax_memmap built for $kver" >&2
echo "$out/dax_memmap.ko"
