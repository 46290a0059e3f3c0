#!/usr/bin/env bash
# `npm test`: every test. Installs what is missing, then
#   1. native build (g++) + ctest: the GoogleTest suites of every layer, incl. coturn interop
#   2. fuzz build (clang, libFuzzer + ASan/UBSan) + ctest: a short smoke run of every fuzz target
#   3. wasm build (emcc) + Jest: the same core through Embind, the JS API, the demo in Chromium;
#      then the UDP suites again with the sockets in the UDP thread
# and ends with one line "N passed, N failed" summing all three. A suite that fails to build
# counts as one failure and the others still run.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh || exit 1
mkdir -p build
passed=0
failed=0
report=()

# Adds the counts of ctest's summary line ("97% tests passed, 1 tests failed out of 30").
count_ctest() {
  local label="$1" log="$2" line p f
  line="$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log" | tail -1)"
  if [ -z "$line" ]; then
    failed=$((failed + 1)); report+=("$label: no test summary (see $log)"); return
  fi
  f="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")"
  p=$(( $(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line") - f ))
  passed=$((passed + p)); failed=$((failed + f)); report+=("$label: $p passed, $f failed")
}

run_ctest() {
  local label="$1" dir="$2" log="build/$1-ctest.log"
  ctest --test-dir "$dir" -j"$(nproc)" --output-on-failure --timeout 600 2>&1 | tee "$log" | \
    grep -E 'Failed|\*\*\*|tests passed|Error|error:' || true
  count_ctest "$label" "$log"
}

echo "== native build and GoogleTest =="
if bash scripts/build_native.sh; then run_ctest native build/native
else failed=$((failed + 1)); report+=("native: BUILD FAILED"); fi

echo "== fuzz build and smoke runs =="
if bash scripts/build_fuzz.sh; then run_ctest fuzz build/fuzz
else failed=$((failed + 1)); report+=("fuzz: BUILD FAILED"); fi

echo "== wasm build and Jest =="
# Runs Jest (on the test files given, or all) and adds its counts under `label`.
run_jest() {
  local label="$1" result="build/$1.json"; shift
  rm -f "$result"
  node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js \
    --json --outputFile="$result" "$@" 2>&1 | grep -vE '^\s*$' || true
  if [ -f "$result" ]; then
    read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "./$result")
    passed=$((passed + p)); failed=$((failed + f)); report+=("$label: $p passed, $f failed")
  else
    failed=$((failed + 1)); report+=("$label: no result file")
  fi
}

if bash scripts/build_wasm.sh; then
  run_jest jest
  # The suites that move data over UDP again with every connection's sockets in the UDP thread
  # (js/src/udp_thread.js): the same API tests and interop peers through the other socket path.
  echo "== Jest again with WASMRTC_UDP_THREAD=1 =="
  WASMRTC_UDP_THREAD=1 run_jest jest-udp-thread tests/js/rtc_peer_connection.test.js \
    tests/js/rtc_transports.test.js tests/js/vanished_peer.test.js tests/js/fingerprint.test.js \
    tests/js/interop/native_pc_interop.test.js tests/js/interop/ice_servers.test.js tests/js/path_mtu.test.js
else failed=$((failed + 1)); report+=("wasm: BUILD FAILED"); fi

echo "== summary =="
printf '  %s\n' "${report[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
