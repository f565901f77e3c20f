#!/usr/bin/env bash
# Installs whatever this machine is missing to build Touchpoint (and, with
# --browser and --postgres, to test it). Idempotent: each step checks first and
# skips what is already there, so a warm run takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=false postgres=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --postgres) postgres=true ;;
    *) echo "setup.sh: unknown option $arg (known: --browser, --postgres)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Rust's wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI at exactly the version Cargo.lock pins for the library.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [[ "$have" != "$want" ]]; then
  say "installing wasm-bindgen-cli $want (have: ${have:-none}); takes about 3 minutes once"
  # No --locked: the registry mirror lacks some versions the CLI's own lock file pins.
  cargo install wasm-bindgen-cli --version "$want"
fi

# npm packages (wasm-opt from binaryen, playwright-core, axe-core) from the lock file.
stamp=node_modules/.package-lock.sha
sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$sum" ]]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$sum" > "$stamp"
fi

if $browser; then
  # Debian's Chromium and its matching driver; test tools must not download their own browser.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
if $postgres; then
  # Debian's PostgreSQL server for the collector's tests; they run throw-away clusters of
  # their own (scripts/pg.sh), never the system one the package may start on 5432.
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    say "installing postgresql from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
say "ready"
