# SPDX-License-Identifier: GPL-2.0-or-later
# Every dynamic region: a device of one alignment unit (at least 2M) by daxctl where space
# is left, raw create/seed/delete writes, then the region as it was.
for d in "$BUS"/devices/dax*.0; do
	R=$(regdir "${d##*/}")
	[ -e "$R/create" ] || continue
	_get "$R/id"; id=$V
	_get "$R/align"; a=$V
	_get "$R/available_size"; avail=$V
	s=$((a > 2097152 ? a : 2097152))
	dctl create-device -r "$id" -s "$s"
	new=$(sed -n 's/.*"chardev":"\(dax[0-9.]*\)".*/\1/p' "$SCEN_TMP/out" | head -n 1)
	rd "$R/available_size" "$R/seed"
	if [ -n "$new" ]; then
		dctl list -d "$new" -M
		dctl disable-device "$new"
		dctl destroy-device "$new"
	fi
	wr 1 "$R/create"
	rd "$R/seed" "$R/create"
	_get "$R/seed"; seed=$V
	[ -n "$seed" ] && wr "$seed" "$R/delete"
	rd "$R/available_size"
	[ "$avail" -ge "$s" ] || dctl create-device -r "$id" -s "$s"
	devs
done
