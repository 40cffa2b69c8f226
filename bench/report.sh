#!/usr/bin/env bash
# make bench → bash bench/report.sh BUILD_DIR
#
# The triple-aim report over the national data set (issue 6): `meekijk generate --scale
# national` (BENCH_YEARS years, default 1) into a SQLite data dir and into a PostgreSQL
# database (a throwaway server from scripts/pg-test-server.sh), then `meekijk report` over the
# last year by month, by specialty and by care group on each (the whole region: read from the
# pre-aggregated cells, docs/architecture.md). Prints one table: generate seconds (including
# the rebuild of the report cells), rows, the database size, report seconds per grouping.
# BENCH_SCALE=rotterdam for a quick run; BENCH_BACKENDS="postgresql" (or "sqlite") runs one backend only.
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
MEEKIJK=$BUILD/meekijk
SCALE=${BENCH_SCALE:-national}
YEARS=${BENCH_YEARS:-1}
END=${BENCH_END:-2026-01-01}
FROM=$(date -u -d "$END - 1 year" +%F)
TO=$(date -u -d "$END - 1 day" +%F)
# Eleven months that cut months at both ends (2025-01-15..2025-12-15): the days around the
# whole months come from the day cells.
MID_FROM=$(date -u -d "$FROM + 14 days" +%F)
MID_TO=$(date -u -d "$TO - 16 days" +%F)
SCRIPT=report.sh
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
PSQL=$(command -v psql || true)
[[ -n $PSQL ]] || PSQL=/usr/lib/postgresql/15/bin/psql
[[ -x $PSQL ]] || { echo "report.sh: psql is not installed (postgresql-client-15)" >&2; exit 1; }
[[ -x $MEEKIJK ]] || { echo "report.sh: no binary at $MEEKIJK (build first)" >&2; exit 1; }

WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/meekijk-report.XXXXXX")
PG_STATE=$WORK/pg
PG_STARTED=0
cleanup() {
  local rc=$?
  set +e
  [[ $PG_STARTED == 0 ]] || bash "$ROOT/scripts/pg-test-server.sh" stop "$PG_STATE" >/dev/null 2>&1 ||
    echo "report.sh: WARNING: could not stop the PostgreSQL server ($PG_STATE)" >&2
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT

# timed LOG CMD…: runs CMD, its output into LOG; prints the wall seconds.
timed() {
  local logfile=$1; shift
  local t0; t0=$(date +%s.%N)
  "$@" >"$logfile" 2>&1 || { cat "$logfile" >&2; echo "$SCRIPT: failed: $*" >&2; exit 1; }
  calc "$(date +%s.%N) - $t0" 1
}

# run_backend NAME STORE_ARGS…: generate, then the two reports; one RESULT line.
run_backend() {
  local name=$1; shift
  log "$name: generate --scale $SCALE --years $YEARS"
  local gen; gen=$(timed "$WORK/$name-generate.log" "$MEEKIJK" generate --scale "$SCALE" --years "$YEARS" --seed 1 \
    --end "$END" "$@")
  grep '^generate:' "$WORK/$name-generate.log" >&2 || true
  local consults rows
  consults=$(sed -n 's/^consults: \([0-9]*\).*/\1/p' "$WORK/$name-generate.log")
  rows=$(awk -F': ' '/^(consults|messages|events|declaration lines|patients):/ { split($2, a, " "); n += a[1] } END { print n }' \
    "$WORK/$name-generate.log")
  local size
  if [[ $name == sqlite ]]; then size=$(du -sb "$WORK/sqlite" | cut -f1)
  else size=$("$PSQL" "$PG_URL" -qAt -c "SELECT pg_database_size(current_database())"); fi
  local by_month by_specialty by_care_group mid_specialty
  log "$name: report $FROM..$TO by month"
  by_month=$(timed "$WORK/$name-month.csv" "$MEEKIJK" report --from "$FROM" --to "$TO" --by month "$@")
  log "$name: report $FROM..$TO by specialty"
  by_specialty=$(timed "$WORK/$name-specialty.csv" "$MEEKIJK" report --from "$FROM" --to "$TO" --by specialty "$@")
  log "$name: report $FROM..$TO by care_group"
  by_care_group=$(timed "$WORK/$name-care_group.csv" "$MEEKIJK" report --from "$FROM" --to "$TO" --by care_group "$@")
  log "$name: report $MID_FROM..$MID_TO by specialty"
  mid_specialty=$(timed "$WORK/$name-mid-specialty.csv" "$MEEKIJK" report --from "$MID_FROM" --to "$MID_TO" \
    --by specialty "$@")
  echo "RESULT backend=$name generate_s=$gen consults=$consults rows=$rows size_mb=$(calc "$size / 1048576" 0)" \
    "report_month_s=$by_month report_specialty_s=$by_specialty report_care_group_s=$by_care_group report_mid_specialty_s=$mid_specialty" >>"$WORK/results"
}

BACKENDS=${BENCH_BACKENDS:-sqlite postgresql}
for b in $BACKENDS; do
  case $b in sqlite | postgresql) ;; *) echo "report.sh: unknown backend '$b' in BENCH_BACKENDS" >&2; exit 2 ;; esac
done
if [[ " $BACKENDS " == *" sqlite "* ]]; then run_backend sqlite --data "$WORK/sqlite"; fi

if [[ " $BACKENDS " == *" postgresql "* ]]; then
  bash "$ROOT/scripts/pg-test-server.sh" start "$PG_STATE" >&2
  PG_STARTED=1
  SERVER_URL=$(head -n1 "$PG_STATE/url")
  "$PSQL" "$SERVER_URL" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE meekijk_report" >/dev/null
  PG_URL="${SERVER_URL%/*}/meekijk_report"
  run_backend postgresql --db "$PG_URL" --data "$WORK/pg-cache"
fi

echo
echo "meekijk generate --scale $SCALE --years $YEARS; meekijk report --from $FROM --to $TO" \
  "(mid: --from $MID_FROM --to $MID_TO)"
printf '%-11s %10s %10s %12s %9s %10s %14s %15s %18s\n' backend generate_s consults rows size_MB by_month_s \
  by_specialty_s by_care_group_s mid_by_specialty_s
for b in $BACKENDS; do
  printf '%-11s %10s %10s %12s %9s %10s %14s %15s %18s\n' "$b" \
    "$(value_where generate_s "backend=$b " "$WORK/results")" "$(value_where consults "backend=$b " "$WORK/results")" \
    "$(value_where rows "backend=$b " "$WORK/results")" "$(value_where size_mb "backend=$b " "$WORK/results")" \
    "$(value_where report_month_s "backend=$b " "$WORK/results")" \
    "$(value_where report_specialty_s "backend=$b " "$WORK/results")" \
    "$(value_where report_care_group_s "backend=$b " "$WORK/results")" \
    "$(value_where report_mid_specialty_s "backend=$b " "$WORK/results")"
done
