#!/usr/bin/env bash
# `meekijk generate` end to end on a small Rotterdam-scale run (a hidden volume option keeps it
# quick): it fills an empty data dir, the report counts its consults, a month bills lines, the
# report cells it gathered while loading equal a rebuild and, for periods that cut months, the
# consults themselves, the audit chain (one "generate.seed" entry) verifies, on PostgreSQL every
# key, foreign key and index that the loader set aside is back, and a second generate into the
# same dir is refused without changing it.
set -euo pipefail
# With "pg" as the second argument into a fresh database of the throwaway PostgreSQL server
# (the COPY path), else into a SQLite data dir.
BIN=${1:?usage: generate.sh MEEKIJK_BINARY [pg]}
dir=$(mktemp -d)
fail() { echo "FAIL: $*"; exit 1; }
if [ "${2:-}" = pg ]; then
  server=$(cat "${MEEKIJK_TEST_PG_URL_FILE:?needs the pg fixture}")
  db="mk_generate_$$_$RANDOM"
  psql -q "$server" -c "CREATE DATABASE $db" >/dev/null || fail "create database"
  store=(--db "${server%/*}/$db" --data "$dir/cache")
  trap 'psql -q "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$dir"' EXIT
else
  store=(--data "$dir/data")
  trap 'rm -rf "$dir"' EXIT
fi

"$BIN" generate --scale rotterdam --years 1 --consults-per-year 12000 --seed 7 --end 2026-01-01 \
  "${store[@]}" >"$dir/out" 2>"$dir/err" || { cat "$dir/err"; fail "generate"; }
cat "$dir/out"
consults=$(sed -n 's/^consults: \([0-9]*\).*/\1/p' "$dir/out")
[ "${consults:-0}" -gt 10000 ] || fail "expected ~12000 consults, got '$consults'"

# PostgreSQL: the loader set the bulk tables' keys, foreign keys and indexes aside while it
# copied; all of them are back, exactly as the schema files make them in a database that an
# import migrated (and the foreign keys were checked against every row when they came back).
if [ "${2:-}" = pg ]; then
  ref="mk_generate_ref_$$_$RANDOM"
  psql -q "$server" -c "CREATE DATABASE $ref" >/dev/null || fail "create reference database"
  trap 'psql -q "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1;
        psql -q "$server" -c "DROP DATABASE IF EXISTS $ref WITH (FORCE)" >/dev/null 2>&1; rm -rf "$dir"' EXIT
  "$BIN" import "$(dirname "$0")/../../bench/region.json" --db "${server%/*}/$ref" --data "$dir/refcache" \
    >/dev/null 2>"$dir/err" || { cat "$dir/err"; fail "import into the reference database"; }
  catalog() {
    psql -qAt "${server%/*}/$1" -c "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1" \
      -c "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
  }
  catalog "$ref" >"$dir/catalog-ref"
  catalog "$db" >"$dir/catalog-gen"
  [ "$(grep -c 'FOREIGN KEY' "$dir/catalog-ref")" -gt 20 ] || fail "the reference catalog has too few foreign keys"
  grep -q '^consults consults_pkey PRIMARY KEY (id)$' "$dir/catalog-gen" || fail "consults has no primary key after generate"
  diff "$dir/catalog-ref" "$dir/catalog-gen" || fail "keys, foreign keys or indexes differ after generate"
fi

"$BIN" report "${store[@]}" --from 2025-01-01 --to 2025-12-31 --by month >"$dir/report.csv" 2>"$dir/err" ||
  { cat "$dir/err"; fail "report"; }
total=$(python3 - "$dir/report.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
print(int(rows[-1]["consults"]))  # the last row is the total
PY
)
[ "$total" -gt 8000 ] || fail "report total has $total consults"

# The report cells that generate gathered while it loaded the consults are the ones a rebuild
# from the stored consults makes: every grouping reads the same before and after.
for by in month specialty service hospital practice pc4 modality; do
  "$BIN" report "${store[@]}" --from 2025-01-01 --to 2025-12-31 --by $by --out "$dir/gen-$by.csv" 2>/dev/null ||
    fail "report by $by"
done
"$BIN" rebuild-report-cells "${store[@]}" >/dev/null 2>"$dir/err" || { cat "$dir/err"; fail "rebuild-report-cells"; }
for by in month specialty service hospital practice pc4 modality; do
  "$BIN" report "${store[@]}" --from 2025-01-01 --to 2025-12-31 --by $by --out "$dir/rebuilt-$by.csv" 2>/dev/null
  cmp -s "$dir/gen-$by.csv" "$dir/rebuilt-$by.csv" || fail "report by $by differs after rebuilding the cells"
done

# Periods that do not start or end on a month boundary read the days around their whole months
# from the day cells: the same table as reading the consults (--from-consults).
for period in "2025-01-15 2025-11-20" "2025-03-03 2025-03-17" "2025-06-30 2025-08-01"; do
  set -- $period
  for by in month specialty service hospital care_group practice pc4 modality; do
    "$BIN" report "${store[@]}" --from "$1" --to "$2" --by $by --out "$dir/cells.csv" 2>/dev/null ||
      fail "report $period by $by"
    "$BIN" report "${store[@]}" --from "$1" --to "$2" --by $by --from-consults --out "$dir/raw.csv" 2>/dev/null ||
      fail "report $period by $by --from-consults"
    cmp -s "$dir/cells.csv" "$dir/raw.csv" || fail "report $period by $by: the cells differ from the consults"
  done
done

"$BIN" billing export "${store[@]}" --month 2025-06 --out "$dir/billing" >/dev/null 2>"$dir/err" ||
  { cat "$dir/err"; fail "billing export"; }
lines=$(($(wc -l <"$dir/billing/declarations-2025-06.csv") - 1))
[ "$lines" -gt 100 ] || fail "June 2025 has only $lines declaration lines"

"$BIN" audit verify "${store[@]}" >"$dir/audit" 2>"$dir/err" || { cat "$dir/err"; fail "audit verify"; }
grep -q "audit chain intact: 1 entries" "$dir/audit" || fail "$(cat "$dir/audit")"

if "$BIN" generate --scale rotterdam --years 1 --consults-per-year 100 "${store[@]}" >"$dir/out2" 2>"$dir/err2"; then
  fail "a second generate into the same data dir succeeded"
fi
grep -q "already" "$dir/err2" || { cat "$dir/err2"; fail "no clear refusal"; }
echo "generate: $consults consults, report total $total, $lines lines in 2025-06, audit intact, second run refused"
