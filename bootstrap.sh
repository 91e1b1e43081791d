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
libudev-dev          udev rules directory (pkg-config udev)
systemd              systemd unit directory (pkg-config systemd)
strace               benchmarks: syscall counts
jq                   tests: JSON assertions
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
"
need=$(echo "$packages" | awk 'NF {print $1}')
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $need 2>/dev/null | awk '$1 != "ii" {print $2}')
for p in $need; do dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$(echo $missing)" ]; then
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
exec build/test/daxsim/daxsim run -- build/daxctl/daxctl list -RDMu
