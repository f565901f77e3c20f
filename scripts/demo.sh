#!/usr/bin/env bash
# The demo: set up, build the widget, and serve the demo site, the widget and the
# collection API from one process, storing into SQLite; beside it, the same pages on
# another site (http://localhost:PORT+1/) embedding the widget with the pinned tag that
# `touchpoint embed` prints, as a web team's site would.
#   ADDR (default 127.0.0.1:8080), DB (default touchpoint.db) and HOST_PORT (default the
#   collector's port + 1) are configurable; DEMO_COUNT (default 4000) generated submissions
#   are added for the demo's site when it has none.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-widget.sh
scripts/build-studio.sh
cargo build --quiet --release -p touchpoint-collector

addr=${ADDR:-127.0.0.1:8080}
port=${addr##*:}
host_port=${HOST_PORT:-$((port + 1))}
collector="http://${addr/0.0.0.0/127.0.0.1}"
# The other site's origin may post answers for the demo's site.
sites=$(mktemp "${TMPDIR:-/tmp}/touchpoint-demo-sites.XXXXXX.json")
printf '{"sites": {"northwind": {"origins": ["http://localhost:%s"]}}}\n' "$host_port" > "$sites"

# A populated dashboard from the first visit: a year of generated submissions for the demo's
# site, once (only while it has none; `touchpoint seed-demo --remove` takes them away again).
target/release/touchpoint seed-demo --site northwind --count "${DEMO_COUNT:-4000}" --if-empty --db "${DB:-touchpoint.db}"

echo
echo "The tag for a page on another site, pinned to this build (touchpoint embed --base $collector/):"
target/release/touchpoint embed --base "$collector/"

# Studio: a demo admin made with the CLI when the database has no user yet; its password
# is printed this once (the database keeps only its argon2id hash).
db=${DB:-touchpoint.db}
echo
if target/release/touchpoint user list --db "$db" | tail -n +2 | grep -q .; then
  echo "Studio: $collector/studio/ (sign in as a user of $db; add one with:"
  echo "  touchpoint user add EMAIL --role admin --db $db   (the password is read from standard input))"
else
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  printf '%s\n' "$password" | target/release/touchpoint user add demo@northwind.example --role admin --db "$db" >/dev/null
  echo "Studio: $collector/studio/"
  echo "  sign in as demo@northwind.example with the password $password"
  echo "  (shown this once; a new one: touchpoint user password demo@northwind.example --db $db)"
fi
echo
node scripts/host-server.mjs --port "$host_port" --collector "$collector" --binary target/release/touchpoint &
host_pid=$!
trap 'kill "$host_pid" 2>/dev/null; rm -f "$sites"' EXIT
target/release/touchpoint serve --addr "$addr" --db "${DB:-touchpoint.db}" --www www --pkg pkg --sites "$sites"
