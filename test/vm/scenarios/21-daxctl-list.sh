# SPDX-License-Identifier: GPL-2.0-or-later
# Our daxctl list on the restored machine (dax0.0 devdax over the whole region, a size-0 seed).
dctl list
dctl list -RDMu
dctl list -RDMi
dctl list -r 0 -D -i
dctl list -d dax0.1 -i
dctl list -d dax9.9
