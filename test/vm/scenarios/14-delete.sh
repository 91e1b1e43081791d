# SPDX-License-Identifier: GPL-2.0-or-later
# The region's delete attribute.
R=$(regdir dax0.0)
for v in dax9.9 dax0.0 dax1.0 garbage; do wr "$v" "$R/delete"; done
wr 0 "$BUS/devices/dax0.1/size"
rd "$R/seed"
wr dax0.1 "$R/delete"
wrn dax0.2 "$R/delete"
wr dax0.1 "$R/delete"
rd "$R/seed" "$R/available_size"
devs
wr 1 "$R/create"
rd "$R/seed"
devs
