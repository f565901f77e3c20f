#!/usr/bin/env bash
# Builds the widget package and the size probe, then runs bench.mjs: throughput of
# Touchpoint's scoreText next to npm sentiment, wink-sentiment and vader-sentiment
# on ../shared/data/sentiment, the same scoreText on the non-English sets
# (../shared/data/sentiment-ml, sentiment/data/eval) next to npm sentiment on the
# English ones in the same run, the wasm build's accuracy, and the scorer's size cost.
# Needs: the wasm32-unknown-unknown target and the wasm-bindgen CLI matching Cargo.lock.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

# Dependencies pinned by package-lock.json; reinstall only when missing or stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The widget package exactly as shipped (its scoreText export).
cargo build --manifest-path "$root/Cargo.toml" -p touchpoint --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --out-dir pkg "$root/target/wasm32-unknown-unknown/wasm-release/touchpoint.wasm"
# As in the npm package: scoreText reads a language's lexicon from pkg/lexicons/ in Node
# (English's too: the wasm carries only the emoji and emoticons).
mkdir -p pkg/lexicons
cp "$root"/sentiment/data/lexicons/*.bin pkg/lexicons/
cp "$root"/sentiment/data/sentiment/lexicon.bin pkg/lexicons/en.bin

# The size probe: without a scorer, with the widget's (lexicons on demand, or
# embedded) (see size-probe/Cargo.toml).
probe_target="$root/target/size-probe"
for variant in base scorer scorer-embedded; do
  features=()
  [ "$variant" != base ] && features=(--features "$variant")
  cargo build --manifest-path size-probe/Cargo.toml --release --target wasm32-unknown-unknown \
    --target-dir "$probe_target" "${features[@]}"
  mkdir -p "pkg-size/$variant"
  cp "$probe_target/wasm32-unknown-unknown/release/sentiment_size_probe.wasm" "pkg-size/$variant/probe.wasm"
  wasm-bindgen --target web --remove-name-section --out-dir "pkg-size/$variant" "pkg-size/$variant/probe.wasm"
done

node bench.mjs
