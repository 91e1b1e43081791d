#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A minimal Debian chroot with exactly the Build-Depends of debian/control installed, the way
# Debian's build daemons build: debootstrap --variant=minbase from the archive, then
# build-essential and `apt-get build-dep` of our debian/control, without recommends.
# It is cached under the test cache, keyed by the suite and debian/control, and never
# modified after it is made: builds run on an overlay of it (see package.sh).
#   chroot.sh SUITE     prints the chroot's directory (bookworm, trixie)
set -eu
: "${DAXCTL_SRC:?}"
suite=$1
cache=${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/chroot
mirror=${DAXCTL_TEST_MIRROR:-http://deb.debian.org/debian}

command -v debootstrap >/dev/null || { echo "chroot.sh: debootstrap is not installed (./bootstrap.sh --deps)" >&2; exit 77; }
key=$( { echo "$suite $mirror v1"; cat "$DAXCTL_SRC/debian/control"; } | sha256sum | cut -c1-16)
dir=$cache/$suite-$key
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi

# Older chroots of this suite (another debian/control) are no longer needed.
for old in "$cache/$suite"-*; do
	[ -d "$old" ] && rm -rf --one-file-system "$old"
done
tmp=$dir.new
rm -rf --one-file-system "$tmp"
log=$cache/$suite.log
echo "chroot.sh: making a $suite chroot in $dir (log: $log)" >&2
{
	debootstrap --variant=minbase "$suite" "$tmp" "$mirror" &&
	mkdir -p "$tmp/build/debian" && cp "$DAXCTL_SRC/debian/control" "$tmp/build/debian/" &&
	unshare -m --propagation private sh -c '
		mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
		chroot "$1" sh -c "export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
			apt-get update -qq &&
			apt-get install -y -qq --no-install-recommends build-essential fakeroot &&
			apt-get build-dep -y -qq --no-install-recommends /build &&
			apt-get clean"' sh "$tmp" &&
	rm -rf "$tmp/build"
} >"$log" 2>&1 || { tail -30 "$log" >&2; echo "chroot.sh: making the $suite chroot failed" >&2; exit 1; }
touch "$tmp/.complete"
mv "$tmp" "$dir"
echo "$dir"
