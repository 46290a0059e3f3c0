#!/usr/bin/env bash
# Installs whatever is missing for building, testing and running the demo, and nothing else:
# Debian packages (apt), the deb-src entry that `apt-get source` needs for the wasm third-party
# builds, and the npm devDependencies (npm ci). Idempotent, and silent when everything is present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
  cmake make pkg-config g++ clang libclang-rt-14-dev   # native + fuzz (libFuzzer, sanitizers) builds
  emscripten                                           # wasm build (Debian's 3.1.6)
  dpkg-dev                                             # apt-get source unpacking
  libssl-dev libopus-dev libvpx-dev                    # native third-party libraries
  libboost-dev libgtest-dev libgmock-dev nlohmann-json3-dev  # Asio, GoogleTest, test vectors
  coturn                                               # reference TURN server for interop tests
  openssl                                              # CLI: test certificates for TURN over TLS
  chromium                                             # browser tests (driven by playwright-core)
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# apt-get source needs deb-src lines for the same suites as the binary ones.
SRC_LIST=/etc/apt/sources.list.d/wasmrtc-src.sources
need_update=0
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "[bootstrap] adding deb-src entries ($SRC_LIST)"
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_update -eq 1 ]; then
  echo "[bootstrap] apt: installing ${missing[*]:-(source index only)}"
  $SUDO apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[bootstrap] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
