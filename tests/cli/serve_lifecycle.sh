#!/usr/bin/env bash
# `meekijk serve` end to end as an operator runs it: it starts on a free port, answers, and a
# SIGTERM stops it cleanly (exit 0) within a few seconds, also with an SSE client connected.
set -euo pipefail
BIN=${1:?usage: serve_lifecycle.sh MEEKIJK_BINARY}
dir=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

"$BIN" serve --data "$dir/data" --listen 127.0.0.1:0 2>"$dir/log" &
pid=$!
for _ in $(seq 100); do
  grep -q 'event=listening' "$dir/log" && break
  sleep 0.1
done
url=$(grep -o 'url=http://[^ ]*' "$dir/log" | head -1 | cut -d= -f2)
[ -n "$url" ] || { echo "FAIL: no listening line"; cat "$dir/log"; exit 1; }
curl -sf "$url/healthz" >/dev/null || { echo "FAIL: /healthz"; exit 1; }
curl -sf "$url/readyz" >/dev/null || { echo "FAIL: /readyz"; exit 1; }
# A client that keeps a connection open (and one mid-stream SSE attempt) must not block the stop.
curl -s -N "$url/api/v1/events" >/dev/null 2>&1 &
sleep 0.3
start=$(date +%s%N)
kill -TERM "$pid"
code=0
for _ in $(seq 150); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: still running 15 s after SIGTERM"; tail -5 "$dir/log"; exit 1
fi
wait "$pid" || code=$?
pid=""
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$code" -eq 0 ] || { echo "FAIL: exit code $code after SIGTERM"; tail -5 "$dir/log"; exit 1; }
grep -q 'event=stopped' "$dir/log" || { echo "FAIL: no 'stopped' line"; exit 1; }
echo "serve stopped cleanly on SIGTERM in ${ms} ms"

# A database that is not there at start: a clear message naming it (never its password) and a
# non-zero exit, at once — not a server that answers 503 forever.
code=0
out=$(timeout 30 "$BIN" serve --db 'postgresql://meekijk:s3cret@127.0.0.1:1/none' --data "$dir/pgcache" \
        --listen 127.0.0.1:0 2>&1) || code=$?
[ "$code" -ne 0 ] && [ "$code" -ne 124 ] || { echo "FAIL: exit code $code with the database down"; exit 1; }
echo "$out" | grep -q 'Database unavailable' || { echo "FAIL: no clear message: $out"; exit 1; }
echo "$out" | grep -q '127.0.0.1' || { echo "FAIL: the message does not say where: $out"; exit 1; }
if echo "$out" | grep -q 's3cret'; then echo "FAIL: the password is in the message"; exit 1; fi
echo "serve with the database down: exit $code, '$out'"
echo "2 passed, 0 failed"
