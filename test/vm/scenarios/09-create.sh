# SPDX-License-Identifier: GPL-2.0-or-later
# The region's create attribute: bad values, then two new devices; seed and ids.
R=$(regdir dax0.0)
for v in 2 0 x -1; do wr "$v" "$R/create"; done
rd "$R/seed" "$R/create"
wr 1 "$R/create"
rd "$R/seed" "$R/create"
wrn 1 "$R/create"
rd "$R/seed" "$R/create"
devs
