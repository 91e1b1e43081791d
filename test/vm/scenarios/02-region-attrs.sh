# SPDX-License-Identifier: GPL-2.0-or-later
# The hmem region of dax0.0 at boot: the platform device and its dax_region attributes.
readlink -f "$BUS/devices/dax0.0"
R=$(regdir dax0.0)
dump "${R%/dax_region}"
dump "$R"
