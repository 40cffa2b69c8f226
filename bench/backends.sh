#!/usr/bin/env bash
# make bench → bash bench/backends.sh BUILD_DIR (after bench/run.sh)
#
# The same closed-loop loads (durable creates, then reads with their audit entry) against three
# setups, side by side in one run on this machine:
#   (a) SQLite: one `meekijk serve --data DIR`;
#   (b) PostgreSQL: one `meekijk serve --db postgresql://…`;
#   (c) PostgreSQL: two `meekijk serve --db …` instances on the same database behind nginx,
#       configured with the proxy blocks of deploy/nginx.conf (tests/deploy/nginx_conf.sh, the
#       same generator tests/deploy/cluster_test.sh uses).
# PostgreSQL is a throwaway server from scripts/pg-test-server.sh (fsync and synchronous_commit
# on); (b) and (c) each get a fresh database, (a) a fresh data dir, each with bench/region.json
# imported and a bearer token for the GP. Prints a markdown table with the ratios.
#
# Tunables (environment), as bench/run.sh: BENCH_SECONDS (measured seconds per run, 10),
# BENCH_WARMUP (2), BENCH_CONNECTIONS (64), BENCH_THREADS (driver threads, 1), BENCH_POOL
# (consults created before the read run, 1000), BENCH_DIR (parent of the temporary dirs).
set -euo pipefail

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
MEEKIJK=$BUILD/meekijk
LOAD=$BUILD/bench/meekijk-load
for b in "$MEEKIJK" "$LOAD"; do
  [[ -x $b ]] || { echo "backends.sh: $b is missing (build the meekijk and meekijk-load targets)" >&2; exit 1; }
