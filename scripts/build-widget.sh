#!/usr/bin/env bash
# Builds the widget into pkg/: cargo (size-optimised wasm profile), wasm-bindgen
# (--target web), shorter import names (scripts/minify-imports.mjs), wasm-opt -Oz
# --converge (repeats the passes while they still shrink the module: about 1 KB
# brotli for 10 s more) --low-memory-unused (Rust puts its 1 MB stack first and its data
# above it: only a stack about to overflow would reach the first KB, so constant offsets
# may fold into loads and stores: 1.4 KB brotli) --ignore-implicit-traps (safe Rust never
# relies on a load out of bounds trapping: panics end in an explicit `unreachable`, which
# is kept; 439 B brotli); then prints the size report, which fails on a wasm grown
# more than 1 KB brotli over scripts/size-baseline.json (or a loader over its budget).
# scripts/build-dist.mjs then writes the served files (content-hashed, with the loader
# built against their SRI hashes) and the npm package's package.json into pkg/.
#
# Everything after cargo depends only on cargo's wasm and the tools: its result is
# kept in target/widget-cache/ under a hash of those, so an unchanged widget is
# copied into pkg/ instead of being optimised again (about 35 s on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p touchpoint --target wasm32-unknown-unknown --profile wasm-release
wasm=target/wasm32-unknown-unknown/wasm-release/touchpoint.wasm
wasm_opt=node_modules/.bin/wasm-opt

key=$(
  {
    sha256sum "$wasm" "$0" scripts/minify-imports.mjs package-lock.json
    wasm-bindgen --version
  } | sha256sum | cut -c1-32
)
cache=target/widget-cache/$key
if [[ ! -f $cache/touchpoint_bg.wasm ]]; then
  rm -rf "$cache.tmp"
  wasm-bindgen --target web --out-dir "$cache.tmp" --out-name touchpoint "$wasm"
  node scripts/minify-imports.mjs "$cache.tmp/touchpoint_bg.wasm" "$cache.tmp/touchpoint.js"
  "$wasm_opt" -Oz --converge --low-memory-unused --ignore-implicit-traps --strip-debug --strip-producers \
    "$cache.tmp/touchpoint_bg.wasm" -o "$cache.tmp/touchpoint_bg.wasm"
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
  # Keep the last few builds only.
  ls -1dt target/widget-cache/*/ | tail -n +6 | xargs -r rm -rf
else
  echo "widget unchanged since an earlier build: pkg/ from target/widget-cache/$key"
fi
rm -rf pkg && mkdir -p pkg && cp -R "$cache"/. pkg/
# What is served (content-hashed, minified, precompressed, the loader built against it) and packed.
node scripts/build-dist.mjs
node scripts/size-report.mjs
