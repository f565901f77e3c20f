#!/usr/bin/env bash
# Throw-away PostgreSQL clusters for tests and benchmarks, from Debian's packages.
# initdb refuses to run as root, so as root the cluster runs as the package's
# unprivileged `postgres` user (runuser); otherwise as the caller.
#
#   scripts/pg.sh start DIR        initdb in DIR (if new) and start it on a free loopback
#                                  port (the same port again after a stop); prints the URL
#   scripts/pg.sh stop DIR         fast shutdown (the files stay: start again later)
#   scripts/pg.sh remove DIR       stop if running, delete DIR
#   scripts/pg.sh newdb URL        create a fresh empty database on the cluster at URL;
#                                  prints its URL (one per test keeps tests apart)
#   scripts/pg.sh run CMD...       start a cluster in a temp dir, export its URL as
#                                  TOUCHPOINT_TEST_PG, run CMD, remove the cluster
#                                  (also on failure or Ctrl-C); CMD's exit code
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh --postgres installs Debian's package)" >&2
  exit 1
fi

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "pg.sh: no free port found" >&2
  return 1
}

start() {
  local dir=$1
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  if [[ ! -f "$dir/pg/PG_VERSION" ]]; then
    as_pg "$bin/initdb" -D "$dir/pg" -A trust -U tp --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  local port tries=0
  port=$(cat "$dir/port" 2>/dev/null || true)
  while :; do
    [[ -n "$port" ]] || port=$(free_port)
    # Test clusters trade durability for speed (fsync off); enough connections for
    # parallel tests that each open a pool.
    if as_pg "$bin/pg_ctl" -D "$dir/pg" -w -t 30 -l "$dir/log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null; then
      break
    fi
    tries=$((tries + 1))
    if [[ -f "$dir/port" || $tries -ge 5 ]]; then tail -20 "$dir/log" >&2; return 1; fi
    port=""  # taken meanwhile: try another
  done
  echo "$port" | as_pg tee "$dir/port" >/dev/null
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U tp -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = 'touchpoint'" | grep -q 1; then
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U tp touchpoint
  fi
  echo "postgres://tp@127.0.0.1:$port/touchpoint"
}

stop() {
  local dir=$1
  if [[ -f "$dir/pg/postmaster.pid" ]]; then
    as_pg "$bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  remove)
    stop "$2" || true
    rm -rf "$2"
    ;;
  newdb)
    url=$2
    name="t_$(date +%s%N)_$$_$RANDOM"
    hostport=${url#*@}; hostport=${hostport%%/*}
    as_pg "$bin/createdb" -h "${hostport%:*}" -p "${hostport#*:}" -U tp "$name"
    echo "${url%/*}/$name"
    ;;
  run)
    shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/touchpoint-pg.XXXXXX")
    trap 'stop "$dir" || true; rm -rf "$dir"' EXIT
    trap 'exit 130' INT TERM
    TOUCHPOINT_TEST_PG=$(start "$dir")
    export TOUCHPOINT_TEST_PG
    set +e
    "$@"
    exit $?
    ;;
  *)
    sed -n '2,16p' "$0" >&2
    exit 2
    ;;
esac
