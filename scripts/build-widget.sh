#!/usr/bin/env bash
# Builds the widget into pkg/: cargo (size-optimised wasm profile), wasm-bindgen
# (--target web), wasm-opt -Oz; then prints the size report.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p touchpoint --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --out-dir pkg --out-name touchpoint \
  target/wasm32-unknown-unknown/wasm-release/touchpoint.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  pkg/touchpoint_bg.wasm -o pkg/touchpoint_bg.wasm
node scripts/size-report.mjs
