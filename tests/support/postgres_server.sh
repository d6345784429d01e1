#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (CTest fixture PostgresServer, tests/CMakeLists.txt).
#   postgres_server.sh start STATE_DIR   initdb in a temporary data directory, start postgres on a
#                                        free loopback port, write its URL to STATE_DIR/url
#   postgres_server.sh stop STATE_DIR    stop it and remove the data directory
#   postgres_server.sh halt|resume STATE_DIR   stop / start the running server, keeping its data
# postgres refuses to run as root (CI runs as root): then the server runs as the unprivileged
# Debian `postgres` user (created by the postgresql package), which owns the temporary directory.
# Without the server binaries this fails with the command that installs them.
set -euo pipefail
cmd=${1:?usage: $0 start|stop|halt|resume STATE_DIR}
state=${2:?usage: $0 start|stop|halt|resume STATE_DIR}

# The newest installed major version (KAMIFLOW_PG_BINDIR overrides; tests use it to check the
# message below).
bindir=${KAMIFLOW_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "postgres_server.sh: the PostgreSQL server is not installed (no /usr/lib/postgresql/*/bin/initdb)." >&2
  echo "  The PostgreSQL tests need it: run 'make test' (cmake/install-deps.sh test installs it)" >&2
  echo "  or: apt-get install postgresql" >&2
  exit 1
fi

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "postgres_server.sh: running as root but no 'postgres' user to run the server as" >&2; exit 1; }
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ctl_in() {  # pg_ctl against the data directory recorded in $state
  local data; data=$(cat "$state/datadir")
  as_server_user "$bindir/pg_ctl" -D "$data" "$@"
}

start_on_port() {
  local data=$1 port=$2 sock=$3
  # fsync off (KAMIFLOW_PG_FSYNC=on to measure): the tests kill workers and stop the server
  # cleanly, never the machine; the host disk's durability is not what they test.
  as_server_user "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
    -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=${KAMIFLOW_PG_FSYNC:-off} -c max_connections=100" start >/dev/null
}

case "$cmd" in
  start)
    # A server left by an interrupted run (its cleanup never ran) is stopped first.
    [[ -f "$state/datadir" ]] && "$0" stop "$state"
    mkdir -p "$state"
    root=$(mktemp -d /tmp/kamiflow-pg.XXXXXX)
    chmod 755 "$root"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$root"
    as_server_user "$bindir/initdb" -D "$root/data" -A trust -U kamiflow -E UTF8 --locale=C --no-sync >"$state/initdb.log" 2>&1 ||
      { cat "$state/initdb.log" >&2; exit 1; }
    echo "$root/data" >"$state/datadir"
    echo "$root" >"$state/root"
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 30000))
      # A port another server already listens on makes pg_ctl fail: try another.
      if start_on_port "$root/data" "$port" "$root" 2>>"$state/start.log"; then
        echo "$port" >"$state/port"
        echo "postgresql://kamiflow@127.0.0.1:$port/postgres" >"$state/url"
        echo "PostgreSQL test server on 127.0.0.1:$port ($root/data)"
        exit 0
      fi
    done
    echo "postgres_server.sh: could not start postgres; log:" >&2
    cat "$root/data/server.log" "$state/start.log" >&2 || true
    exit 1
    ;;
  halt)
    pg_ctl_in -m fast -w stop >/dev/null
    ;;
  resume)
    start_on_port "$(cat "$state/datadir")" "$(cat "$state/port")" "$(cat "$state/root")"
    ;;
  stop)
    [[ -f "$state/datadir" ]] || exit 0
    pg_ctl_in -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$(cat "$state/root")"
    rm -f "$state/url" "$state/datadir" "$state/root" "$state/port"
    ;;
  *) echo "usage: $0 start|stop|halt|resume STATE_DIR" >&2; exit 2 ;;
esac
