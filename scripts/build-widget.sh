#!/usr/bin/env bash
# Builds the widget into pkg/: cargo (size-optimised wasm profile), wasm-bindgen
# (--target web), wasm-opt -Oz --converge (repeats the passes while they still
# shrink the module: about 1 KB brotli for 10 s more); then prints the size report.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p touchpoint --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --out-dir pkg --out-name touchpoint \
  target/wasm32-unknown-unknown/wasm-release/touchpoint.wasm
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers \
  pkg/touchpoint_bg.wasm -o pkg/touchpoint_bg.wasm
node scripts/size-report.mjs
