#!/usr/bin/env bash
# Availability benchmark, native and in wasm, side by side: status and reply-by of 50
# channels at 10,000 random instants in 2025 (core's `Workload`). Natively the offsets come
# from jiff's bundled tz database; in wasm from `Intl.DateTimeFormat` (Node 20 has full ICU),
# as in the browser. The wasm is built with the `bench` feature into target/bench, never
# into the production pkg/.
#
#   bench/availability/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

out=target/bench/availability
mkdir -p "$out"

native=$(cargo run --quiet --release -p touchpoint-core --example availability_bench)
echo "$native"

# Its own target dir: the production wasm (same profile, without the feature) stays untouched.
cargo build --quiet -p touchpoint --target wasm32-unknown-unknown --profile wasm-release --features bench \
  --target-dir target/bench
wasm-bindgen --target web --out-dir "$out/pkg" --out-name touchpoint \
  target/bench/wasm32-unknown-unknown/wasm-release/touchpoint.wasm
node bench/availability/run.mjs "$out/pkg/touchpoint.js" "$native"
