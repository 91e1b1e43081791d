#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dax-memmap-dkms package, proven as a user would use it: in the clean chroot of the
# guest kernel's release (test/install/chroot.sh: bookworm for 6.1, trixie for 6.12, cached;
# every step runs on a throw-away overlay of it, never on the host system),
#  1. build the package from a copy of the source tree (dpkg-buildpackage -A, nocheck);
#  2. install dkms and the guest kernel's own headers (the linux-headers and linux-kbuild
#     packages build-module.sh downloaded, so exactly the booted kernel's ABI) with apt;
#  3. install dax-memmap-dkms with apt: its postinst has DKMS build and install the module
#     for that kernel (dkms.conf's make invocation); check `dkms status` and the file;
#  4. remove the package: its prerm has DKMS remove the module again;
# then boot the guest kernel and load the module DKMS built: vermagic, a region made from
# memmap= memory, device_dax bound, removal, rmmod, /proc/iomem as before.
#   dkms.sh 6.1|6.12      prints "dkms K: N passed, N failed"
# Env: DAXCTL_SRC. Needs root, debootstrap and network to Debian's archive on first use.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:?usage: dkms.sh 6.1|6.12}
SRC=${DAXCTL_SRC:-$(cd "$HERE/../.." && pwd)}
export DAXCTL_SRC=$SRC
VMCACHE=${VMCACHE:-${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/vm}
. "$HERE/lib/prereq.sh"
vm_prereq || exit $?
command -v debootstrap >/dev/null || { echo "SKIP: dkms.sh needs debootstrap (./bootstrap.sh --deps)"; exit 77; }
vm_cache "$K" || exit $?
case $K in
6.1) suite=bookworm ;;
6.12) suite=trixie ;;
*) echo "dkms: unknown kernel $K" >&2; exit 2 ;;
esac
# build-module.sh downloads the kernel's headers (and builds our test module, unused here)
"$HERE/build-module.sh" "$K" >/dev/null || exit 1
rel=$(ls "$VMCACHE/$K/kbuild/deb" | sed -n 's/^linux-headers-\(.*-amd64\)_.*/\1/p')
hdrs=()
for f in "$VMCACHE/$K/kbuild/deb"/linux-{headers,kbuild}-*.deb; do hdrs+=("/hdr/${f##*/}"); done
[ ${#hdrs[@]} = 3 ] || { echo "dkms: the headers of $K are not in $VMCACHE/$K/kbuild/deb" >&2; exit 1; }
base=$("$SRC/test/install/chroot.sh" "$suite") || { echo "dkms: no $suite chroot" >&2; exit 1; }

# The package is built once per suite and sources (kernel/, debian/); apt's downloads are
# kept between runs (the chroot itself stays as it was made)
key=$(cd "$SRC" && cat kernel/* debian/control debian/changelog debian/rules debian/dax-memmap-dkms.* |
	sha256sum | cut -c1-12)
pkgcache=$VMCACHE/dkms
mkdir -p "$pkgcache/apt-$suite/partial"
tmp=$(mktemp -d /tmp/daxctl-dkms.XXXXXX)
trap 'rm -rf --one-file-system "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/out" "$tmp/upper" "$tmp/work" "$tmp/root"
cached=$pkgcache/dax-memmap-dkms-$suite-$key.deb
[ ! -f "$cached" ] || cp "$cached" "$tmp/out/dax-memmap-dkms.deb"
tar -C "$SRC" -cf - --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
	--exclude=./debian/tmp --exclude=./debian/.debhelper --exclude=./debian/files \
	--exclude='./debian/*.substvars' --exclude='./debian/*.debhelper*' \
	--exclude=./debian/libdaxctl1 --exclude=./debian/libdaxctl-dev --exclude=./debian/daxctl \
	--exclude=./debian/daxsim --exclude=./debian/dax-memmap-dkms . | tar -C "$tmp/src" -xf -

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi; }

# The chroot steps (lib/dkms-chroot.sh) run on an overlay in a private mount namespace.
t0=$SECONDS
unshare -m --propagation private sh -c '
	mount -t overlay overlay -o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" "$2/root" &&
	mount -t proc proc "$2/root/proc" && mount --rbind /dev "$2/root/dev" &&
	mount -t tmpfs tmpfs "$2/root/tmp" &&
	mkdir -p "$2/root/src" "$2/root/hdr" "$2/root/out" &&
	mount --bind -o ro "$2/src" "$2/root/src" && mount --bind -o ro "$3" "$2/root/hdr" &&
	mount --bind "$2/out" "$2/root/out" &&
	mount --bind "$4" "$2/root/var/cache/apt/archives" && shift 4 && exec chroot "$@"' \
	sh "$base" "$tmp" "$VMCACHE/$K/kbuild/deb" "$pkgcache/apt-$suite" "$tmp/root" /bin/sh /src/test/vm/lib/dkms-chroot.sh "$rel" "${hdrs[@]}" \
	>"$tmp/chroot.log" 2>&1
rc=$?
cat "$tmp/chroot.log"
echo "# chroot steps: $((SECONDS - t0)) s"
check "the $suite chroot steps exit 0" "$rc" 0
deb=$tmp/out/dax-memmap-dkms.deb
check "dpkg-buildpackage made dax-memmap-dkms" "$(dpkg-deb -f "$deb" Package Architecture 2>/dev/null | tr '\n' ' ')" \
	"Package: dax-memmap-dkms Architecture: all "
if [ -f "$deb" ] && [ ! -f "$cached" ]; then
	rm -f "$pkgcache/dax-memmap-dkms-$suite-"*.deb
	cp "$deb" "$cached"
fi
check "DKMS built and installed the module for $rel" \
	"$(sed -n 's/^status: //p' "$tmp/chroot.log")" "dax-memmap/1.0, $rel, x86_64: installed"
ko=$(ls "$tmp/out"/dax_memmap.ko* 2>/dev/null | head -n 1)
check "the module is in /lib/modules/$rel/updates/dkms" "${ko:+yes}" yes
check "removing the package removes it from DKMS" "$(sed -n 's/^status after removal: //p' "$tmp/chroot.log")" ""
check "and its module file" "$(grep -c '^left: dax_memmap' "$tmp/chroot.log")" 0
if [ -n "$ko" ]; then
	case $ko in
	*.xz) xz -d "$ko" ;;
	*.zst) zstd -q -d --rm "$ko" ;;
	*.gz) gzip -d "$ko" ;;
	esac
	ko=$tmp/out/dax_memmap.ko
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
	check "vermagic of the DKMS-built module" "${vm%% *}" "$rel"
	cat >"$tmp/guest.sh" <<'EOF'
D=/sys/bus/platform/drivers/dax_memmap
iomem=$(</proc/iomem)
insmod /guest/dax_memmap.ko && echo "load: ok"
echo "start=0x100000000 size=1G align=1G" >$D/create && echo "create: ok"
echo "dax0.0: $(</sys/bus/dax/devices/dax0.0/size) $(cd -P /sys/bus/dax/devices/dax0.0/driver && echo ${PWD##*/})"
echo 0 >$D/remove && echo "remove: ok"
rmmod dax_memmap && echo "rmmod: ok"
[ "$(</proc/iomem)" = "$iomem" ] && echo "iomem: as before"
EOF
	out=$("$HERE/run-guest.sh" -k "$K" -m '1G$0x100000000' -f "$ko" "$tmp/guest.sh" 2>&1)
	echo "$out" | sed 's/^/# guest: /'
	for l in "load: ok" "create: ok" "dax0.0: 1073741824 device_dax" "remove: ok" "rmmod: ok" "iomem: as before"; do
		case $'\n'$out$'\n' in *$'\n'"$l"$'\n'*) ok "guest $K, DKMS-built module: $l" ;; *) bad "guest $K, DKMS-built module: $l" ;; esac
	done
fi
echo "dkms $K: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
