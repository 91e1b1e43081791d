# SPDX-License-Identifier: GPL-2.0-or-later
# Put the machine back: dax0.0 owns the whole region in devdax mode.
R=$(region dax0.0)
dx reconfigure-device -s 2G dax0.0
eq "dax0.0 regrown exits 0" "$RC" 0
dx enable-device dax0.0
eq "enable-device exits 0" "$RC" 0
eq "dax0.0 on device_dax" "$(driver dax0.0)" device_dax
eq "region full" "$(<"$R/available_size")" 0
