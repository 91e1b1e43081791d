#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# embed.sh IN OUT: turn the default topology into a C string.
set -e
{
	echo '/* generated from default.topo by embed.sh */'
	echo 'const char daxsim_default_topology[] ='
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$1"
	echo ';'
} > "$2"
