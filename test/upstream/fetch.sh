#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch Debian's upstream daxctl, the reference the tests compare against, into a test cache:
#   76.1: bookworm's daxctl, libdaxctl1, libndctl6 and any library they load that this host
#         lacks; run with the host's loader and libc.
#   81:   trixie's daxctl, libdaxctl1 and their whole library closure (libc6 and its loader
#         included); run with trixie's own ld-linux-x86-64.so.2.
# Packages come from `apt-get download` and are unpacked with `dpkg -x`: nothing is installed.
# Trixie is read through private apt options (source list below, lists and cache in the test
# cache): the host's apt state is never touched.
#
# Writes, under $DAXCTL_TEST_CACHE/upstream (default /var/cache/daxctl-test/upstream):
#   76.1/root/, 81/root/      the unpacked packages
#   bin/daxctl-76.1, bin/daxctl-81
#                             wrappers; DAXCTL_LIBDIR=<dir> puts <dir> first in the library
#                             path (upstream's binary on our libdaxctl.so.1)
# Idempotent: a stamp (hash of this script and the source list) makes a second run a no-op.
#   fetch.sh      fetch what is missing       fetch.sh -f    fetch and unpack again
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/upstream
STAMP=$TOP/.done-$(cat "$0" "$HERE/trixie.list" | md5sum | cut -c1-12)
FORCE=no; [ "${1:-}" = -f ] && FORCE=yes
MULTIARCH=x86_64-linux-gnu

done_already() { [ $FORCE = no ] && [ -f "$STAMP" ] && [ -x "$TOP/bin/daxctl-76.1" ] && [ -x "$TOP/bin/daxctl-81" ]; }
done_already && exit 0
mkdir -p "$TOP"
exec 9>"$TOP/.lock"; flock 9          # concurrent callers: one fetch
done_already && exit 0
[ "$(id -u)" = 0 ] || { echo "fetch.sh: needs root (apt-get download into $TOP)" >&2; exit 1; }
say() { echo "fetch.sh: $*" >&2; }
# has_version VERSION-PREFIX [apt options]: the lists offer daxctl at that version (no grep -q
# in a pipe: under pipefail its early exit would fail apt-cache with SIGPIPE)
has_version() {
	local v=$1; shift
	apt-cache "$@" show daxctl 2>/dev/null | grep -c "^Version: $v" >/dev/null
}

# Runtime library packages that PKGS depend on, recursively (apt-cache with options $APT).
lib_closure() {
	apt-cache "${APT[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$@" 2>/dev/null |
		awk '/^[a-z0-9]/ && !/^</ {print $1}' | grep -E '^(lib|zlib)' | sort -u
}
# Download the packages named in $@ into the directory $1 (already there: skipped).
download() {
	local dir=$1; shift
	mkdir -p "$dir"
	( cd "$dir"
	  for p in "$@"; do
		ls "${p}"_*.deb >/dev/null 2>&1 && continue
		apt-get "${APT[@]}" download -qq "$p" || { say "apt-get download $p failed"; exit 1; }
	  done )
}
unpack() { # $1: deb dir, $2: root (replaced at once: tests may be using the old one)
	rm -rf "$2.new" "$2.old"; mkdir -p "$2.new"
	for d in "$1"/*.deb; do dpkg -x "$d" "$2.new"; done
	[ ! -e "$2" ] || mv "$2" "$2.old"
	mv "$2.new" "$2"
	rm -rf "$2.old"
}
# Library directories of an unpacked root, in search order.
libpath() { echo "$1/usr/lib/$MULTIARCH:$1/lib/$MULTIARCH:$1/usr/lib:$1/lib"; }

# ---- 76.1: bookworm, the host's own archive and lists ----
APT=(-o APT::Sandbox::User=root)   # downloads into a root-owned cache
v76=$TOP/76.1
base76="daxctl libdaxctl1 libndctl6"
want=$base76
for p in $(lib_closure $base76); do
	case " $base76 " in *" $p "*) continue;; esac
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[ "${st#ii}" != "$st" ] || want="$want $p"
done
if ! has_version '76\.1'; then
	apt-get update -qq		# the host's own (bookworm) lists: a fresh machine may have none
	has_version '76\.1' ||
		{ say "the host's apt sources have no daxctl 76.1 (bookworm)"; exit 1; }
fi
say "76.1: $want"
download "$v76/deb" $want
unpack "$v76/deb" "$v76/root"

# ---- 81: trixie, through private apt options ----
A=$TOP/apt
mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
APT=(-o Dir::Etc::SourceList="$HERE/trixie.list" -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache" -o Debug::NoLocking=1
     -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
ls "$A"/lists/*_Packages* >/dev/null 2>&1 || apt-get "${APT[@]}" update -qq
if ! has_version 81 "${APT[@]}"; then
	apt-get "${APT[@]}" update -qq
	has_version 81 "${APT[@]}" ||
		{ say "trixie has no daxctl 81 (see $HERE/trixie.list)"; exit 1; }
fi
v81=$TOP/81
want81=$(lib_closure daxctl libdaxctl1 | grep -vx libdaxctl1 | tr '\n' ' ')
want81="daxctl libdaxctl1 $want81"
say "81: $want81"
download "$v81/deb" $want81
unpack "$v81/deb" "$v81/root"
R=$v81/root
LD81=
for c in usr/lib64 lib64 usr/lib/$MULTIARCH lib/$MULTIARCH; do
	[ -e "$R/$c/ld-linux-x86-64.so.2" ] && { LD81=$R/$c/ld-linux-x86-64.so.2; break; }
done
[ -n "$LD81" ] || { say "no ld-linux-x86-64.so.2 in trixie's libc6"; exit 1; }

# ---- wrappers ----
mkdir -p "$TOP/bin"
wrapper() { # $1: name, $2: loader, $3: root
	cat > "$TOP/bin/$1.tmp" <<W
#!/bin/sh
# Generated by test/upstream/fetch.sh: Debian's $1 with its own libraries.
# DAXCTL_LIBDIR=<dir> puts <dir> first in the library path.
exec $2 --library-path "\${DAXCTL_LIBDIR:+\$DAXCTL_LIBDIR:}$(libpath "$3")" --argv0 daxctl $3/usr/bin/daxctl "\$@"
W
	chmod 755 "$TOP/bin/$1.tmp"; mv "$TOP/bin/$1.tmp" "$TOP/bin/$1"
}
wrapper daxctl-76.1 /lib64/ld-linux-x86-64.so.2 "$v76/root"
wrapper daxctl-81 "$LD81" "$R"

# ---- checks: every library found; 81 only from the trixie tree ----
/lib64/ld-linux-x86-64.so.2 --library-path "$(libpath "$v76/root")" --list "$v76/root/usr/bin/daxctl" |
	awk '/not found/ {print "fetch.sh: 76.1: missing library: " $0 > "/dev/stderr"; bad=1} END {exit bad}'
"$LD81" --library-path "$(libpath "$R")" --list "$R/usr/bin/daxctl" |
	awk -v r="$R/" '/not found/ || (/=> \// && index($3, r) != 1) {
		print "fetch.sh: 81: library outside the trixie tree: " $0 > "/dev/stderr"; bad=1 }
		END {exit bad}'
for v in 76.1 81; do
	out=$("$TOP/bin/daxctl-$v" version) || { say "daxctl-$v version failed"; exit 1; }
	[ "$out" = "$v" ] || { say "daxctl-$v version printed '$out'"; exit 1; }
done
rm -f "$TOP"/.done-*; touch "$STAMP"
say "ready: $TOP/bin/daxctl-76.1, $TOP/bin/daxctl-81"
