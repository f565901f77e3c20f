#!/usr/bin/env bash
# The demo: set up, build the widget, and serve the demo site, the widget and the
# collection API from one process, storing into SQLite.
#   ADDR (default 127.0.0.1:8080) and DB (default touchpoint.db) are configurable.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-widget.sh
cargo build --quiet --release -p touchpoint-collector
exec target/release/touchpoint serve --addr "${ADDR:-127.0.0.1:8080}" --db "${DB:-touchpoint.db}" --www www --pkg pkg