done
NGINX=$(command -v nginx || true)
[[ -n $NGINX ]] || { [[ -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx; }
[[ -n $NGINX ]] || { echo "backends.sh: nginx is not installed (scripts/install-deps.sh)" >&2; exit 1; }
PSQL=$(command -v psql || true)
[[ -n $PSQL ]] || PSQL=/usr/lib/postgresql/15/bin/psql
[[ -x $PSQL ]] || { echo "backends.sh: psql is not installed (postgresql-client-15)" >&2; exit 1; }
export NGINX
# shellcheck source=tests/deploy/nginx_conf.sh
. "$ROOT/tests/deploy/nginx_conf.sh"

SECONDS_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-1}
POOL=${BENCH_POOL:-1000}
GP_EMAIL=gp@bench.example
SCRIPT=backends.sh
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/meekijk-backends.XXXXXX")
PG_STATE=$WORK/pg
PG_STARTED=0
SERVER_URL=""
DATABASES=()
PIDS=()        # meekijk instances of the current setup
NGINX_PID=""
SAMPLER_PID=""
PG_DB=""       # the database of the current PostgreSQL setup (its backends are sampled)

stop_setup() {
  stop_pid "$NGINX_PID"; NGINX_PID=""
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  PIDS=()
}
cleanup() {
  local rc=$?
  set +e
  stop_pid "$SAMPLER_PID"
  stop_setup
  if [[ -n $SERVER_URL ]]; then
    local db
    for db in "${DATABASES[@]}"; do
      "$PSQL" "$SERVER_URL" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    done
  fi
  [[ $PG_STARTED == 0 ]] || bash "$ROOT/scripts/pg-test-server.sh" stop "$PG_STATE" >/dev/null 2>&1 ||
    echo "backends.sh: WARNING: could not stop the PostgreSQL server ($PG_STATE)" >&2
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# new_store NAME DB_URL|"": imports bench/region.json into a fresh store (SQLite data dir
# $WORK/NAME, or the database DB_URL) and prints a bearer token for the GP.
new_store() {
  local args=(--data "$WORK/$1")
  [[ -z $2 ]] || args=(--db "$2" --data "$WORK/$1-cli")
  import_region "$WORK/$1.import.log" "${args[@]}"
}
new_database() {  # new_database NAME → its URL
  local db="mk_bench_$1_$$"
  "$PSQL" "$SERVER_URL" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
  DATABASES+=("$db")
  echo "${SERVER_URL%/*}/$db"
}

# start_instance NAME ARGS…: `meekijk serve ARGS…` on a free port; appends its pid to PIDS and
# sets ADDR once /readyz answers.
start_instance() {
  local name=$1; shift
  serve "$WORK/$name.server.log" "$@"
  PIDS+=("$SERVED_PID")
}

# --- CPU: per group of processes (meekijk, PostgreSQL, nginx), ticks from /proc ---------------
children() {  # children PID…: the PIDs and their direct children
  local p
  for p in "$@"; do echo "$p"; ps -o pid= --ppid "$p" 2>/dev/null | tr -d " " || true; done
}
ticks() {  # ticks PID…: user + system ticks of these processes (all their threads)
  local p
  for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null || true; done |
    awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
pg_pids() {
  [[ $PG_STARTED == 1 ]] || return 0
  local pm; pm=$(head -n1 "$(cat "$PG_STATE/pgdir")/data/postmaster.pid" 2>/dev/null || true)
  [[ -z $pm ]] || children "$pm"
}
cpu_snapshot() {  # cpu_snapshot FILE: wall clock, machine busy ticks, meekijk / pg / nginx ticks
  local ngx=()
  [[ -z $NGINX_PID ]] || mapfile -t ngx < <(children "$NGINX_PID")
  local pg; mapfile -t pg < <(pg_pids)
  {
    date +%s.%N
    awk '$1 == "cpu" { b = 0; for (i = 2; i <= 9; i++) if (i != 5 && i != 6) b += $i; print b }' /proc/stat
    ticks "${PIDS[@]}"
    ticks "${pg[@]}"
    ticks "${ngx[@]}"
  } >"$1"
}
cpu_usage() {  # cpu_usage BEFORE AFTER → "meekijk pg nginx machine" in % of one core
  paste "$1" "$2" | awk -v hz="$(getconf CLK_TCK)" '
    NR == 1 { secs = $2 - $1; next } { v[NR] = 100 * ($2 - $1) / hz / secs }
    END { printf "%.0f %.0f %.0f %.0f\n", v[3], v[4], v[5], v[2] }'
}

# What PostgreSQL's backends of PG_DB are doing, sampled every 0.2 s while a load runs: one
# line "state wait_event_type/wait_event" per backend that is not idle ("CPU": no wait event).
start_sampler() {
  [[ -n $PG_DB ]] || return 0
  local q="SELECT state, coalesce(wait_event_type || '/' || wait_event, 'CPU') FROM pg_stat_activity
           WHERE datname = '$PG_DB' AND state <> 'idle' AND pid <> pg_backend_pid()"
  ( while :; do "$PSQL" "$SERVER_URL" -qAt -F ' ' -c "$q" 2>/dev/null || true; echo x >>"$1.ticks"; sleep 0.2; done ) >"$1" &
  SAMPLER_PID=$!
}
stop_sampler() { stop_pid "$SAMPLER_PID"; SAMPLER_PID=""; }
# waits FILE: the sampled backend states by share, "share% state wait, …" (the 6 most frequent)
waits() {
  [[ -s $1 ]] || return 0
  sed 's/^idle in transaction/idle_in_transaction/' "$1" | sort | uniq -c | sort -rn |
    awk '{ n[NR] = $1; w[NR] = $2 " " $3; t += $1 } END { for (i = 1; i <= NR && i <= 6; i++) printf "%s%.0f%% %s", (i > 1 ? ", " : ""), 100 * n[i] / t, w[i]; printf " (%.1f busy backends on average)\n", t / samples }' samples="$(grep -c . "$1.ticks" 2>/dev/null || echo 1)"
}

# load NAME ARGS…: one meekijk-load run against ADDR, output in $WORK/NAME.out, CPU in
# $WORK/NAME.cpu. A run with errors (exit 3) is recorded and flagged in the table.
load() {
  local name=$1; shift
  local rc=0
  start_sampler "$WORK/$name.pgwait"
  cpu_snapshot "$WORK/$name.cpu0"
  "$LOAD" --host "${ADDR%:*}" --port "${ADDR##*:}" --threads "$THREADS" --warmup "$WARMUP" \
    --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" "$@" >"$WORK/$name.out" 2>&1 || rc=$?
  cpu_snapshot "$WORK/$name.cpu1"
  stop_sampler
  cpu_usage "$WORK/$name.cpu0" "$WORK/$name.cpu1" >"$WORK/$name.cpu"
  waits "$WORK/$name.pgwait" >"$WORK/$name.waits"
  [[ ! -s $WORK/$name.waits ]] || echo "   PostgreSQL backends (sampled): $(cat "$WORK/$name.waits")" >&2
  sed 's/^/   /' "$WORK/$name.out" >&2
  local srv pg ngx mach
  read -r srv pg ngx mach <"$WORK/$name.cpu"
  echo "   CPU (% of one core): meekijk $srv, PostgreSQL $pg, nginx $ngx, whole machine $mach" >&2
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then echo "backends.sh: meekijk-load ($name) failed" >&2; exit 1; fi
}
# measure SETUP TOKEN: the create run, then the read run (over a pool of POOL fresh consults).
measure() {
  log "$1: creates, closed loop, $CONNS connections, at $ADDR"
  load "$1.create" --kind create --token "$2"
  log "$1: reads (each with its audit entry), closed loop, $CONNS connections"
  load "$1.read" --kind read --token "$2" --pool "$POOL"
}

# --- machine ---------------------------------------------------------------------------------
NPROC=$(nproc)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
FS=$(findmnt -no FSTYPE,SOURCE -T "$WORK" 2>/dev/null | awk '{ print $1 " on " $2 }')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || REV="$REV+changes"
PG_VERSION=$("${PG_BIN:-/usr/lib/postgresql/15/bin}/postgres" --version 2>/dev/null | awk '{ print $3 }')

# --- (a) SQLite ------------------------------------------------------------------------------
log "(a) SQLite, one instance"
TOKEN=$(new_store sqlite "")
start_instance sqlite --data "$WORK/sqlite"
measure sqlite "$TOKEN"
stop_setup

# --- PostgreSQL server -----------------------------------------------------------------------
log "PostgreSQL: throwaway server (scripts/pg-test-server.sh)"
PG_STARTED=1  # from here on, cleanup stops it (stop is a no-op when start failed early)
bash "$ROOT/scripts/pg-test-server.sh" start "$PG_STATE" >&2
SERVER_URL=$(head -n1 "$PG_STATE/url")

# --- (b) PostgreSQL, one instance -------------------------------------------------------------
log "(b) PostgreSQL, one instance"
DB_URL=$(new_database pg1)
PG_DB=${DB_URL##*/}
TOKEN=$(new_store pg1 "$DB_URL")
start_instance pg1 --db "$DB_URL" --data "$WORK/pg1-cache"
measure pg1 "$TOKEN"
stop_setup

# --- (c) PostgreSQL, two instances behind nginx ------------------------------------------------
log "(c) PostgreSQL, two instances behind nginx"
DB_URL=$(new_database pg2)
PG_DB=${DB_URL##*/}
TOKEN=$(new_store pg2 "$DB_URL")
start_instance pg2a --db "$DB_URL" --data "$WORK/pg2a-cache" --trust-proxy
ADDR_A=$ADDR
start_instance pg2b --db "$DB_URL" --data "$WORK/pg2b-cache" --trust-proxy
ADDR_B=$ADDR
NGINX_PORT=$(free_port)
meekijk_nginx_conf "$ROOT/deploy/nginx.conf" "$WORK/nginx" "$NGINX_PORT" "$ADDR_A" "$ADDR_B" ||
  { echo "backends.sh: nginx configuration" >&2; exit 1; }
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" -g 'daemon off;' \
  >>"$WORK/nginx/error.log" 2>&1 &
NGINX_PID=$!
ADDR=127.0.0.1:$NGINX_PORT
for _ in $(seq 1 100); do
  curl -sf "http://$ADDR/readyz" >/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || { tail -n 5 "$WORK/nginx/error.log" >&2; echo "backends.sh: nginx exited" >&2; exit 1; }
  sleep 0.1
done
curl -sf "http://$ADDR/readyz" >/dev/null || { echo "backends.sh: nginx does not answer /readyz" >&2; exit 1; }
measure pg2 "$TOKEN"
# Requests each instance answered (its access lines), to show nginx used both.
SPREAD_A=$(grep -c 'event=http_request' "$WORK/pg2a.server.log" || true)
SPREAD_B=$(grep -c 'event=http_request' "$WORK/pg2b.server.log" || true)
stop_setup

# --- table -----------------------------------------------------------------------------------
flag() {  # flag RUN: a note when the run had errors or no completed request
  local f=$WORK/$1.out e
  e=$(value errors "$f")
  [[ ${e:-0} == 0 ]] || printf ' **%s: %s errors**' "${1#*.}" "$e"
  [[ $(value ok "$f") != 0 ]] || printf ' **%s: no request completed**' "${1#*.}"
}
cpu_note() {  # cpu_note RUN: "meekijk / PostgreSQL / nginx / driver / other"
  local srv pg ngx mach drv
  read -r srv pg ngx mach <"$WORK/$1.cpu"
  drv=$(value driver_cpu_pct "$WORK/$1.out")
  printf '%s / %s / %s / %s / %s' "$srv" "$pg" "$ngx" "${drv:-?}" \
    "$(calc "($mach - $srv - $pg - $ngx - $drv) > 0 ? ($mach - $srv - $pg - $ngx - $drv) : 0" 0)"
}
row() {  # row LABEL SETUP
  local c=$WORK/$2.create.out r=$WORK/$2.read.out
  printf '| %s | %s | %s / %s | %s | %s / %s | create: %s; read: %s%s%s |\n' "$1" \
    "$(calc "$(value rps "$c")" 0)" "$(value p50_ms "$c")" "$(value p99_ms "$c")" \
    "$(calc "$(value rps "$r")" 0)" "$(value p50_ms "$r")" "$(value p99_ms "$r")" \
    "$(cpu_note "$2.create")" "$(cpu_note "$2.read")" "$(flag "$2.create")" "$(flag "$2.read")"
}
ratio() { calc "$(value rps "$WORK/$1.out") / ($(value rps "$WORK/$2.out") > 0 ? $(value rps "$WORK/$2.out") : 1)" 2; }

cat <<EOF

### meekijk on SQLite and PostgreSQL — $(date -u +%Y-%m-%dT%H:%MZ), commit $REV

Machine: $NPROC × $CPU; temporary dirs and the PostgreSQL cluster on ${FS:-?}; PostgreSQL $PG_VERSION
(scripts/pg-test-server.sh: fsync=on, synchronous_commit=on, shared_buffers=64MB).
Load driver on the same machine: meekijk-load, $THREADS thread(s), $CONNS keep-alive connections, closed
loop, ${WARMUP} s warm-up + ${SECONDS_RUN} s measured per run; reads over $POOL consults. Load average before: $LOAD_BEFORE.

| setup | creates/s | create p50 / p99 ms | reads/s | read p50 / p99 ms | CPU, % of one core: meekijk / PostgreSQL / nginx / driver / other |
|---|---:|---:|---:|---:|---|
$(row "SQLite, one instance (\`--data\`)" sqlite)
$(row "PostgreSQL, one instance (\`--db\`)" pg1)
$(row "PostgreSQL, two instances behind nginx" pg2)

| ratio | creates | reads |
|---|---:|---:|
| PostgreSQL, one instance ÷ SQLite | $(ratio pg1.create sqlite.create) | $(ratio pg1.read sqlite.read) |
| PostgreSQL, two instances behind nginx ÷ one instance | $(ratio pg2.create pg1.create) | $(ratio pg2.read pg1.read) |

What PostgreSQL's backends were doing (pg_stat_activity every 0.2 s during warm-up and measurement;
state and wait event, share of the samples):

| run | backends not idle |
|---|---|
| (b) creates | $(cat "$WORK/pg1.create.waits") |
| (b) reads | $(cat "$WORK/pg1.read.waits") |
| (c) creates | $(cat "$WORK/pg2.create.waits") |
| (c) reads | $(cat "$WORK/pg2.read.waits") |

Setup (c): requests answered per instance over all its runs (warm-up, pool, measured): $SPREAD_A and $SPREAD_B.
EOF
