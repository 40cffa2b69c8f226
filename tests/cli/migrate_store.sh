#!/usr/bin/env bash
# `meekijk migrate-store` end to end: seed a SQLite data dir (the demo region plus a consult
# with an attachment made through the API), migrate it into a fresh database on the throwaway
# PostgreSQL server, then: equal counts, `audit verify --db` passes, `serve --db` reads the
# consult and its bytes, and the next consult gets the next reference number. A second run
# into the now non-empty database, and a missing source, are refused; a run that fails half-way
# leaves the target empty.
set -euo pipefail
BIN=${1:?usage: migrate_store.sh MEEKIJK_BINARY}
HERE=$(cd "$(dirname "$0")" && pwd)
API="python3 $HERE/migrate_store_api.py"
server=$(cat "${MEEKIJK_TEST_PG_URL_FILE:?needs the pg fixture}")
db="mk_migrate_$$_$RANDOM"
target="${server%/*}/$db"
dir=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  psql -q "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Starts "$@" in the background, waits for its listening line, sets pid and url.
start() {
  "$@" --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/log" &
  pid=$!
  for _ in $(seq 600); do
    grep -q 'event=listening' "$dir/log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir/log"; fail "$1 $2 exited"; }
    sleep 0.1
  done
  url=$(grep -o 'url=http://[^ ]*' "$dir/log" | head -1 | cut -d= -f2)
  [ -n "$url" ] || { tail -5 "$dir/log"; fail "no listening line"; }
}
stop() {
  kill -TERM "$pid"
  wait "$pid" || fail "exit code $? after SIGTERM"
  pid=""
}

# 1. The source: the demo region, then a consult with an attachment made through the API.
start "$BIN" demo --data "$dir/src"
stop
token=$("$BIN" token create --data "$dir/src" --email huisarts@janson.example --label migrate 2>/dev/null)
start "$BIN" serve --data "$dir/src"
read -r cid ref aid sha <<<"$($API create "$url" "$token" one)"
stop
echo "source: consult $cid ($ref) with attachment $aid"

# 2. Refusals: no source; a PostgreSQL URL is required.
if "$BIN" migrate-store --from "$dir/nothing" --to "$target" >"$dir/m0" 2>&1; then fail "missing source accepted"; fi
grep -q "No source" "$dir/m0" || { cat "$dir/m0"; fail "missing source: unclear message"; }

psql -q "$server" -c "CREATE DATABASE $db" >/dev/null

# 3. A failure late in the copy (the attachment bytes are missing) leaves the target empty.
mv "$dir/src/blobs" "$dir/blobs.away"
if "$BIN" migrate-store --from "$dir/src" --to "$target" >"$dir/m3" 2>&1; then fail "missing blob accepted"; fi
grep -q "Attachment bytes missing" "$dir/m3" || { cat "$dir/m3"; fail "missing blob: unclear message"; }
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM consults")" = 0 ] || fail "failed run left consults behind"
mv "$dir/blobs.away" "$dir/src/blobs"

# 4. The migration.
"$BIN" migrate-store --from "$dir/src" --to "$target" --log-level warn >"$dir/m1" 2>&1 || { cat "$dir/m1"; fail "migrate-store"; }
cat "$dir/m1"
grep -q "row counts equal in every table" "$dir/m1" || fail "no count line"
grep -q "audit chain intact" "$dir/m1" || fail "no audit line"
for t in organizations services users sessions api_tokens patients consults consult_messages consult_events attachments \
         idempotency reference_counters audit contracts declarations unbilled teaching_consents teaching_cases; do
  a=$(sqlite3 "$dir/src/meekijk.db" "SELECT count(*) FROM $t")
  b=$(psql -qtA "$target" -c "SELECT count(*) FROM $t")
  [ "$a" = "$b" ] || fail "$t: $a rows in SQLite, $b in PostgreSQL"
done
[ "$(sqlite3 "$dir/src/meekijk.db" "SELECT count(*) FROM consults")" -gt 1000 ] || fail "too few consults seeded"
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM audit")" -gt 5 ] || fail "too few audit entries"
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM idempotency")" = 1 ] || fail "idempotency key not migrated"
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM declarations")" -gt 1000 ] || fail "too few declarations"
blobs=$(sqlite3 "$dir/src/meekijk.db" "SELECT count(DISTINCT sha256) FROM attachments")
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM blobs")" = "$blobs" ] || fail "blob bytes not migrated"
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM audit WHERE chain_pos IS NULL")" = 0 ] || fail "unsealed audit rows"

"$BIN" audit verify --db "$target" --data "$dir/cache" >"$dir/v" 2>&1 || { cat "$dir/v"; fail "audit verify --db"; }
grep -q "audit chain intact" "$dir/v" || fail "audit verify output"

# 5. Serving from PostgreSQL: the consult reads, the bytes come from the database (empty
# cache), the next consult continues the reference numbers.
start "$BIN" serve --db "$target" --data "$dir/cache"
read -r got_ref got_atts <<<"$($API get "$url" "$token" "$cid")"
[ "$got_ref" = "$ref" ] && [ "$got_atts" = 1 ] || fail "consult read: $got_ref $got_atts"
[ "$($API fetch "$url" "$token" "$cid" "$aid")" = "$sha" ] || fail "attachment bytes differ"
read -r _ ref2 _ _ <<<"$($API create "$url" "$token" two)"
stop
n1=$((10#${ref##*-})) n2=$((10#${ref2##*-}))
[ "${ref%-*}" = "${ref2%-*}" ] && [ "$n2" -eq $((n1 + 1)) ] || fail "reference after $ref is $ref2"
echo "served from PostgreSQL: $ref read, next consult $ref2"

# 6. A second run into the now non-empty database is refused and changes nothing.
before=$(psql -qtA "$target" -c "SELECT count(*) FROM audit")
if "$BIN" migrate-store --from "$dir/src" --to "$target" >"$dir/m2" 2>&1; then fail "non-empty target accepted"; fi
grep -q "already holds data" "$dir/m2" || { cat "$dir/m2"; fail "non-empty target: unclear message"; }
[ "$(psql -qtA "$target" -c "SELECT count(*) FROM audit")" = "$before" ] || fail "refused run changed the target"

echo "1 passed, 0 failed"
