#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian packages with `dpkg-buildpackage -us -uc -b` in a temporary copy of the
# source tree (never next to the work tree), then check each package: its exact file list
# (dpkg -c), its control fields (version above Debian's, dependencies, conffiles), and that
# the unpacked packages work together: the packaged daxctl, on the packaged libdaxctl, lists
# devices inside the packaged daxsim.
set -eu
: "${DAXCTL_SRC:?}"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

for tool in dpkg-buildpackage dh fakeroot; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (./bootstrap.sh --deps)"; exit 77; }
done

tmp=$(mktemp -d /tmp/daxctl-package.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/daxctl

# The copy: the source tree without build directories, git metadata or packaging output.
mkdir "$src"
tar -C "$DAXCTL_SRC" -cf - --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
	--exclude=./debian/tmp --exclude=./debian/.debhelper --exclude=./debian/files \
	--exclude='./debian/*.substvars' --exclude='./debian/*.debhelper*' \
	--exclude=./debian/libdaxctl1 --exclude=./debian/libdaxctl-dev \
	--exclude=./debian/daxctl --exclude=./debian/daxsim . | tar -C "$src" -xf -

export DEB_BUILD_OPTIONS="nocheck parallel=${DAXCTL_TEST_JOBS:-2}"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
	{ tail -60 "$tmp/build.log"; fail "dpkg-buildpackage"; }
ok "dpkg-buildpackage -us -uc -b"

version=$(cd "$src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do
	[ -f "$tmp/${p}_${version}_${arch}.deb" ] || fail "no ${p}_${version}_${arch}.deb"
done
ls "$tmp"/*.deb >/dev/null

# Files of a package: regular files and links, without directories and /usr/share/doc.
files() {
	dpkg -c "$tmp/${1}_${version}_${arch}.deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' |
		grep -v '^/usr/share/doc/' | sort
}
check_files() { # package, then the expected files (globs allowed for versioned names)
	local p=$1; shift
	files "$p" >"$tmp/$p.files"
	printf '%s\n' "$@" | sort >"$tmp/$p.want"
	local n_got n_want
	n_got=$(wc -l <"$tmp/$p.files") n_want=$(wc -l <"$tmp/$p.want")
	[ "$n_got" = "$n_want" ] || { diff -u "$tmp/$p.want" "$tmp/$p.files"; fail "$p: $n_got files, want $n_want"; }
	local f w
	while read -r w; do
		local hit=
		while read -r f; do
			# shellcheck disable=SC2053
			[[ $f == $w ]] && { hit=1; break; }
		done <"$tmp/$p.files"
		[ -n "$hit" ] || { cat "$tmp/$p.files"; fail "$p: nothing matches $w"; }
	done <"$tmp/$p.want"
	ok "$p: $n_got files as expected"
}

L=/usr/lib/$multiarch
check_files libdaxctl1 "$L/libdaxctl.so.1" "$L/libdaxctl.so.1.*"
check_files libdaxctl-dev "$L/libdaxctl.so" "$L/pkgconfig/libdaxctl.pc" \
	/usr/include/daxctl/libdaxctl.h /usr/share/man/man3/libdaxctl.3.gz
man1=()
for c in list create-device destroy-device reconfigure-device online-memory offline-memory \
		enable-device disable-device migrate-device-model; do
	man1+=("/usr/share/man/man1/daxctl-$c.1.gz")
done
check_files daxctl /usr/bin/daxctl /etc/daxctl.conf.d/daxctl.example.conf \
	/lib/udev/rules.d/90-daxctl-device.rules /lib/systemd/system/daxdev-reconfigure@.service \
	/usr/share/bash-completion/completions/daxctl /usr/share/daxctl/daxctl.conf \
	/usr/share/man/man1/daxctl.1.gz "${man1[@]}" /usr/share/man/man5/daxctl.conf.5.gz
check_files daxsim /usr/bin/daxsim /usr/share/daxsim/default.topo /usr/share/man/man1/daxsim.1.gz

# ---- control fields ----
field() { dpkg-deb -f "$tmp/${1}_${version}_${arch}.deb" "$2"; }
for debian_version in 76.1-1 81-1 81-9; do
	dpkg --compare-versions "$version" gt "$debian_version" ||
		fail "version $version does not upgrade over Debian's $debian_version"
done
ok "version $version sorts above Debian's 76.1-1 and 81-x"
field libdaxctl1 Depends | grep -q 'libkmod2' || fail "libdaxctl1 does not depend on libkmod2"
field libdaxctl-dev Depends | grep -qF "libdaxctl1 (= $version)" || fail "libdaxctl-dev Depends"
field daxctl Depends | grep -qF "libdaxctl1 (= $version)" || fail "daxctl does not depend on its own libdaxctl1"
deps=$(field daxctl Depends)
case $deps in *libdaxctl1*) ;; *) fail "daxctl does not depend on libdaxctl1: $deps" ;; esac
case $deps in *libndctl* | *libiniparser*) fail "daxctl depends on ndctl's libraries: $deps" ;; esac
field daxsim Depends | grep -q fuse3 || fail "daxsim does not depend on fuse3"
[ "$(field libdaxctl1 Multi-Arch)" = same ] || fail "libdaxctl1 is not Multi-Arch: same"
dpkg-deb -e "$tmp/daxctl_${version}_${arch}.deb" "$tmp/daxctl.control"
grep -qx /etc/daxctl.conf.d/daxctl.example.conf "$tmp/daxctl.control/conffiles" ||
	fail "the example configuration is not a conffile"
dpkg-deb -e "$tmp/libdaxctl1_${version}_${arch}.deb" "$tmp/lib.control"
grep -q '^libdaxctl 1 libdaxctl1' "$tmp/lib.control/shlibs" || fail "libdaxctl1 has no shlibs entry"
grep -q "^ daxctl_dev_is_system_ram_capable@LIBDAXCTL_10 79$" "$tmp/lib.control/symbols" ||
	fail "libdaxctl1 has no symbols file with daxctl_dev_is_system_ram_capable@LIBDAXCTL_10"
ok "control fields: dependencies, Multi-Arch, conffiles, shlibs, symbols"

# ---- the unpacked packages work together ----
root=$tmp/root
for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do
	dpkg-deb -x "$tmp/${p}_${version}_${arch}.deb" "$root"
done
export LD_LIBRARY_PATH=$root$L
out=$("$root/usr/bin/daxctl" --version) || fail "packaged daxctl --version"
[ "$out" = "${version%%+*}" ] || fail "packaged daxctl --version printed '$out'"
ldd "$root/usr/bin/daxctl" | grep -q "libdaxctl.so.1 => $root$L/libdaxctl.so.1" ||
	fail "packaged daxctl does not load the packaged library"
n=$("$root/usr/bin/daxsim" run -- "$root/usr/bin/daxctl" list -D | jq length) ||
	fail "packaged daxctl list inside packaged daxsim"
[ "$n" -gt 0 ] || fail "packaged daxctl found no devices in packaged daxsim"
ok "packaged daxsim + daxctl + libdaxctl1: daxctl list -D shows $n devices"
unset LD_LIBRARY_PATH

# ---- upgrade over Debian's own packages, in a scratch dpkg database ----
# Debian's daxctl and libdaxctl1 (76.1 from bookworm, 81 from trixie) come from the cache
# that test/upstream/fetch.sh fills. dpkg --root keeps everything under $tmp; dependencies
# outside these packages (libc...) are not in the scratch root, hence --force-depends.
up=${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/upstream
ours=()
for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do ours+=("$tmp/${p}_${version}_${arch}.deb"); done
cat "$tmp"/{libdaxctl1,libdaxctl-dev,daxctl,daxsim}.files | sort >"$tmp/ours.files"
missing=
for rel in 76.1-1 81-1; do
	old=("$up/${rel%-*}/deb/libdaxctl1_${rel}_${arch}.deb" "$up/${rel%-*}/deb/daxctl_${rel}_${arch}.deb")
	if [ ! -f "${old[0]}" ] || [ ! -f "${old[1]}" ]; then
		missing="$missing $rel"
		continue
	fi
	r=$tmp/root-$rel
	mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates"
	touch "$r/var/lib/dpkg/status" "$r/var/lib/dpkg/available"
	dpkg --root="$r" --log=/dev/null --force-depends -i "${old[@]}" >"$tmp/dpkg-$rel.log" 2>&1 ||
		{ cat "$tmp/dpkg-$rel.log"; fail "installing Debian's $rel in the scratch root"; }
	[ "$(dpkg-query --admindir="$r/var/lib/dpkg" -W -f='${Version}' daxctl)" = "$rel" ] ||
		fail "Debian's daxctl $rel is not installed in the scratch root"
	dpkg --root="$r" --log=/dev/null --force-depends -i "${ours[@]}" >>"$tmp/dpkg-$rel.log" 2>&1 ||
		{ cat "$tmp/dpkg-$rel.log"; fail "upgrading Debian's $rel to $version"; }
	for p in libdaxctl1 libdaxctl-dev daxctl daxsim; do
		v=$(dpkg-query --admindir="$r/var/lib/dpkg" -W -f='${Version} ${Status}' "$p")
		[ "$v" = "$version install ok installed" ] || fail "after upgrading $rel: $p is '$v'"
	done
	# Exactly our files remain: nothing of Debian's packages is left behind.
	(cd "$r" && find . \( -type f -o -type l \) | sed 's|^\.||' |
		grep -v -e '^/var/lib/dpkg/' -e '^/usr/share/doc/' | sort) >"$tmp/root-$rel.files"
	diff -u "$tmp/ours.files" "$tmp/root-$rel.files" ||
		fail "after upgrading Debian's $rel, the files differ from our packages' (- missing, + left over)"
	ok "Debian's daxctl $rel upgrades to $version: all four packages installed, no file left over"
done
if [ -n "$missing" ]; then
	echo "SKIP: Debian's daxctl and libdaxctl1 debs for$missing are not in $up (run test/upstream/fetch.sh);" \
		"every other check passed"
	exit 77
fi
echo "package: all checks passed"
