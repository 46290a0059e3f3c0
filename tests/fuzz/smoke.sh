#!/usr/bin/env bash
# Short, deterministic libFuzzer run for ctest (CMakeLists.txt): new inputs go to a scratch corpus so
# the committed seeds in tests/fuzz/corpus/<target>/ are only read. Crash inputs land in the build dir.
#   smoke.sh <fuzzer binary> <runs> [seed corpus dir]
set -uo pipefail
fuzzer="$1"; runs="$2"; seeds="${3:-}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$fuzzer" -seed=1 -runs="$runs" -max_len=4096 -artifact_prefix="$(pwd)/" "$scratch" ${seeds:+"$seeds"} 2>&1 | tail -15
exit "${PIPESTATUS[0]}"
