#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `meson install` into a temporary DESTDIR, then check it the way a distribution and a
# user would: the exact file list, the library's links and soname, a program compiled
# against the installed header with `pkg-config --cflags --libs libdaxctl`, the installed
# daxctl, its man pages through man(1) and `daxctl help`, the bash completion.
#
# Arguments are NAME=VALUE pairs from test/install/meson.build: the install directories
# (PREFIX BINDIR LIBDIR INCLUDEDIR MANDIR SYSCONFDIR DATADIR UDEVRULESDIR SYSTEMDUNITDIR
# BASHCOMPLETIONDIR, all absolute), DOCS (yes/no), SANITIZE (b_sanitize), CC, VERSION,
# DAXSIM (the daxsim executable, or empty).
set -eu
for kv in "$@"; do export "${kv?}"; done
: "${DAXCTL_BUILD:?}"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

tmp=$(mktemp -d /tmp/daxctl-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest

meson install -C "$DAXCTL_BUILD" --no-rebuild --quiet --destdir "$D" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; fail "meson install"; }

# ---- the file list: exactly these files ----
expected=(
	"$BINDIR/daxctl"
	"$LIBDIR/libdaxctl.so"
	"$LIBDIR/libdaxctl.so.1"
	"$INCLUDEDIR/daxctl/libdaxctl.h"
	"$LIBDIR/pkgconfig/libdaxctl.pc"
	"$UDEVRULESDIR/90-daxctl-device.rules"
	"$SYSTEMDUNITDIR/daxdev-reconfigure@.service"
	"$BASHCOMPLETIONDIR/daxctl"
	"$SYSCONFDIR/daxctl.conf.d/daxctl.example.conf"
	"$DATADIR/daxctl/daxctl.conf"
)
man1="daxctl daxctl-list daxctl-create-device daxctl-destroy-device daxctl-reconfigure-device
	daxctl-online-memory daxctl-offline-memory daxctl-enable-device daxctl-disable-device
	daxctl-migrate-device-model daxsim"
if [ "$DOCS" = yes ]; then
	for p in $man1; do expected+=("$MANDIR/man1/$p.1"); done
	expected+=("$MANDIR/man3/libdaxctl.3" "$MANDIR/man5/daxctl.conf.5")
fi
real=$(cd "$D$LIBDIR" && ls libdaxctl.so.1.* 2>/dev/null) || fail "no libdaxctl.so.1.* in $LIBDIR"
[ "$(echo "$real" | wc -l)" = 1 ] || fail "several libdaxctl.so.1.* files: $real"
expected+=("$LIBDIR/$real")
# daxsim installs itself and its default machine description
if [ -n "${DAXSIM:-}" ]; then expected+=("$BINDIR/daxsim" "$DATADIR/daxsim/default.topo"); fi

printf '%s\n' "${expected[@]}" | sort >"$tmp/expected"
(cd "$D" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort) >"$tmp/installed"
if ! diff -u "$tmp/expected" "$tmp/installed"; then
	fail "installed files differ from the expected list (- missing, + unexpected)"
fi
ok "file list (${#expected[@]} files)"
[ -d "$D$SYSCONFDIR/daxctl.conf.d" ] || fail "no $SYSCONFDIR/daxctl.conf.d"

# ---- library: links, soname, exported symbol versions ----
[ -f "$D$LIBDIR/$real" ] && [ ! -L "$D$LIBDIR/$real" ] || fail "$real is not a regular file"
[ "$(readlink "$D$LIBDIR/libdaxctl.so.1")" = "$real" ] || fail "libdaxctl.so.1 does not point to $real"
[ "$(readlink -f "$D$LIBDIR/libdaxctl.so")" = "$(readlink -f "$D$LIBDIR/$real")" ] ||
	fail "libdaxctl.so does not lead to $real"
soname=$(readelf -d "$D$LIBDIR/$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libdaxctl.so.1 ] || fail "soname is '$soname'"
readelf --dyn-syms -W "$D$LIBDIR/$real" | grep -q ' daxctl_new@@LIBDAXCTL_1$' ||
	fail "daxctl_new is not exported as daxctl_new@@LIBDAXCTL_1"
ok "libdaxctl.so -> libdaxctl.so.1 -> $real, soname $soname"

# ---- pkg-config from the DESTDIR ----
export PKG_CONFIG_SYSROOT_DIR=$D PKG_CONFIG_PATH=$D$LIBDIR/pkgconfig PKG_CONFIG_LIBDIR=$D$LIBDIR/pkgconfig
v=$(pkg-config --modversion libdaxctl) || fail "pkg-config does not find libdaxctl"
[ "$v" = "$VERSION" ] || fail "libdaxctl.pc version '$v', expected '$VERSION'"
flags=$(pkg-config --cflags --libs libdaxctl)
case " $flags " in *" -I$D$INCLUDEDIR "* | *" -I$D$INCLUDEDIR/"*) ;; *) [ "$INCLUDEDIR" = /usr/include ] ||
	fail "pkg-config --cflags gives '$flags', no -I$D$INCLUDEDIR" ;; esac
