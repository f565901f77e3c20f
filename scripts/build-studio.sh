#!/usr/bin/env bash
# Builds Studio (the marketers' app, crate studio/) into pkg/studio/, which the collector
# serves at /studio/: cargo (the size-optimised wasm profile), wasm-bindgen (--target web),
# wasm-opt -Oz (--converge --low-memory-unused, as the widget's build: see build-widget.sh), then scripts/build-studio.mjs writes the content-hashed, precompressed
# files and the two pages (index.html, preview.html) that name them.
#
# Everything after cargo depends only on cargo's wasm, Studio's static files and the
# tools: its result is kept in target/studio-cache/ under a hash of those, so an unchanged
# Studio is copied into pkg/studio/ instead of being optimised again. Run it after
# scripts/build-widget.sh, which empties pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p touchpoint-studio --target wasm32-unknown-unknown --profile wasm-release
wasm=target/wasm32-unknown-unknown/wasm-release/touchpoint_studio.wasm
wasm_opt=node_modules/.bin/wasm-opt

key=$(
  {
    sha256sum "$wasm" "$0" scripts/build-studio.mjs package-lock.json studio/static/*
    wasm-bindgen --version
  } | sha256sum | cut -c1-32
)
cache=target/studio-cache/$key
if [[ ! -f $cache/index.html ]]; then
  rm -rf "$cache.tmp"
  wasm-bindgen --target web --no-typescript --out-dir "$cache.tmp/raw" --out-name studio "$wasm"
  "$wasm_opt" -Oz --converge --low-memory-unused --strip-debug --strip-producers "$cache.tmp/raw/studio_bg.wasm" -o "$cache.tmp/raw/studio_bg.wasm"
  node scripts/build-studio.mjs "$cache.tmp/raw" "$cache.tmp/out"
  rm -rf "$cache" && mv "$cache.tmp/out" "$cache" && rm -rf "$cache.tmp"
  ls -1dt target/studio-cache/*/ | tail -n +4 | xargs -r rm -rf
else
  echo "studio unchanged since an earlier build: pkg/studio/ from target/studio-cache/$key"
fi
rm -rf pkg/studio && mkdir -p pkg && cp -R "$cache" pkg/studio
node scripts/size-report.mjs --studio
