#!/usr/bin/env bash
# Builds one third-party library for wasm with emcc and prints its install prefix (include/, lib/).
#   wasm/third_party/build.sh openssl|opus|vpx
# The result is cached outside the clone, in $WASMRTC_CACHE (default ~/.cache/wasmrtc), under
# <name>-<upstream version>-<hash of the recipe, pins and emcc version>, so every clone on the
# machine shares it and a recipe change rebuilds it. Progress goes to stderr, the prefix to stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="${1:?usage: build.sh openssl|opus|vpx}"
recipe="$here/recipe_$name.sh"
[ -f "$recipe" ] || { echo "no recipe for '$name'" >&2; exit 2; }
# shellcheck source=pins.sh
source "$here/pins.sh"
upper="$(echo "$name" | tr a-z A-Z)"
pkg_var="${upper}_PKG"; debver_var="${upper}_DEBVER"; up_var="${upper}_UPSTREAM"; sha_var="${upper}_SHA256"
pkg="${!pkg_var}"; debver="${!debver_var}"; upstream="${!up_var}"; sha="${!sha_var}"

export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # emcc cannot find acorn otherwise
cache="${WASMRTC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wasmrtc}"
# sed, not head: head exits after one line and, under pipefail, emcc's SIGPIPE would fail the
# assignment and end the script silently (seen: a clean clone's first wasm build "failed").
emcc_version="$(emcc --version 2>/dev/null | sed -n 1p)"
# This project's own files that a recipe copies into the source (its "# own-source: PATH" lines,
# relative to this folder; never third-party code) are part of the key too.
own_sources=()
while read -r own; do own_sources+=("$here/$own"); done < <(sed -n 's/^# own-source: \([^ ]*\).*/\1/p' "$recipe")
key="$( { cat "$recipe" "$here/pins.sh" ${own_sources[@]+"${own_sources[@]}"}; echo "$emcc_version"; } | sha256sum | cut -c1-12)"
prefix="$cache/$name-$upstream-$key"
if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi

# One build per library at a time on this machine (two clones or two commands may race here);
# whoever waited finds the finished prefix.
mkdir -p "$cache/downloads"
exec 9>"$cache/$name.lock"
flock 9
if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi

tarball="$cache/downloads/${pkg}_${upstream}.orig.tar.gz"
if [ ! -f "$tarball" ] || ! echo "$sha  $tarball" | sha256sum -c --status; then
  echo "[third_party] fetching Debian source $pkg=$debver" >&2
  # apt-get source fails on the missing .dsc in bookworm-security but still leaves the .orig behind.
  (cd "$cache/downloads" && apt-get source --download-only "$pkg=$debver" >/dev/null 2>&1 || true)
  [ -f "$tarball" ] || { echo "[third_party] apt-get source $pkg=$debver gave no $tarball (is a deb-src entry present? run scripts/bootstrap.sh)" >&2; exit 1; }
fi
echo "$sha  $tarball" | sha256sum -c --status || { echo "[third_party] sha256 mismatch for $tarball" >&2; exit 1; }

work="$(mktemp -d "$cache/build-$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
src="$(find "$work" -mindepth 1 -maxdepth 1 -type d | sed -n 1p)"
stage="$work/install"
start=$SECONDS
echo "[third_party] building $name $upstream for wasm (log: $work/build.log)" >&2
if ! (cd "$src" && JOBS="$(nproc)" PREFIX="$stage" bash "$recipe") >"$work/build.log" 2>&1; then
  tail -40 "$work/build.log" >&2
  echo "[third_party] $name build failed" >&2
  exit 1
fi
touch "$stage/.complete"
rm -rf "$prefix"; mv "$stage" "$prefix"
echo "[third_party] $name built in $((SECONDS - start)) s -> $prefix" >&2
echo "$prefix"