case " $flags " in *" -ldaxctl "*) ;; *) fail "pkg-config --libs gives '$flags', no -ldaxctl" ;; esac
ok "pkg-config: libdaxctl $v: $flags"

# ---- a program built against the installed header and library ----
cat >"$tmp/prog.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <daxctl/libdaxctl.h>

int main(void)
{
	struct daxctl_region *region, *_region;
	struct daxctl_dev *dev, *_dev;
	struct daxctl_ctx *ctx;
	int rc = daxctl_new(&ctx);

	if (rc < 0) {
		fprintf(stderr, "daxctl_new: %s\n", strerror(-rc));
		return 1;
	}
	daxctl_set_log_priority(ctx, 3);
	if (daxctl_get_log_priority(ctx) != 3 || daxctl_ref(ctx) != ctx)
		return 2;
	daxctl_unref(ctx);
	daxctl_region_foreach_safe(ctx, region, _region)
		daxctl_dev_foreach_safe(region, dev, _dev)
			if (daxctl_dev_get_size(dev))
				printf("%s %d\n", daxctl_dev_get_devname(dev),
						daxctl_region_get_id(region));
	daxctl_unref(ctx);
	return 0;
}
EOF
sanflags=()
[ "${SANITIZE:-none}" != none ] && sanflags=("-fsanitize=$SANITIZE")
# shellcheck disable=SC2086
$CC -std=gnu11 -Wall -Wextra -Werror "${sanflags[@]}" -o "$tmp/prog" "$tmp/prog.c" $flags ||
	fail "compiling against the installed header and library"
readelf -V "$tmp/prog" | grep -q 'Name: LIBDAXCTL_' || fail "prog does not use versioned symbols"
export LD_LIBRARY_PATH=$D$LIBDIR
ldd "$tmp/prog" | grep -q "libdaxctl.so.1 => $D$LIBDIR/libdaxctl.so.1" ||
	fail "prog does not load the installed libdaxctl.so.1: $(ldd "$tmp/prog")"
"$tmp/prog" >/dev/null || fail "prog failed on this machine"
ok "compiled, linked and ran a program against the installed libdaxctl"

# ---- the installed daxctl ----
out=$("$D$BINDIR/daxctl" --version) || fail "installed daxctl --version"
[ "$out" = "$VERSION" ] || fail "installed daxctl --version printed '$out'"
ldd "$D$BINDIR/daxctl" | grep -q "libdaxctl.so.1 => $D$LIBDIR/libdaxctl.so.1" ||
	fail "installed daxctl does not use the installed libdaxctl.so.1"
ok "installed daxctl --version: $out"

