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

# shellcheck source=bench/server_load.sh
. "$ROOT/bench/server_load.sh"

# metric NAME_WITH_LABELS: the value of one line of /metrics (0 when absent).
metric() {
  curl -sf "http://$ADDR/metrics" | awk -v name="$1" '$1 == name { v = $2 } END { print v + 0 }'
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
machine_facts

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
