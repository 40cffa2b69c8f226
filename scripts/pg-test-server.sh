#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the test suites.
#
#   scripts/pg-test-server.sh start DIR   initdb into a new temporary directory, start postgres
#                                         on a free 127.0.0.1 port, write the URL to DIR/url
#   scripts/pg-test-server.sh stop DIR    stop that server and remove its temporary directory
#   scripts/pg-test-server.sh pause DIR   stop the server but keep its data (a database outage)
#   scripts/pg-test-server.sh resume DIR  start it again on the same port with the same data
#
# DIR only holds the small state files (url, pgdir); the cluster itself lives in a mktemp
# directory so that an unprivileged server user can own it whatever DIR's permissions are.
# PostgreSQL refuses to run as root: when the caller is root the server runs as the system
# user meekijk-test (created when missing), or as nobody if that cannot be created.
# fsync stays on: the suite tests durability claims, not a faster lie.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_USER=meekijk

die() { echo "pg-test-server: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: $0 start|stop|pause|resume DIR"
cmd=$1
state=$2
[ -x "$PG_BIN/postgres" ] || die "no PostgreSQL 15 server in $PG_BIN (apt-get install postgresql-15)"

server_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
    return
  fi
  if ! id -u meekijk-test >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin meekijk-test >/dev/null 2>&1 || true
  fi
  if id -u meekijk-test >/dev/null 2>&1; then echo meekijk-test; else echo nobody; fi
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$SERVER_USER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  mkdir -p "$state"
  if [ -f "$state/pgdir" ] && [ -d "$(cat "$state/pgdir")" ]; then stop; fi  # a leftover of a killed run
  rm -f "$state/url" "$state/pgdir"
  SERVER_USER=$(server_user)
  local tmp
  # As root, /tmp: the server user must be able to reach the directory through its parents.
  local parent=${TMPDIR:-/tmp}
  [ "$(id -u)" -ne 0 ] || parent=/tmp
  tmp=$(mktemp -d "$parent/meekijk-pg-XXXXXX")
  echo "$tmp" >"$state/pgdir"
  chmod 755 "$tmp"
  [ "$(id -u)" -ne 0 ] || chown "$SERVER_USER" "$tmp"
  as_server_user "$PG_BIN/initdb" -D "$tmp/data" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if run_server "$tmp" "$port"; then
      echo "$port" >"$state/port"
      echo "postgresql://$DB_USER@127.0.0.1:$port/postgres" >"$state/url"
      echo "pg-test-server: PostgreSQL running at $(cat "$state/url") (data in $tmp, user $SERVER_USER)"
      return 0
    fi
    echo "pg-test-server: start on port $port failed (attempt $attempt)" >&2
  done
  tail -n 20 "$tmp/server.log" >&2 || true
  die "could not start PostgreSQL"
}

# Many test processes each hold a pool of connections: room for all of them.
run_server() {
  as_server_user "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 start -o \
    "-c port=$2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$1 -c fsync=on \
     -c synchronous_commit=on -c max_connections=400 -c shared_buffers=64MB" >/dev/null
}

pause() {
  local tmp
  tmp=$(cat "$state/pgdir")
  SERVER_USER=$(stat -c %U "$tmp")
  as_server_user "$PG_BIN/pg_ctl" -D "$tmp/data" -m fast -w -t 60 stop >/dev/null
}

resume() {
  local tmp
  tmp=$(cat "$state/pgdir")
  SERVER_USER=$(stat -c %U "$tmp")
  run_server "$tmp" "$(cat "$state/port")" || die "could not restart PostgreSQL"
}

stop() {
  [ -f "$state/pgdir" ] || { echo "pg-test-server: nothing to stop in $state"; return 0; }
  local tmp
  tmp=$(cat "$state/pgdir")
  SERVER_USER=$(stat -c %U "$tmp" 2>/dev/null || id -un)
  if [ -f "$tmp/data/postmaster.pid" ]; then
    as_server_user "$PG_BIN/pg_ctl" -D "$tmp/data" -m fast -w -t 60 stop >/dev/null ||
      as_server_user "$PG_BIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null || true
  fi
  case "$tmp" in
    */meekijk-pg-*) rm -rf "$tmp" ;;  # never remove anything this script did not create
  esac
  rm -f "$state/url" "$state/pgdir" "$state/port"
  echo "pg-test-server: stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  resume) resume ;;
  *) die "usage: $0 start|stop|pause|resume DIR" ;;
esac