if [ -n "${DAXSIM:-}" ]; then
	# The program and the installed daxctl see the same devices on daxsim's default machine.
	"$DAXSIM" run -- bash -c '"$1" | sort >"$3/prog.out"
		"$2" list -D | jq -r ".[].chardev" | sort >"$3/list.out"' - \
		"$tmp/prog" "$D$BINDIR/daxctl" "$tmp" || fail "daxsim run of prog and daxctl list"
	[ -s "$tmp/prog.out" ] || fail "prog found no devices on daxsim's default machine"
	diff -u <(cut -d' ' -f1 "$tmp/prog.out") "$tmp/list.out" ||
		fail "prog and 'daxctl list' disagree about the devices"
	ok "on daxsim, prog lists the same devices as daxctl list: $(cut -d' ' -f1 "$tmp/prog.out" | xargs)"

	# The installed example configuration is valid as shipped (all commented out: matches
	# nothing) and once uncommented (its hmem section matches dax0.0 of the default machine).
	mkdir "$tmp/conf-shipped" "$tmp/conf-enabled"
	cp "$D$SYSCONFDIR/daxctl.conf.d/daxctl.example.conf" "$tmp/conf-shipped/"
	sed 's/^#\([[a-z]\)/\1/' "$D$SYSCONFDIR/daxctl.conf.d/daxctl.example.conf" \
		>"$tmp/conf-enabled/daxctl.example.conf"
	grep -q '^\[reconfigure-device ' "$tmp/conf-enabled/daxctl.example.conf" ||
		fail "the example configuration has no commented-out section"
	"$DAXSIM" run -- bash -c 'DAXCTL_CONF_DIR=$2/conf-shipped "$1" reconfigure-device -C dax0.0 \
			>/dev/null 2>"$2/shipped.err" || exit 1
		DAXCTL_CONF_DIR=$2/conf-enabled "$1" reconfigure-device -v -C dax0.0 \
			>/dev/null 2>"$2/enabled.err"' - "$D$BINDIR/daxctl" "$tmp" ||
		{ cat "$tmp"/*.err; fail "reconfigure-device -C with the example configuration"; }
	grep -q 'no section .* matches' "$tmp/shipped.err" ||
		{ cat "$tmp/shipped.err"; fail "the shipped example configuration matched something"; }
	grep -q 'using \[reconfigure-device example-hmem\]' "$tmp/enabled.err" ||
		{ cat "$tmp/enabled.err"; fail "the uncommented example does not match dax0.0"; }
	ok "example configuration: inert as shipped, its hmem section matches dax0.0 once uncommented"
fi

# ---- systemd unit and udev rule point at the installed daxctl ----
grep -qx "ExecStart=$BINDIR/daxctl reconfigure-device --check-config %I" \
	"$D$SYSTEMDUNITDIR/daxdev-reconfigure@.service" || fail "unit's ExecStart"
grep -q 'SYSTEMD_WANTS}+="%c"' "$D$UDEVRULESDIR/90-daxctl-device.rules" &&
	grep -q -- '--template=daxdev-reconfigure@.service \$env{DEVNAME}' \
		"$D$UDEVRULESDIR/90-daxctl-device.rules" || fail "udev rule does not want the unit"
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$tmp/units"
	sed "s|^ExecStart=$BINDIR/daxctl|ExecStart=$D$BINDIR/daxctl|" \
		"$D$SYSTEMDUNITDIR/daxdev-reconfigure@.service" >"$tmp/units/daxdev-reconfigure@-dev-dax0.0.service"
	SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
		"$tmp/units/daxdev-reconfigure@-dev-dax0.0.service" >"$tmp/verify.log" 2>&1 ||
		{ cat "$tmp/verify.log"; fail "systemd-analyze verify"; }
	[ ! -s "$tmp/verify.log" ] || { cat "$tmp/verify.log"; fail "systemd-analyze verify warned"; }
fi
ok "unit and udev rule"

# ---- man pages ----
if [ "$DOCS" = yes ]; then
	export MANPATH=$D$MANDIR MANPAGER=cat PAGER=cat MANWIDTH=80 MAN_KEEP_FORMATTING=
	w=$(man -w daxctl-reconfigure-device) || fail "man -w daxctl-reconfigure-device"
	[ "$w" = "$D$MANDIR/man1/daxctl-reconfigure-device.1" ] || fail "man -w found '$w'"
	man daxctl-reconfigure-device 2>/dev/null | grep -q 'daxctl-reconfigure-device - switch a device' ||
		fail "man daxctl-reconfigure-device does not show the page"
	man 3 libdaxctl 2>/dev/null | grep -q 'daxctl_dev_get_memory' || fail "man 3 libdaxctl"
	man 5 daxctl.conf 2>/dev/null | grep -q 'nvdimm.uuid' || fail "man 5 daxctl.conf"
	# markup characters survive the conversion (asciidoctor once ate the '#')
	man 5 daxctl.conf 2>/dev/null | tr -s ' \n' '  ' | grep -q 'Lines starting with # or ; are comments' ||
		fail "man 5 daxctl.conf: the comment characters are not shown"
	for p in $man1; do
		man -l "$D$MANDIR/man1/$p.1" 2>&1 | grep -q "^NAME" || fail "man -l $p.1"
	done
	# every command daxctl has (but version and help) has its page
	for c in $("$D$BINDIR/daxctl" --list-cmds); do
		case $c in version | help) continue ;; esac
		[ -f "$D$MANDIR/man1/daxctl-$c.1" ] || fail "command $c has no man page daxctl-$c(1)"
	done
	# daxctl help COMMAND and daxctl COMMAND --help run man(1) on daxctl-COMMAND
	"$D$BINDIR/daxctl" help reconfigure-device 2>&1 | grep -q 'daxctl-reconfigure-device - switch' ||
		fail "daxctl help reconfigure-device does not show the installed page"
	"$D$BINDIR/daxctl" list --help 2>&1 | grep -q 'daxctl-list - print dax regions' ||
		fail "daxctl list --help does not show the installed page"
	ok "man pages: man, man -l, daxctl help, daxctl CMD --help"
fi

# ---- the installed bash completion ----
comp=$D$BASHCOMPLETIONDIR/daxctl
modes=$(bash -c 'source "$1"
	COMP_WORDS=(daxctl reconfigure-device --mode =); COMP_CWORD=3; _daxctl
	printf "%s\n" "${COMPREPLY[@]}"' - "$comp" | sort | xargs)
[ "$modes" = "devdax system-ram" ] || fail "completion of 'reconfigure-device --mode=' gave '$modes'"
cmds=$(bash -c 'source "$1"
	COMP_WORDS=("$2" ""); COMP_CWORD=1; _daxctl
	printf "%s\n" "${COMPREPLY[@]}"' - "$comp" "$D$BINDIR/daxctl" | sort | xargs)
want=$("$D$BINDIR/daxctl" --list-cmds | sort | xargs)
[ -n "$want" ] && [ "$cmds" = "$want" ] || fail "completion of commands gave '$cmds', want '$want'"
ok "bash completion: --mode= gives '$modes'; commands from --list-cmds"
echo "install: all checks passed"
