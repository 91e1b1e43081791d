#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian packages the way Debian does: `dpkg-buildpackage -us -uc -b` in a clean
# minimal chroot that has only the Build-Depends of debian/control (test/install/chroot.sh,
# cached under the test cache), for bookworm and for trixie. Each build runs on a throw-away
# overlay of the cached chroot, from a copy of the source tree. Then each suite's packages are
# checked: their exact file lists (dpkg -c; udev and systemd files where that release keeps
# them), control fields (version above Debian's, dependencies, conffiles), the unpacked
# packages working together inside the chroot (the packaged daxctl, on the packaged
# libdaxctl, lists devices inside the packaged daxsim), and an upgrade over that release's own
# Debian packages on a merged-/usr root with no file lost.
#   package.sh [SUITE...]     default: bookworm trixie
set -eu
: "${DAXCTL_SRC:?}"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

[ "$(id -u)" = 0 ] || { echo "SKIP: building in a chroot needs root"; exit 77; }
for tool in debootstrap dpkg-deb; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (./bootstrap.sh --deps)"; exit 77; }
done
suites=${*:-bookworm trixie}

tmp=$(mktemp -d /tmp/daxctl-package.XXXXXX)
trap 'rm -rf --one-file-system "$tmp"' EXIT

# The copy: the source tree without build directories, git metadata or packaging output.
mkdir "$tmp/src"
tar -C "$DAXCTL_SRC" -cf - --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
	--exclude=./debian/tmp --exclude=./debian/.debhelper --exclude=./debian/files \
	--exclude='./debian/*.substvars' --exclude='./debian/*.debhelper*' \
	--exclude=./debian/libdaxctl1 --exclude=./debian/libdaxctl-dev \
	--exclude=./debian/daxctl --exclude=./debian/daxsim . | tar -C "$tmp/src" -xf -
