#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the libFuzzer target of the config parser for a fixed number of inputs, starting from
# the seed corpus; new inputs go to a scratch directory, never into the source tree.
# usage: run-fuzz.sh FUZZER SEED_CORPUS_DIR RUNS
set -eu
fuzzer=$1 seeds=$2 runs=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fuzzer" -runs="$runs" -max_len=512 -seed=1 -artifact_prefix="$work/" "$work" "$seeds" 2>"$work/log" || {
	tail -40 "$work/log"; exit 1; }
grep -E '^#[0-9]+ *DONE' "$work/log" || tail -3 "$work/log"
