#!/usr/bin/env bash
# make bench → bash bench/run.sh BUILD_DIR
#
# One run, side by side on this machine: the disk ceiling (4 KiB write + fdatasync/fsync), the
# HTTP ceiling (GET /healthz), durable creates (with and without group commit), reads with their
# audit entry, and the latency of creates at a fixed 200 requests/s (open loop). Prints a
# markdown table with the ratios and PASS/FAIL per target (docs/benchmarks.md explains it).
#
# Tunables (environment): BENCH_SECONDS (measured seconds per closed-loop run, 10),
# BENCH_WARMUP (2), BENCH_OPEN_SECONDS (20), BENCH_RATE (200), BENCH_CONNECTIONS (64),
# BENCH_THREADS (driver threads, 1), BENCH_FSYNC_SECONDS (per sync call, 4), BENCH_POOL (consults
# created before the read run, 1000), BENCH_DIR (parent of the temporary data dirs, $TMPDIR or
# /tmp), BENCH_WAIT_QUIET (wait up to this many seconds for the machine to be < 15% busy
# before starting, 0), BENCH_STRICT=1 (exit 1 when a target fails).
set -euo pipefail

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
MEEKIJK=$BUILD/meekijk
LOAD=$BUILD/bench/meekijk-load
FSYNC=$BUILD/bench/meekijk-fsync
for b in "$MEEKIJK" "$LOAD" "$FSYNC"; do
  [[ -x $b ]] || { echo "run.sh: $b is missing (build the meekijk, meekijk-load and meekijk-fsync targets)" >&2; exit 1; }
done

SECONDS_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
OPEN_SECONDS=${BENCH_OPEN_SECONDS:-20}
RATE=${BENCH_RATE:-200}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-1}
FSYNC_SECONDS=${BENCH_FSYNC_SECONDS:-4}
POOL=${BENCH_POOL:-1000}
GP_EMAIL=gp@bench.example
SCRIPT=run.sh
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/meekijk-bench.XXXXXX")
SERVER_PID=""

stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# metric NAME_WITH_LABELS: the value of one line of /metrics (0 when absent).
metric() {
  curl -sf "http://$ADDR/metrics" | awk -v name="$1" '$1 == name { v = $2 } END { print v + 0 }'
}

