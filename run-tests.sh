#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the whole test suite: a normal build (every suite, the real-kernel one included) and an
# ASan+UBSan build (every suite but the real-kernel and packaging ones). Ends with the line
# "N passed, N failed, N skipped". Under CI=true a skipped test counts as failed: CI must run
# everything.
set -u
cd "$(dirname "$0")"
top=$PWD
jobs=${DAXCTL_TEST_JOBS:-2}
total_pass=0 total_fail=0 total_skip=0

./bootstrap.sh --deps || { echo "0 passed, 1 failed"; exit 1; }

# Reference binaries (upstream daxctl 76.1 and 81) and kernels come from Debian's archive.
if [ -x test/upstream/fetch.sh ]; then
	test/upstream/fetch.sh || echo "run-tests: fetching upstream daxctl failed" >&2
fi
# The package suite builds in clean bookworm and trixie chroots (cached; the first run makes
# them from the archive, a few minutes each). A failure here shows again in that suite.
for suite in bookworm trixie; do
	DAXCTL_SRC=$top test/install/chroot.sh "$suite" >/dev/null ||
		echo "run-tests: making the $suite build chroot failed" >&2
done

count() { # $1: build dir; adds its meson testlog to the totals
	local log=$1/meson-logs/testlog.json
	[ -f "$log" ] || { total_fail=$((total_fail + 1)); echo "run-tests: no test log in $1" >&2; return; }
	read -r p f s < <(python3 - "$log" "${CI:-}" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP":
        if sys.argv[2] == "true": f += 1
        else: s += 1
    else: f += 1
print(p, f, s)
PY
)
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
	echo "run-tests: $1: $p passed, $f failed, $s skipped"
}

build() { # $1: dir, rest: meson setup options
	local dir=$1; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
	fi
	ninja -C "$dir" >"$dir.ninja.log" 2>&1 || { tail -50 "$dir.ninja.log"; return 1; }
}

if build build; then
	meson test -C build --num-processes "$jobs" --print-errorlogs --no-rebuild
	count build
else
	total_fail=$((total_fail + 1)); echo "run-tests: the normal build failed" >&2
fi

if build build-san -Db_sanitize=address,undefined -Db_lundef=false -Ddocs=disabled; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C build-san --num-processes "$jobs" --print-errorlogs --no-rebuild \
		--no-suite kernel --no-suite package --no-suite bench
	count build-san
else
	total_fail=$((total_fail + 1)); echo "run-tests: the sanitizer build failed" >&2
fi

echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
