#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once per kernel) the cached guest pieces of the real-kernel testbed:
#   $VMCACHE/<kernel>/vmlinux (or vmlinuz)   Debian's kernel, downloaded and unpacked only
#   $VMCACHE/<kernel>/base.cpio.gz          busybox, the dax modules, host bash/coreutils/jq
#                                            and the host libraries our daxctl links with
# usage: build-cache.sh 6.1|6.12 [-f]
# 6.1 is whatever bookworm's linux-image-amd64 depends on (the host's apt sources); 6.12 comes
# from trixie through apt/trixie.list and private apt options (lists and cache in
# $VMCACHE/apt-trixie). VMCACHE defaults to /var/cache/daxctl-test/vm. Needs root, network on
# first use. The cache is rebuilt when this script, apt/trixie.list or guest/init change, or
# with -f.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: build-cache.sh 6.1|6.12 [-f]}
FORCE=${2:-}
VMCACHE=${VMCACHE:-${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/vm}
C=$VMCACHE/$K
stamp=$C/.ok-$(cat "$0" "$HERE/apt/trixie.list" "$HERE/guest/init" | md5sum | cut -c1-12)
[ -f "$stamp" ] && [ "$FORCE" != -f ] && exit 0
mkdir -p "$C/deb"
exec 8>"$C/.lock"
flock 8
[ -f "$stamp" ] && [ "$FORCE" != -f ] && exit 0

apt_opts=()
case $K in
6.1) ;;
6.12)
	A=$VMCACHE/apt-trixie
	mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
	apt_opts=(-o Dir::Etc::SourceList="$HERE/apt/trixie.list" -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache"
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1)
	ls "$A"/lists/*_Packages >/dev/null 2>&1 || apt-get "${apt_opts[@]}" update -qq
	;;
*) echo "build-cache.sh: kernel must be 6.1 or 6.12, not '$K'" >&2; exit 2 ;;
esac

# The exact image package behind the suite's linux-image-amd64 meta package.
image_pkg() {
	apt-cache "${apt_opts[@]}" depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ && !f { print $2; f = 1 }'
}
pkg=$(image_pkg)
if [ -z "$pkg" ]; then apt-get "${apt_opts[@]}" update -qq; pkg=$(image_pkg); fi
[ -n "$pkg" ] || { echo "build-cache.sh: no kernel package found for $K" >&2; exit 1; }
kver=${pkg#linux-image-}
if ! ls "$C/deb/${pkg}_"*.deb >/dev/null 2>&1; then
	rm -f "$C"/deb/*.deb
	(cd "$C/deb" && apt-get "${apt_opts[@]}" download -qq "$pkg")
fi

X=$C/unpacked
rm -rf "$X"
mkdir -p "$X"
dpkg-deb -x "$C"/deb/"${pkg}"_*.deb "$X"
[ -e "$X/lib" ] || ln -s usr/lib "$X/lib"   # trixie: merged /usr
moddir=$X/lib/modules/$kver
depmod -b "$X" "$kver"
cp "$X/boot/config-$kver" "$C/config"
cp "$X/boot/vmlinuz-$kver" "$C/vmlinuz"

# qemu can boot the uncompressed ELF through its PVH entry note, which skips the real-mode
# setup and the decompressor: about half the TCG boot time. Find the payload by its magic.
rm -f "$C/vmlinux"
if grep -q '^CONFIG_PVH=y' "$C/config"; then
	if grep -q '^CONFIG_KERNEL_ZSTD=y' "$C/config"; then
		magic=$'\x28\xb5\x2f\xfd' dec=(zstd -dcq)
	else
		magic=$'\xfd7zXZ\x00' dec=(xz -dcq --single-stream)
	fi
	at=$(LC_ALL=C grep -abo "$magic" "$C/vmlinuz" | head -1 | cut -d: -f1 || true)
	if [ -n "$at" ]; then
		tail -c +$((at + 1)) "$C/vmlinuz" | "${dec[@]}" >"$C/vmlinux" 2>/dev/null || true
	fi
	[ "$(head -c 4 "$C/vmlinux" 2>/dev/null)" = $'\x7fELF' ] || rm -f "$C/vmlinux"
fi

# ---- the base initramfs ----
S=$C/stage
rm -rf "$S"
mkdir -p "$S"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,mnt,etc,root,lib64,lib/x86_64-linux-gnu,usr/lib/x86_64-linux-gnu}
cp /bin/busybox "$S/bin/busybox"
ln -s busybox "$S/bin/sh"
echo "$kver" >"$S/etc/vm-kernel-release"
echo "root:x:0:0:root:/root:/bin/sh" >"$S/etc/passwd"
echo "nobody:x:65534:65534:nobody:/nonexistent:/bin/sh" >>"$S/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$S/etc/group"

# dax modules and what they depend on, plus 9p for the shared build tree. busybox modprobe
# wants plain .ko files, so compressed ones are unpacked.
mods="dax_hmem device_dax kmem dax_pmem nd_pmem nd_e820 virtio_pci 9p 9pnet_virtio"
for m in $mods; do
	modprobe -C /dev/null -d "$X" -S "$kver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
	rel=lib/modules/$kver/${ko#*/modules/"$kver"/}
	mkdir -p "$S/$(dirname "$rel")"
	case $ko in
	*.xz) xz -dc "$ko" >"$S/${rel%.xz}" ;;
	*.zst) zstd -dcq "$ko" >"$S/${rel%.zst}" ;;
	*) cp "$ko" "$S/$rel" ;;
	esac