# CPU used by anything during one second, in % of all cores (other work on a shared machine
# disturbs every figure; the table says so).
cpu_busy() {
  local a b
  a=($(head -n1 /proc/stat)); sleep 1; b=($(head -n1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  calc "100 * (1 - $idle / ($total > 0 ? $total : 1))" 0
}

# new_data_dir DIR: imports bench/region.json and prints a bearer token for the GP.
new_data_dir() { import_region "$1.import.log" --data "$1"; }

# start_server DIR [FLAGS…]: serves DIR on a free port; sets SERVER_PID and ADDR.
start_server() {
  local dir=$1; shift
  serve "$dir.server.log" --data "$dir" "$@"
  SERVER_PID=$SERVED_PID
}

# cpu_snapshot FILE: wall clock, /proc/stat's cpu line and the server's per-thread CPU ticks.
cpu_snapshot() {
  { date +%s.%N; head -n1 /proc/stat; cat /proc/"$SERVER_PID"/task/*/stat 2>/dev/null; } >"$1"
}
# cpu_usage BEFORE AFTER → "server busiest machine" in % of one core over the interval: all
# server threads, its busiest thread (≈100 means a serial bottleneck) and the whole machine.
cpu_usage() {
  awk -v hz="$(getconf CLK_TCK)" '
    FNR == 1 { f++; wall[f] = $1; next }
    $1 == "cpu" { busy = 0; for (i = 2; i <= 9; i++) if (i != 5 && i != 6) busy += $i; mach[f] = busy; next }
    { t[f, $1] = $14 + $15; tids[$1] = 1 }
    END {
      secs = wall[2] - wall[1]; all = 0; top = 0
      for (id in tids) { d = t[2, id] - t[1, id]; all += d; if (d > top) top = d }
      printf "%.0f %.0f %.0f\n", 100 * all / hz / secs, 100 * top / hz / secs, 100 * (mach[2] - mach[1]) / hz / secs
    }' "$1" "$2"
}

# load NAME ARGS…: one meekijk-load run against ADDR, output in $WORK/NAME.out (also shown),
# the CPU use during it in $WORK/NAME.cpu. A run with errors exits 3: recorded, not fatal.
load() {
  local name=$1; shift
  local rc=0
  cpu_snapshot "$WORK/$name.cpu0"
  "$LOAD" --host "${ADDR%:*}" --port "${ADDR##*:}" --threads "$THREADS" --warmup "$WARMUP" "$@" \
    >"$WORK/$name.out" 2>&1 || rc=$?
  cpu_snapshot "$WORK/$name.cpu1"
  cpu_usage "$WORK/$name.cpu0" "$WORK/$name.cpu1" >"$WORK/$name.cpu"
  sed 's/^/   /' "$WORK/$name.out" >&2
  read -r srv top mach <"$WORK/$name.cpu"
  echo "   CPU (% of one core): server $srv (busiest thread $top), whole machine $mach" >&2
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then echo "run.sh: meekijk-load ($name) failed" >&2; exit 1; fi
}

# snapshot LABELS → "requests commits"; per_commit LABELS SNAPSHOT: requests on the route per
# durable commit since the snapshot (warm-up included on both sides).
snapshot() {
  echo "$(metric "meekijk_http_requests_total{$1}") $(metric meekijk_db_commit_seconds_count)"
}
per_commit() {
  local now; now=$(snapshot "$1")
  set -- $2 $now
  calc "($3 - $1) / (($4 - $2) > 0 ? ($4 - $2) : 1)" 1
}

# --- machine -------------------------------------------------------------------------------
log "machine"
NPROC=$(nproc)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
KERNEL=$(uname -sr)
FS=$(findmnt -no FSTYPE,SOURCE,OPTIONS -T "$WORK" 2>/dev/null | awk '{ print $1 " on " $2 " (" $3 ")" }')
MEM=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
if [[ ${BENCH_WAIT_QUIET:-0} -gt 0 ]]; then
  log "waiting up to $BENCH_WAIT_QUIET s for the machine to be quiet"
  deadline=$(( $(date +%s) + BENCH_WAIT_QUIET ))
  until [[ $(cpu_busy) -lt 15 || $(date +%s) -ge $deadline ]]; do :; done
fi
BUSY_BEFORE=$(cpu_busy)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || REV="$REV+changes"
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo (default)}

# --- disk ceiling (before any server runs, so the disk is idle) ------------------------------
log "disk ceiling: 4 KiB write + fdatasync / fsync, ${FSYNC_SECONDS} s each, in $WORK"
"$FSYNC" --dir "$WORK" --seconds "$FSYNC_SECONDS" >"$WORK/fsync.out"
sed 's/^/   /' "$WORK/fsync.out" >&2
FDATASYNC_RATE=$(value_where ops_per_s "sync=fdatasync" "$WORK/fsync.out")
FSYNC_RATE=$(value_where ops_per_s "sync=fsync" "$WORK/fsync.out")
FDATASYNC_P99=$(value_where p99_ms "sync=fdatasync" "$WORK/fsync.out")
FSYNC_P99=$(value_where p99_ms "sync=fsync" "$WORK/fsync.out")
FDATASYNC_P50=$(value_where p50_ms "sync=fdatasync" "$WORK/fsync.out")
FSYNC_P50=$(value_where p50_ms "sync=fsync" "$WORK/fsync.out")
# The single-fsync rate the targets compare with: the faster of the two (the stricter test).
SYNC_RATE=$(calc "$FDATASYNC_RATE > $FSYNC_RATE ? $FDATASYNC_RATE : $FSYNC_RATE" 0)

# --- server with group commit ----------------------------------------------------------------
GC_DIR=$WORK/gc
TOKEN=$(new_data_dir "$GC_DIR")
start_server "$GC_DIR"
log "server (group commit on) at $ADDR"

log "HTTP ceiling: GET /healthz, closed loop, $CONNS connections"
load healthz --kind healthz --mode closed --connections "$CONNS" --duration "$SECONDS_RUN"
WRK_RPS=""
if command -v wrk >/dev/null; then
  log "cross-check: wrk -t$THREADS -c$CONNS -d${SECONDS_RUN}s /healthz"
  wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_RUN}s" "http://$ADDR/healthz" >"$WORK/wrk.out" 2>&1 || true
  sed 's/^/   /' "$WORK/wrk.out" >&2
  WRK_RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk.out")
fi

log "creates, closed loop, $CONNS connections (group commit)"
before=$(snapshot 'route="/api/v1/consults",method="POST",status="201"')
load create_gc --kind create --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" --token "$TOKEN"
CREATE_GC_BATCH=$(per_commit 'route="/api/v1/consults",method="POST",status="201"' "$before")

log "reads (GET /api/v1/consults/{id}, each with its audit entry), closed loop, $CONNS connections"
before=$(snapshot 'route="/api/v1/consults/{id}",method="GET",status="200"')
load read --kind read --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" --token "$TOKEN" --pool "$POOL"
# (the pool's creates add a few commits too: ~$POOL/30 against thousands)
READ_BATCH=$(per_commit 'route="/api/v1/consults/{id}",method="GET",status="200"' "$before")

log "creates, open loop at $RATE requests/s for $OPEN_SECONDS s"
load create_open --kind create --mode open --rate "$RATE" --connections "$CONNS" --duration "$OPEN_SECONDS" \
  --token "$TOKEN"
stop_server

# --- server without group commit (a fresh data dir, so both create runs start empty) ---------
NOGC_DIR=$WORK/nogc
TOKEN=$(new_data_dir "$NOGC_DIR")
start_server "$NOGC_DIR" --no-group-commit
log "server (group commit OFF: one commit per write) at $ADDR"
log "creates, closed loop, $CONNS connections (no group commit)"
before=$(snapshot 'route="/api/v1/consults",method="POST",status="201"')
load create_nogc --kind create --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" --token "$TOKEN"
CREATE_NOGC_BATCH=$(per_commit 'route="/api/v1/consults",method="POST",status="201"' "$before")
stop_server
BUSY_AFTER=$(cpu_busy)

# --- table -----------------------------------------------------------------------------------
row() {  # row LABEL RUN NOTE
  local f=$WORK/$2.out
  local errs; errs=$(value errors "$f")
  local note=$3
  [[ ${errs:-0} != 0 ]] && note="$note **${errs} errors**"
  [[ $(value ok "$f") == 0 ]] && note="$note **no request completed in the window**"
  local srv top mach drv
  read -r srv top mach <"$WORK/$2.cpu"
  drv=$(value driver_cpu_pct "$f")
  printf '| %s | %s | %s | %s | %s | %s (%s) / %s / %s | %s |\n' "$1" "$(calc "$(value rps "$f")" 0)" \
    "$(value p50_ms "$f")" "$(value p99_ms "$f")" "$(value max_ms "$f")" "$srv" "$top" "$drv" \
    "$(calc "($mach - $srv - $drv) > 0 ? ($mach - $srv - $drv) : 0" 0)" "$note"
}
errors_of() { local e; e=$(value errors "$WORK/$1.out"); echo "${e:-0}"; }
verdict() {  # verdict CONDITION RUN…: PASS/FAIL; FAIL too when a run behind it had errors
  local cond=$1; shift
  local r
  for r in "$@"; do
    [[ $(errors_of "$r") == 0 ]] || { echo "FAIL (errors)"; return; }
    [[ $(value ok "$WORK/$r.out") != 0 ]] || { echo "FAIL (no data)"; return; }
  done
  [[ $(calc "$cond ? 1 : 0" 0) == 1 ]] && echo PASS || echo FAIL
}

CREATE_GC=$(value rps "$WORK/create_gc.out")
CREATE_NOGC=$(value rps "$WORK/create_nogc.out")
READ=$(value rps "$WORK/read.out")
OPEN_P99=$(value p99_ms "$WORK/create_open.out")
RATIO_SYNC=$(calc "$CREATE_GC / $SYNC_RATE" 2)
RATIO_GC=$(calc "$CREATE_GC / ($CREATE_NOGC > 0 ? $CREATE_NOGC : 1)" 2)
V_SYNC=$(verdict "$CREATE_GC >= 2 * $SYNC_RATE" create_gc)
V_READ=$(verdict "$READ >= 10000" read)
V_P99=$(verdict "$OPEN_P99 <= 10" create_open)
FAILS=$(printf '%s\n' "$V_SYNC" "$V_READ" "$V_P99" | grep -c FAIL || true)

cat <<EOF

### meekijk benchmark — $(date -u +%Y-%m-%dT%H:%MZ), commit $REV, $BUILD_TYPE build

Machine: $NPROC × $CPU, $MEM RAM, $KERNEL; data dir on $FS.
Load driver on the same machine: meekijk-load, $THREADS thread(s), $CONNS keep-alive connections,
${WARMUP} s warm-up + ${SECONDS_RUN} s measured per closed-loop run (open loop: ${OPEN_SECONDS} s).
Machine CPU busy without our load (% of all $NPROC cores): ${BUSY_BEFORE}% just before the run, ${BUSY_AFTER}% just after; load average before: $LOAD_BEFORE.

| figure | ops/s | p50 ms | p99 ms | max ms | CPU, % of one core: server (its busiest thread) / driver / other | notes |
|---|---:|---:|---:|---:|---|---|
| disk: 4 KiB write + fdatasync | $(calc "$FDATASYNC_RATE" 0) | $FDATASYNC_P50 | $FDATASYNC_P99 | | | what SQLite does per WAL commit |
| disk: 4 KiB write + fsync | $(calc "$FSYNC_RATE" 0) | $FSYNC_P50 | $FSYNC_P99 | | | |
$(row "HTTP: GET /healthz, closed loop" healthz "the HTTP ceiling${WRK_RPS:+; wrk cross-check: $WRK_RPS/s}")
$(row "creates, closed loop, group commit" create_gc "$CREATE_GC_BATCH creates per commit")
$(row "creates, closed loop, no group commit" create_nogc "$CREATE_NOGC_BATCH creates per commit")
$(row "reads + audit entry, closed loop" read "GET /api/v1/consults/{id} over $POOL consults; $READ_BATCH reads per commit")
$(row "creates, open loop at $RATE/s" create_open "latency from the scheduled send time")

| ratio | value |
|---|---:|
| creates with group commit ÷ single-fsync rate ($SYNC_RATE/s) | $RATIO_SYNC |
| creates with group commit ÷ creates without | $RATIO_GC |

| target | measured | result |
|---|---|---|
| durable creates ≥ 2 × single-fsync rate | $(calc "$CREATE_GC" 0)/s vs 2 × $SYNC_RATE = $(calc "2 * $SYNC_RATE" 0)/s (×$RATIO_SYNC) | $V_SYNC |
| reads with their audit entry ≥ 10,000/s | $(calc "$READ" 0)/s | $V_READ |
| p99 of a create at $RATE/s ≤ 10 ms | $OPEN_P99 ms | $V_P99 |
EOF

if [[ ${BENCH_STRICT:-0} == 1 && $FAILS -gt 0 ]]; then exit 1; fi
exit 0