version=$(cd "$tmp/src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# in_chroot CHROOT SCRIPT [ARGS]: run SCRIPT (sh) as root inside an overlay of the cached
# chroot of $suite, with the overlay's upper layer in $tmp/$suite (kept between calls of one
# suite, gone at the end), /proc, /dev, a fresh /tmp and the source copy (read-only, /src)
# mounted, in a private mount namespace.
in_chroot() {
	local base=$1 s=$2; shift 2
	mkdir -p "$tmp/$suite/upper" "$tmp/$suite/work" "$tmp/$suite/root"
	unshare -m --propagation private sh -c '
		mount -t overlay overlay -o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" "$2/root" &&
		mount -t proc proc "$2/root/proc" && mount --rbind /dev "$2/root/dev" &&
		mount -t tmpfs tmpfs "$2/root/tmp" && mkdir -p "$2/root/src" &&
		mount --bind -o ro "$3" "$2/root/src" && shift 3 && exec chroot "$@"' \
		sh "$base" "$tmp/$suite" "$tmp/src" "$tmp/$suite/root" /bin/sh -c "$s" sh "$@"
}
# Files of a package: regular files and links, without directories and /usr/share/doc.
deb() { # the package file of $1
	local f=$debs/${1}_${version}_${arch}.deb
	[ -f "$f" ] || f=$debs/${1}_${version}_all.deb
	echo "$f"
}
files() {
	dpkg -c "$(deb "$1")" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' |
		grep -v '^/usr/share/doc/' | sort
}
check_files() { # package, then the expected files (globs allowed for versioned names)
	local p=$1; shift
	files "$p" >"$debs/$p.files"
	printf '%s\n' "$@" | sort >"$debs/$p.want"
	local n_got n_want
	n_got=$(wc -l <"$debs/$p.files") n_want=$(wc -l <"$debs/$p.want")
	[ "$n_got" = "$n_want" ] || { diff -u "$debs/$p.want" "$debs/$p.files"; fail "$suite: $p: $n_got files, want $n_want"; }
	local f w
	while read -r w; do
		local hit=
		while read -r f; do
			# shellcheck disable=SC2053
			[[ $f == $w ]] && { hit=1; break; }
		done <"$debs/$p.files"
		[ -n "$hit" ] || { cat "$debs/$p.files"; fail "$suite: $p: nothing matches $w"; }
	done <"$debs/$p.want"
	ok "$suite: $p: $n_got files as expected"
}
field() { dpkg-deb -f "$debs/${1}_${version}_${arch}.deb" "$2"; }
L=/usr/lib/$multiarch

for suite in $suites; do
	case $suite in
	bookworm) syslib=/lib debian_rel=76.1-1 ;;	# udev.pc and systemd.pc say /lib
	trixie) syslib=/usr/lib debian_rel=81-1 ;;	# systemd-dev's say /usr/lib
	*) fail "unknown suite $suite" ;;
	esac
	base=$("$DAXCTL_SRC/test/install/chroot.sh" "$suite") || fail "$suite: no build chroot"
	debs=$tmp/$suite/debs
	mkdir -p "$debs"

	# ---- the build, as a build daemon does it (dh_auto_test runs the unit suite) ----
	in_chroot "$base" 'cp -a /src /tmp/daxctl && cd /tmp/daxctl &&
		DEB_BUILD_OPTIONS="parallel=${DAXCTL_TEST_JOBS:-2}" dpkg-buildpackage -us -uc -b &&
		mkdir -p /debs && cp /tmp/*.deb /debs/' 2>&1 \
		>"$tmp/$suite.build.log" || { tail -60 "$tmp/$suite.build.log"; fail "$suite: dpkg-buildpackage"; }
	grep -q 'Ok: *[1-9]' "$tmp/$suite.build.log" ||
		{ tail -60 "$tmp/$suite.build.log"; fail "$suite: dh_auto_test ran no unit test"; }
	ok "$suite: dpkg-buildpackage -us -uc -b in a clean chroot; dh_auto_test: $(grep -o 'Ok: *[0-9]*' "$tmp/$suite.build.log" | tr -s ' ')"
	cp "$tmp/$suite/upper/debs/"*.deb "$debs/"
	for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do
		[ -f "$debs/${p}_${version}_${arch}.deb" ] || fail "$suite: no ${p}_${version}_${arch}.deb"
	done

	# ---- file lists ----
	check_files libdaxctl1 "$L/libdaxctl.so.1" "$L/libdaxctl.so.1.*"
	check_files libdaxctl-dev "$L/libdaxctl.so" "$L/pkgconfig/libdaxctl.pc" \
		/usr/include/daxctl/libdaxctl.h /usr/share/man/man3/libdaxctl.3.gz
	man1=()
	for c in list create-device destroy-device reconfigure-device online-memory offline-memory \
			enable-device disable-device migrate-device-model; do
		man1+=("/usr/share/man/man1/daxctl-$c.1.gz")
	done
	check_files daxctl /usr/bin/daxctl /etc/daxctl.conf.d/daxctl.example.conf \
		$syslib/udev/rules.d/90-daxctl-device.rules $syslib/systemd/system/daxdev-reconfigure@.service \
		/usr/share/bash-completion/completions/daxctl /usr/share/daxctl/daxctl.conf \
		/usr/share/man/man1/daxctl.1.gz "${man1[@]}" /usr/share/man/man5/daxctl.conf.5.gz
	check_files daxsim /usr/bin/daxsim /usr/share/daxsim/default.topo /usr/share/man/man1/daxsim.1.gz
	src=/usr/src/dax-memmap-1.0
	check_files dax-memmap-dkms $src/Kbuild $src/Makefile $src/dkms.conf $src/main.c $src/region.c \
		$src/control.c $src/dax_memmap.h $src/dax_bus_private.h

	# ---- control fields ----
	for debian_version in 76.1-1 81-1 81-9; do
		dpkg --compare-versions "$version" gt "$debian_version" ||
			fail "version $version does not upgrade over Debian's $debian_version"
	done
	field libdaxctl1 Depends | grep -q 'libkmod2' || fail "$suite: libdaxctl1 does not depend on libkmod2"
	field libdaxctl-dev Depends | grep -qF "libdaxctl1 (= $version)" || fail "$suite: libdaxctl-dev Depends"
	deps=$(field daxctl Depends)
	case $deps in *"libdaxctl1 (= $version)"*) ;; *) fail "$suite: daxctl does not depend on its own libdaxctl1: $deps" ;; esac
	case $deps in *libndctl* | *libiniparser*) fail "$suite: daxctl depends on ndctl's libraries: $deps" ;; esac
	field daxsim Depends | grep -q fuse3 || fail "$suite: daxsim does not depend on fuse3"
	[ "$(field libdaxctl1 Multi-Arch)" = same ] || fail "$suite: libdaxctl1 is not Multi-Arch: same"
	dpkg-deb -e "$debs/daxctl_${version}_${arch}.deb" "$debs/daxctl.control"
	grep -qx /etc/daxctl.conf.d/daxctl.example.conf "$debs/daxctl.control/conffiles" ||
		fail "$suite: the example configuration is not a conffile"
	dpkg-deb -e "$debs/libdaxctl1_${version}_${arch}.deb" "$debs/lib.control"
	grep -q '^libdaxctl 1 libdaxctl1' "$debs/lib.control/shlibs" || fail "$suite: libdaxctl1 has no shlibs entry"
	grep -q "^ daxctl_dev_is_system_ram_capable@LIBDAXCTL_10 79$" "$debs/lib.control/symbols" ||
		fail "$suite: libdaxctl1 has no symbols file with daxctl_dev_is_system_ram_capable@LIBDAXCTL_10"
	grep -q "^ daxctl_txn_begin@LIBDAXCTL_11 81+rewrite2$" "$debs/lib.control/symbols" ||
		fail "$suite: libdaxctl1's symbols file lacks daxctl_txn_begin@LIBDAXCTL_11"
	ok "$suite: version above Debian's 76.1-1 and 81-x; dependencies, Multi-Arch, conffiles, shlibs, symbols"

	# ---- the packages work together, installed in the chroot with apt (their dependencies too) ----
	out=$(in_chroot "$base" 'cd /debs && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends ./libdaxctl1_*.deb ./libdaxctl-dev_*.deb ./daxctl_*.deb \
			./daxsim_*.deb >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }
		daxctl --version &&
		lib=$(ldd /usr/bin/daxctl | sed -n "s/.*libdaxctl\.so\.1 => \([^ ]*\).*/\1/p") &&
		[ "$(readlink -f "$lib")" = "$(readlink -f "$1")" ] && dpkg -S "$1" | cut -d: -f1 &&
		daxsim run -- daxctl list -D | grep -c "\"chardev\""' "$L/libdaxctl.so.1" 2>&1) ||
		fail "$suite: installing the packages in the chroot and listing in daxsim: $out"
	[ "$(echo $out)" = "${version%%+*} libdaxctl1 3" ] ||
		fail "$suite: packaged daxctl --version, its library, and devices in daxsim's default machine: '$(echo $out)', want '${version%%+*} libdaxctl1 3'"
	ok "$suite: packages installed in the chroot: daxctl --version, libdaxctl.so.1 from libdaxctl1, daxctl list -D inside daxsim shows 3 devices"

	# ---- upgrade over Debian's own packages of that release, on a merged-/usr root ----
	# Debian's daxctl and libdaxctl1 (76.1 from bookworm, 81 from trixie) come from the cache
	# that test/upstream/fetch.sh fills. The scratch root has /lib -> usr/lib like every
	# bookworm and trixie system, so a file that moved between /lib and /usr/lib and is then
	# deleted as the old package's would show as missing. dpkg --root keeps everything under
	# $tmp; dependencies outside these packages (libc...) are not there, hence --force-depends.
	up=${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/upstream
	rel=$debian_rel
	old=("$up/${rel%-*}/deb/libdaxctl1_${rel}_${arch}.deb" "$up/${rel%-*}/deb/daxctl_${rel}_${arch}.deb")
	for f in "${old[@]}"; do
		[ -f "$f" ] || fail "$suite: Debian's $f is missing: test/upstream/fetch.sh fills the cache"
	done
	ours=()
	for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do ours+=("$debs/${p}_${version}_${arch}.deb"); done
	canon() { sed -e 's|^/lib/|/usr/lib/|' -e 's|^/bin/|/usr/bin/|' | sort; }
	cat "$debs"/{libdaxctl1,libdaxctl-dev,daxctl,daxsim}.files | canon >"$debs/ours.files"
	r=$tmp/$suite/root-$rel
	mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/usr/lib" "$r/usr/bin"
	ln -s usr/lib "$r/lib" && ln -s usr/bin "$r/bin"
	touch "$r/var/lib/dpkg/status" "$r/var/lib/dpkg/available"
	dpkg --root="$r" --log=/dev/null --force-depends -i "${old[@]}" >"$debs/dpkg-$rel.log" 2>&1 ||
		{ cat "$debs/dpkg-$rel.log"; fail "$suite: installing Debian's $rel in the scratch root"; }
	[ "$(dpkg-query --admindir="$r/var/lib/dpkg" -W -f='${Version}' daxctl)" = "$rel" ] ||
		fail "$suite: Debian's daxctl $rel is not installed in the scratch root"
	dpkg --root="$r" --log=/dev/null --force-depends -i "${ours[@]}" >>"$debs/dpkg-$rel.log" 2>&1 ||
		{ cat "$debs/dpkg-$rel.log"; fail "$suite: upgrading Debian's $rel to $version"; }
	for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do
		v=$(dpkg-query --admindir="$r/var/lib/dpkg" -W -f='${Version} ${Status}' "$p")
		[ "$v" = "$version install ok installed" ] || fail "$suite: after upgrading $rel: $p is '$v'"
	done
	# Exactly our files remain: none lost, nothing of Debian's packages left behind.
	(cd "$r" && find . \( -type f -o -type l \) | sed 's|^\.||' |
		grep -v -e '^/var/lib/dpkg/' -e '^/usr/share/doc/' -e '^/lib$' -e '^/bin$' | canon) >"$debs/root-$rel.files"
	diff -u "$debs/ours.files" "$debs/root-$rel.files" ||
		fail "$suite: after upgrading Debian's $rel, the files differ from our packages' (- missing, + left over)"
	ok "$suite: Debian's daxctl $rel upgrades to $version on a merged-/usr root: all four packages installed, no file lost or left over"
done
echo "package: all checks passed for $suites"
