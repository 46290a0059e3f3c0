#!/usr/bin/env bash
# `npm run demo`: install what is missing, build the wasm core, serve the demo on localhost.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
bash scripts/build_wasm.sh --module
exec node demo/server.mjs
