#!/usr/bin/env bash
# `meekijk generate` end to end on a small Rotterdam-scale run (a hidden volume option keeps it
# quick): it fills an empty data dir, the report counts its consults, a month bills lines, the
# report cells it gathered while loading equal a rebuild and, for periods that cut months, the
# consults themselves, the audit chain (one "generate.seed"
# entry) verifies, and a second generate into the same dir is refused without changing it.
set -euo pipefail
BIN=${1:?usage: generate.sh MEEKIJK_BINARY}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$BIN" generate --scale rotterdam --years 1 --consults-per-year 4000 --seed 7 --end 2026-01-01 \
  --data "$dir/data" >"$dir/out" 2>"$dir/err" || { cat "$dir/err"; fail "generate"; }
cat "$dir/out"
consults=$(sed -n 's/^consults: \([0-9]*\).*/\1/p' "$dir/out")
[ "${consults:-0}" -gt 3000 ] || fail "expected ~4000 consults, got '$consults'"

"$BIN" report --data "$dir/data" --from 2025-01-01 --to 2025-12-31 --by month >"$dir/report.csv" 2>"$dir/err" ||
  { cat "$dir/err"; fail "report"; }
total=$(python3 - "$dir/report.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
print(int(rows[-1]["consults"]))  # the last row is the total
PY
)
[ "$total" -gt 2000 ] || fail "report total has $total consults"

# The report cells that generate gathered while it loaded the consults are the ones a rebuild
# from the stored consults makes: every grouping reads the same before and after.
for by in month specialty service hospital practice pc4 modality; do
  "$BIN" report --data "$dir/data" --from 2025-01-01 --to 2025-12-31 --by $by --out "$dir/gen-$by.csv" 2>/dev/null ||
    fail "report by $by"
done
"$BIN" rebuild-report-cells --data "$dir/data" >/dev/null 2>"$dir/err" || { cat "$dir/err"; fail "rebuild-report-cells"; }
for by in month specialty service hospital practice pc4 modality; do
  "$BIN" report --data "$dir/data" --from 2025-01-01 --to 2025-12-31 --by $by --out "$dir/rebuilt-$by.csv" 2>/dev/null
  cmp -s "$dir/gen-$by.csv" "$dir/rebuilt-$by.csv" || fail "report by $by differs after rebuilding the cells"
done

# Periods that do not start or end on a month boundary read the days around their whole months
# from the day cells: the same table as reading the consults (--from-consults).
for period in "2025-01-15 2025-11-20" "2025-03-03 2025-03-17" "2025-06-30 2025-08-01"; do
  set -- $period
  for by in month specialty service hospital care_group practice pc4 modality; do
    "$BIN" report --data "$dir/data" --from "$1" --to "$2" --by $by --out "$dir/cells.csv" 2>/dev/null ||
      fail "report $period by $by"
    "$BIN" report --data "$dir/data" --from "$1" --to "$2" --by $by --from-consults --out "$dir/raw.csv" 2>/dev/null ||
      fail "report $period by $by --from-consults"
    cmp -s "$dir/cells.csv" "$dir/raw.csv" || fail "report $period by $by: the cells differ from the consults"
  done
done

"$BIN" billing export --data "$dir/data" --month 2025-06 --out "$dir/billing" >/dev/null 2>"$dir/err" ||
  { cat "$dir/err"; fail "billing export"; }
lines=$(($(wc -l <"$dir/billing/declarations-2025-06.csv") - 1))
[ "$lines" -gt 100 ] || fail "June 2025 has only $lines declaration lines"

"$BIN" audit verify --data "$dir/data" >"$dir/audit" 2>"$dir/err" || { cat "$dir/err"; fail "audit verify"; }
grep -q "audit chain intact: 1 entries" "$dir/audit" || fail "$(cat "$dir/audit")"

if "$BIN" generate --scale rotterdam --years 1 --consults-per-year 100 --data "$dir/data" >"$dir/out2" 2>"$dir/err2"; then
  fail "a second generate into the same data dir succeeded"
fi
grep -q "already" "$dir/err2" || { cat "$dir/err2"; fail "no clear refusal"; }
echo "generate: $consults consults, report total $total, $lines lines in 2025-06, audit intact, second run refused"
