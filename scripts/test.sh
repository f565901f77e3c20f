#!/usr/bin/env bash
# Every check and test, fastest first. Runs all steps even when one fails, then
# prints one closing line: "total: N passed, N failed" (tests passed/failed, with
# each failed check such as fmt or clippy counted as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never CHROMEDRIVER=/usr/bin/chromedriver

scripts/setup.sh --browser --postgres || { echo "total: 0 passed, 1 failed"; exit 1; }

passed=0 failed=0 failed_steps=()
log=$(mktemp -d)
started=$SECONDS

# A throw-away PostgreSQL cluster for the collector's tests and the delivery fault suite on
# PostgreSQL, removed at the end whatever happens. Without it the PostgreSQL tests fail:
# a missing database is never a skip.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/touchpoint-pg.XXXXXX")
trap 'scripts/pg.sh remove "$pgdir" >/dev/null 2>&1 || true; rm -rf "$log"' EXIT
t0=$SECONDS
if TOUCHPOINT_TEST_PG=$(scripts/pg.sh start "$pgdir"); then
  export TOUCHPOINT_TEST_PG
  echo "PostgreSQL for tests: $TOUCHPOINT_TEST_PG (started in $((SECONDS - t0))s)"
else
  failed=$((failed + 1)) failed_steps+=("PostgreSQL cluster")
  echo "PostgreSQL did not start: its tests will fail"
fi

# step NAME CMD...: runs CMD, shows its output, adds its test counts.
step() {
  local name=$1; shift
  local t0=$SECONDS out="$log/${name//[^a-z0-9]/_}.txt"
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  # cargo test: "test result: ok. 12 passed; 0 failed; ..."; node --test: "# pass 3" and "# fail 0".
  local p f
  read -r p f < <(awk '
    /test result: / { for (i = 1; i < NF; i++) { if ($(i + 1) ~ /^passed/) p += $i; if ($(i + 1) ~ /^failed/) f += $i } }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    END { print p + 0, f + 0 }' "$out")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [[ $rc -ne 0 ]]; then
    failed_steps+=("$name")
    [[ ${f:-0} -eq 0 ]] && failed=$((failed + 1))
  fi
  printf '\033[1m-- %s: %s in %ss\033[0m\n' "$name" "$([[ $rc -eq 0 ]] && echo ok || echo FAILED)" $((SECONDS - t0))
}

core_is_browser_free() {
  local bad
  bad=$(cargo tree -p touchpoint-core -e normal --target all --prefix none \
    | grep -Eo '^(wasm-bindgen|web-sys|js-sys|gloo[a-z-]*|yew[a-z-]*) ' | sort -u)
  if [[ -n "$bad" ]]; then
    echo "touchpoint-core must not depend on browser crates, found: $bad"
    return 1
  fi
  echo "touchpoint-core depends on no browser crate"
}

step "cargo fmt" cargo fmt --all -- --check
step "core is browser-free" core_is_browser_free
step "core layers (no import cycles)" scripts/check-layers.sh
step "clippy (native)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (wasm32)" cargo clippy -p touchpoint -p touchpoint-studio --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
step "native tests" cargo test --workspace --quiet
# The integration tests (tests/*.rs); the library's own tests are DOM-free and ran natively above.
step "browser tests (wasm-bindgen-test, headless Chromium)" \
  cargo test -p touchpoint --target wasm32-unknown-unknown --test '*'
step "build widget into pkg/ (size report)" scripts/build-widget.sh
step "build Studio into pkg/studio/ (size report)" scripts/build-studio.sh
step "build collector" cargo build --quiet -p touchpoint-collector
step "end-to-end tests (Playwright, real collector; pages on another site)" node tests/e2e/run.mjs
step "delivery fault suite on PostgreSQL (Playwright)" \
  env TOUCHPOINT_E2E_BACKEND=postgres node tests/e2e/run.mjs tests/e2e/delivery.test.mjs

echo
echo "test command took $((SECONDS - started))s"
if [[ ${#failed_steps[@]} -gt 0 ]]; then
  echo "failed steps: ${failed_steps[*]}"
fi
echo "total: $passed passed, $failed failed"
[[ ${#failed_steps[@]} -eq 0 ]]
