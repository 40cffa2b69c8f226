#!/usr/bin/env bash
# bash bench/fhir.sh BUILD_DIR — the FHIR worklist figures of issue 7, side by side in one run
# with the HTTP ceiling (GET /healthz) and the JSON API's read of the same consult:
#   Task search   GET /fhir/Task?owner=HealthcareService/{id}&status=requested&_count=20, the
#                 hospital's worklist poll (the consultant's token), over BENCH_POOL submitted
#                 consults created by the GP just before
#   SR read       GET /fhir/ServiceRequest/{id} (the consultant's token) over such a pool
#   JSON read     GET /api/v1/consults/{id} (the same token and pool size), for comparison
# Closed loop, throughput and p50/p99; prints a markdown table (docs/benchmarks.md, "FHIR").
#
# Tunables (environment): BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (64),
# BENCH_THREADS (1), BENCH_POOL (1000), BENCH_DIR, BENCH_WAIT_QUIET (as bench/run.sh).
set -euo pipefail

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
MEEKIJK=$BUILD/meekijk
LOAD=$BUILD/bench/meekijk-load
for b in "$MEEKIJK" "$LOAD"; do
  [[ -x $b ]] || { echo "fhir.sh: $b is missing (build the meekijk and meekijk-load targets)" >&2; exit 1; }
done

SECONDS_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-1}
POOL=${BENCH_POOL:-1000}
GP_EMAIL=gp@bench.example
CONSULTANT_EMAIL=derm@bench.example
SCRIPT=fhir.sh
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
# shellcheck source=bench/server_load.sh
. "$ROOT/bench/server_load.sh"

machine_facts
DIR=$WORK/fhir
TOKEN=$(new_data_dir "$DIR")
HOSPITAL=$("$MEEKIJK" token create --email "$CONSULTANT_EMAIL" --label bench --data "$DIR" 2>>"$DIR.import.log")
start_server "$DIR"
log "server at $ADDR"

log "HTTP ceiling: GET /healthz, closed loop, $CONNS connections"
load healthz --kind healthz --mode closed --connections "$CONNS" --duration "$SECONDS_RUN"
log "FHIR Task search (owner + status, _count=20), closed loop, $CONNS connections, pool $POOL"
load fhir_tasks --kind fhir-tasks --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" \
  --token "$TOKEN" --read-token "$HOSPITAL" --pool "$POOL"
log "FHIR ServiceRequest read, closed loop, $CONNS connections, pool $POOL"
load fhir_read --kind fhir-read --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" \
  --token "$TOKEN" --read-token "$HOSPITAL" --pool "$POOL"
log "JSON API read of the same kind of consult, closed loop, $CONNS connections, pool $POOL"
load json_read --kind read --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" \
  --token "$TOKEN" --read-token "$HOSPITAL" --pool "$POOL"
stop_server
BUSY_AFTER=$(cpu_busy)

cat <<EOT

### meekijk FHIR benchmark — $(date -u +%Y-%m-%dT%H:%MZ), commit $REV, $BUILD_TYPE build

Machine: $NPROC × $CPU, $MEM RAM, $KERNEL; data dir on $FS.
Load driver on the same machine: meekijk-load, $THREADS thread(s), $CONNS keep-alive connections,
${WARMUP} s warm-up + ${SECONDS_RUN} s measured per run; each read run first creates $POOL consults (GP token).
Machine CPU busy without our load (% of all $NPROC cores): ${BUSY_BEFORE}% just before the run, ${BUSY_AFTER}% just after; load average before: $LOAD_BEFORE.

| figure | ops/s | p50 ms | p99 ms | max ms | CPU, % of one core: server (its busiest thread) / driver / other | notes |
|---|---:|---:|---:|---:|---|---|
$(row "HTTP: GET /healthz" healthz "the HTTP ceiling")
$(row "FHIR: Task?owner&status=requested&_count=20" fhir_tasks "the hospital's worklist poll: a searchset page of 20 Tasks")
$(row "FHIR: ServiceRequest/{id}" fhir_read "one consult as FHIR")
$(row "JSON API: /api/v1/consults/{id}" json_read "the same consult through the JSON API")
EOT
