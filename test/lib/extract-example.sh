#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The C program of libdaxctl(3)'s EXAMPLE section: the lines between the first two '----'
# after '== EXAMPLE'. usage: extract-example.sh libdaxctl.txt OUT.c
set -e
awk '/^== EXAMPLE/ { sec = 1; next } /^== / { sec = 0 }
	sec && /^----$/ { n++; next } sec && n == 1 { print }' "$1" >"$2.tmp"
[ -s "$2.tmp" ] || { echo "extract-example.sh: no program in $1" >&2; rm -f "$2.tmp"; exit 1; }
mv "$2.tmp" "$2"
