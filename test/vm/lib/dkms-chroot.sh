#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Inside the clean chroot of dkms.sh (sh, root, on a throw-away overlay): the source copy at
# /src (read-only), the guest kernel's header packages at /hdr (read-only), results in /out.
#   dkms-chroot.sh KERNEL-RELEASE HEADER-DEB...
set -e
# INITRD=No: trixie's headers depend on the kernel image, whose initramfs (useless in a
# chroot, and minutes of CPU) its hooks then skip
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 INITRD=No
rel=$1
shift
t0=$(date +%s)
step() { echo "== $* (at $(($(date +%s) - t0)) s)"; }
if [ -f /out/dax-memmap-dkms.deb ]; then
	step "dax-memmap-dkms as built before from these sources (dkms.sh's cache)"
else
	step "dpkg-buildpackage -us -uc -A"
	cp -a /src /tmp/daxctl
	(cd /tmp/daxctl && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -A) \
		>/out/build.log 2>&1 || { tail -40 /out/build.log; exit 1; }
	cp /tmp/dax-memmap-dkms_*_all.deb /out/dax-memmap-dkms.deb
fi
step "apt-get install dkms and the headers of $rel"
apt-get update -qq >/out/apt.log 2>&1 || { cat /out/apt.log; exit 1; }
apt-get install -y --no-install-recommends dkms "$@" >>/out/apt.log 2>&1 || { tail -40 /out/apt.log; exit 1; }
echo "headers: $(readlink /lib/modules/$rel/build)"
step "apt-get install dax-memmap-dkms"
apt-get install -y --no-install-recommends /out/dax-memmap-dkms.deb >/out/install.log 2>&1 ||
	{ tail -60 /out/install.log; exit 1; }
echo "status: $(dkms status -m dax-memmap -k "$rel")"
for f in /lib/modules/$rel/updates/dkms/dax_memmap.ko*; do
	[ -f "$f" ] || continue
	echo "module: $f"
	cp "$f" /out/
done
step "apt-get remove dax-memmap-dkms"
apt-get remove -y dax-memmap-dkms >/out/remove.log 2>&1 || { tail -40 /out/remove.log; exit 1; }
echo "status after removal: $(dkms status -m dax-memmap)"
ls /lib/modules/$rel/updates/dkms/ 2>/dev/null | sed 's/^/left: /'
step end
