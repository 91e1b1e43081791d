#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Set up a fresh Debian 12 machine: install every build and test dependency from Debian's
# archive, build, and run the main job (`daxctl list -RDMu` inside daxsim's default machine).
#   ./bootstrap.sh          install, build, run the main job
#   ./bootstrap.sh --deps   install the dependencies only
set -eu
cd "$(dirname "$0")"

# One package per line: what it is for.
packages="
build-essential      compiler and libc headers
meson                build system
ninja-build          build backend
pkg-config           dependency lookup
libkmod-dev          libdaxctl: module loading
uuid-dev             libdaxctl: uuids
libjson-c-dev        daxctl: JSON output
libfuse3-dev         daxsim: the simulated sysfs
fuse3                daxsim: /dev/fuse users, fusermount3
util-linux           lsmem, unshare, setpriv in tests
asciidoctor          man pages
man-db               tests: man pages after install
bash-completion      completion directory
systemd              systemd-escape for the unit; on bookworm also systemd.pc (unit directory)
strace               benchmarks: syscall counts
jq                   tests: JSON assertions
numactl              tests: numactl -H reads daxsim's NUMA nodes
python3              tests: result counting
qemu-system-x86      real-kernel testbed
busybox-static       real-kernel testbed: guest userland
cpio                 real-kernel testbed: initramfs
zstd                 real-kernel testbed: 6.12 kernel image
xz-utils             real-kernel testbed: 6.12 modules
kmod                 real-kernel testbed: depmod
debhelper            packaging: dpkg-buildpackage
dpkg-dev             packaging
fakeroot             packaging
clang                fuzzing the config parser
debootstrap          packaging suite: clean bookworm and trixie build chroots
"
# What moved between releases: udev.pc and systemd.pc (where udev rules and units go) are in
# udev and systemd on bookworm, in systemd-dev from trixie on; clang's fuzzer runtime is in
# the libclang-rt package of the release's default clang.
. /etc/os-release
case "${VERSION_CODENAME:-}" in
bookworm) packages="$packages
udev                 udev.pc: the udev rules directory
libmemkind-progs     tests: memkind-auto-dax-kmem-nodes reads daxsim's kmem nodes (not in trixie)
libclang-rt-14-dev   clang 14's libFuzzer and sanitizer runtimes
" ;;
trixie) packages="$packages
systemd-dev          udev.pc and systemd.pc: the udev rules and unit directories
libclang-rt-19-dev   clang 19's libFuzzer and sanitizer runtimes
" ;;
*) echo "bootstrap: ${PRETTY_NAME:-this system} is not Debian 12 (bookworm) or 13 (trixie)" >&2; exit 1 ;;
esac

need=$(echo "$packages" | awk 'NF {print $1}')
missing=
for p in $need; do
	[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	log=$(mktemp)
	echo "bootstrap: installing$missing" >&2
	if ! { $SUDO apt-get update -qq &&
	       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
		cat "$log" >&2; rm -f "$log"
		echo "bootstrap: installing packages failed" >&2; exit 1
	fi
	rm -f "$log"
fi
[ "${1:-}" = --deps ] && exit 0

[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/daxsim/daxsim run -- build/daxctl/daxctl list -RDMu