done
for f in modules.builtin modules.builtin.modinfo; do cp "$moddir/$f" "$S/lib/modules/$kver/"; done
sed -E 's/\.ko\.(xz|zst)$/.ko/' "$moddir/modules.order" >"$S/lib/modules/$kver/modules.order"
depmod -b "$S" "$kver"
for m in $mods; do
	[ -n "$(find "$S/lib/modules" -name "$(echo "$m" | tr _ '?').ko")" ] ||
		grep -q "/$(echo "$m" | tr _ '.').ko$" "$moddir/modules.builtin" ||
		{ echo "build-cache.sh: module $m missing from $pkg" >&2; exit 1; }
done

# Host tools for the guest scripts, so that a scenario prints the same bytes in the guest as in
# daxsim on the host, and the host libraries our daxctl needs (glibc, json-c, kmod, uuid).
tools="bash cat ls stat readlink printf sort head tail tr cut wc basename dirname mkdir rm
	seq sleep env timeout grep sed awk jq setpriv mount umount find xargs diff md5sum true false"
objs=()
for t in $tools; do
	p=$(type -P "$t" || true)
	case $p in /*) objs+=("$(readlink -f "$p")") ;; *) echo "build-cache.sh: host tool $t missing" >&2; exit 1 ;; esac
	install -D -m 0755 "$(readlink -f "$p")" "$S/usr/bin/$t"
done
ldcache=$(ldconfig -p)
for l in libjson-c.so.5 libkmod.so.2 libuuid.so.1 libdl.so.2 libpthread.so.0 librt.so.1 libm.so.6; do
	p=$(awk -v l="$l" '$1 == l && /x86-64/ { print $NF; exit }' <<<"$ldcache")
	[ -n "$p" ] || { echo "build-cache.sh: host library $l missing" >&2; exit 1; }
	objs+=("$p")
done
for o in "${objs[@]}"; do echo "$o"; ldd "$o" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib64/ { print $1 }'; done |
	sort -u | while read -r lib; do
		case $lib in /usr/bin/* | /bin/*) continue ;; esac
		install -D -m 0755 "$(readlink -f "$lib")" "$S/lib/x86_64-linux-gnu/$(basename "$lib")"
	done
cp -L /lib64/ld-linux-x86-64.so.2 "$S/lib64/"
# Some tools are symlinks to a multi-call binary (none in coreutils here); awk is mawk.
cp "$HERE/guest/init" "$S/init"
chmod 0755 "$S/init"
(cd "$S" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) >"$C/base.cpio.gz"
rm -rf "$X" "$S"
rm -f "$C"/.ok-*
touch "$stamp"
echo "build-cache.sh: $K ready in $C (kernel $kver)" >&2
