#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `daxctl list` on the legacy /sys/class/dax device model, compared with upstream 76.1/81:
# the fixture sysfs of test/lib/class-model.sh (one class-model device, one dax-bus device)
# mounted in a private namespace, every option combination of run-combos.sh. stdout and
# exit status only: the fixture has no /sys/dev/char links, which upstream's library
# reports on stderr ("unable to determine subsys") and a kernel always has.
set -u
for v in DAXCTL UPSTREAM_DAXCTL_76 UPSTREAM_DAXCTL_81; do
	[ -n "${!v:-}" ] || { echo "class-model.sh: \$$v is not set" >&2; exit 1; }
done
for u in "$UPSTREAM_DAXCTL_76" "$UPSTREAM_DAXCTL_81"; do
	[ -x "$u" ] || { echo "SKIP: no upstream daxctl at $u (run test/upstream/fetch.sh)"; exit 77; }
done
if [ "${1:-}" = --inside ]; then
	exec bash "$DAXCTL_SRC/test/list/run-combos.sh" "$LIST_CLASS_OUT"
fi
LIST_CLASS_OUT=$(mktemp -d /tmp/daxctl-class-XXXXXX)
export LIST_CLASS_OUT
trap 'rm -rf "$LIST_CLASS_OUT"' EXIT
inner=$LIST_CLASS_OUT/inner.sh
printf '#!/bin/sh\nexec bash "%s" --inside\n' "$DAXCTL_SRC/test/list/class-model.sh" > "$inner"
chmod +x "$inner"
bash "$DAXCTL_SRC/test/lib/class-model.sh" "$inner"
rc=$?
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "class-model.sh: the fixture run failed ($rc)" >&2; exit 1; }
python3 "$DAXCTL_SRC/test/list/compare.py" "$LIST_CLASS_OUT" --stdout-only
