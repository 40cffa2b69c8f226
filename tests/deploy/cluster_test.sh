#!/usr/bin/env bash
# deploy_cluster: two `meekijk serve --db postgresql://…` instances on one database behind nginx,
# configured with the proxy blocks of deploy/nginx.conf (copied verbatim between its
# `>>> meekijk …` / `<<< meekijk …` markers; only the upstream server lines are this test's).
#
#   (a) one consult through all three doors: created through instance A, accepted and answered
#       through B, closed through nginx — and the close reaches an event stream opened through
#       nginx; X-Request-Id and round robin through nginx;
#   (b) creates through nginx under load with unique Idempotency-Keys; instance A is SIGKILLed
#       in the middle. Afterwards every acknowledged (201) consult is there (GET through B), a
#       repeat of an acknowledged create through B is a replay (same id, no new consult), and
#       repeating the unacknowledged ones with their keys leaves exactly one consult per key.
#
# Usage: cluster_test.sh MEEKIJK_BINARY. The PostgreSQL server: the first line of the file
# MEEKIJK_TEST_PG_URL_FILE names (ctest: the `pg` fixture, scripts/pg-test-server.sh), or
# MEEKIJK_TEST_PG_URL; a user that may CREATE DATABASE. nginx must be installed
# (scripts/install-deps.sh): without it the test fails, it does not skip.
set -euo pipefail
BIN=${1:?usage: cluster_test.sh MEEKIJK_BINARY}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEPLOY_CONF=$ROOT/deploy/nginx.conf
LOAD_SECONDS=${DEPLOY_LOAD_SECONDS:-6}   # the load run; A is killed after a third of it
LOAD_CONNECTIONS=${DEPLOY_LOAD_CONNECTIONS:-12}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

# --- prerequisites ------------------------------------------------------------------------
[ -x "$BIN" ] || fail "$BIN is not an executable"
server_url=${MEEKIJK_TEST_PG_URL:-}
if [ -z "$server_url" ] && [ -n "${MEEKIJK_TEST_PG_URL_FILE:-}" ] && [ -s "$MEEKIJK_TEST_PG_URL_FILE" ]; then
  server_url=$(head -n1 "$MEEKIJK_TEST_PG_URL_FILE")
fi
[ -n "$server_url" ] || fail "no PostgreSQL test server: run with ctest (the pg_server_start fixture) or set MEEKIJK_TEST_PG_URL"
case $server_url in *\?*) fail "a server URL with parameters is not supported here: $server_url" ;; esac
NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; }
[ -n "$NGINX" ] || fail "nginx is not installed (scripts/install-deps.sh installs nginx-light)"
PSQL=$(command -v psql || true)
[ -n "$PSQL" ] || PSQL=/usr/lib/postgresql/15/bin/psql
[ -x "$PSQL" ] || fail "psql is not installed (postgresql-client-15)"
command -v python3 >/dev/null || fail "python3 is not installed"
command -v curl >/dev/null || fail "curl is not installed"
[ -f "$DEPLOY_CONF" ] || fail "$DEPLOY_CONF is missing"
# shellcheck source=tests/deploy/nginx_conf.sh
. "$ROOT/tests/deploy/nginx_conf.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/meekijk-deploy-XXXXXX")
db="mk_deploy_$$_${RANDOM}"
db_url="${server_url%/*}/$db"
db_created=0
pid_a="" pid_b="" pid_nginx="" pid_sse=""

stop_pid() {  # stop_pid PID: TERM, up to 10 s, then KILL
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  stop_pid "$pid_sse"
  stop_pid "$pid_nginx"
  stop_pid "$pid_a"
  stop_pid "$pid_b"
  if [ "$rc" -ne 0 ]; then
    for f in a.log b.log nginx/error.log driver.err; do
      [ -s "$work/$f" ] && { echo "--- last lines of $f"; tail -n 15 "$work/$f"; }
    done
  fi
  if [ "$db_created" -eq 1 ]; then
    "$PSQL" "$server_url" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
      echo "warning: could not drop database $db" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
sql() { "$PSQL" "$db_url" -qAt -v ON_ERROR_STOP=1 -c "$1"; }

# req NAME METHOD URL TOKEN [BODY [CURL_ARGS…]]: body to $work/NAME.json, headers to
# $work/NAME.hdr; prints the status (000 when there was no answer).
req() {
  local name=$1 method=$2 url=$3 token=$4 body=${5:-}
  shift 4; [ $# -gt 0 ] && shift
  local args=(-s -o "$work/$name.json" -D "$work/$name.hdr" -w '%{http_code}' -X "$method" --max-time 20)
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$@" "$url" || true
}
# field NAME KEY…: a field of $work/NAME.json ("" when absent or null)
field() {
  python3 - "$work/$1.json" "${@:2}" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else (json.dumps(v) if isinstance(v, (dict, list, bool)) else v))
PY
}
header() { sed -n "s/^$2: *//Ip" "$work/$1.hdr" | tr -d '\r' | tail -n1; }
expect_status() {  # expect_status GOT WANT NAME WHAT
  [ "$1" = "$2" ] || { cat "$work/$3.json" 2>/dev/null >&2; echo >&2; fail "$4: status $1, expected $2"; }
}
expect_field() {  # expect_field NAME KEY WANT WHAT
  local got; got=$(field "$1" "$2")
  [ "$got" = "$3" ] || fail "$4: $2 is '$got', expected '$3'"
}

# --- database, region, tokens -------------------------------------------------------------
step "database $db on $server_url"
"$PSQL" "$server_url" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null || fail "CREATE DATABASE $db"
db_created=1

cat >"$work/region.json" <<'JSON'
{
  "organizations": [
    {"ref": "regio", "name": "Regio Deploy", "type": "region_office"},
    {"ref": "zg", "name": "Zorggroep Deploy", "type": "care_group", "part_of": "regio", "agb": "01234567"},
    {"ref": "praktijk", "name": "Huisartsenpraktijk Deploy", "type": "gp_practice", "part_of": "zg",
     "agb": "01234568", "postcode": "3083AB"},
    {"ref": "zkh", "name": "Ziekenhuis Deploy", "type": "hospital", "part_of": "regio", "agb": "06010000"}
  ],
  "services": [
    {"ref": "derma", "organization": "zkh", "specialty": "dermatology", "name": "Dermatologie",
     "modalities": ["e_consult"], "response_days": 3, "routing": "pool", "accepts": ["zg"]}
  ],
  "users": [
    {"ref": "gp", "email": "gp@deploy.example", "name": "A. Huisarts", "role": "gp",
     "organization": "praktijk", "agb": "01000001", "password": "correct horse battery"},
    {"ref": "derm", "email": "derm@deploy.example", "name": "B. Dermatoloog", "role": "consultant",
     "organization": "zkh", "services": ["derma"], "password": "correct horse battery"}
  ]
}
JSON
step "import (migrates the new database) and tokens"
"$BIN" import "$work/region.json" --db "$db_url" --data "$work/cli" >"$work/import.log" 2>&1 ||
  { cat "$work/import.log" >&2; fail "meekijk import"; }
gp_token=$("$BIN" token create --email gp@deploy.example --label deploy --db "$db_url" --data "$work/cli" 2>>"$work/import.log")
derm_token=$("$BIN" token create --email derm@deploy.example --label deploy --db "$db_url" --data "$work/cli" 2>>"$work/import.log")
[ -n "$gp_token" ] && [ -n "$derm_token" ] || fail "token create"
service_id=$(sql "SELECT id FROM services WHERE name = 'Dermatologie'")
[ -n "$service_id" ] || fail "no service after the import"

# --- two instances and nginx ----------------------------------------------------------------
# Each instance has its own data dir: with --db it is only the local attachment cache.
"$BIN" serve --db "$db_url" --data "$work/a" --listen 127.0.0.1:0 --trust-proxy >"$work/a.log" 2>&1 &
pid_a=$!
"$BIN" serve --db "$db_url" --data "$work/b" --listen 127.0.0.1:0 --trust-proxy >"$work/b.log" 2>&1 &
pid_b=$!
listening() {  # listening NAME PID → host:port once /readyz answers
  local addr=""
  for _ in $(seq 300); do
    addr=$(sed -n 's/.*event=listening url=http:\/\/\([^ ]*\).*/\1/p' "$work/$1.log" | head -n1)
    if [ -n "$addr" ] && curl -sf "http://$addr/readyz" >/dev/null; then echo "$addr"; return 0; fi
    kill -0 "$2" 2>/dev/null || fail "instance $1 exited: $(tail -n 5 "$work/$1.log")"
    sleep 0.1
  done
  fail "instance $1 not ready after 30 s"
}
addr_a=$(listening a "$pid_a")
addr_b=$(listening b "$pid_b")
A=http://$addr_a
B=http://$addr_b
step "instances: A at $A, B at $B"

# deploy/nginx.conf's proxy blocks, verbatim, with the upstream server lines set to A and B.
nginx_port=$(free_port)
N=http://127.0.0.1:$nginx_port
meekijk_nginx_conf "$DEPLOY_CONF" "$work/nginx" "$nginx_port" "$addr_a" "$addr_b" || fail "nginx configuration"
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" -g 'daemon off;' \
  >>"$work/nginx/error.log" 2>&1 &
pid_nginx=$!
for _ in $(seq 100); do
  curl -sf "$N/readyz" >/dev/null && break
  kill -0 "$pid_nginx" 2>/dev/null || fail "nginx exited: $(tail -n 5 "$work/nginx/error.log")"
  sleep 0.1
done
curl -sf "$N/readyz" >/dev/null || fail "nginx at $N does not answer /readyz"
step "nginx at $N"

# --- (a) one consult through A, B and nginx -------------------------------------------------
consult_body() {  # consult_body N: the create body of consult number N (the same for the same N)
  printf '{"service_id":"%s","patient":{"bsn":"999990019","name":"Patient %s","birth_date":"1968-05-14","sex":"female","postcode":"3083 AB"},"question":"Plaque op de onderarm (%s), psoriasis of eczeem?","clinical_context":"Geen koorts.","patient_narrative":"Het jeukt.","urgency":"routine","intended_referral":"unsure","patient_informed":true,"modality":"e_consult"}' \
    "$service_id" "$1" "$1"
}
step "(a) create through A"
s=$(req created POST "$A/api/v1/consults" "$gp_token" "$(consult_body first)")
expect_status "$s" 201 created "create through A"
expect_field created status submitted "create through A"
id=$(field created id)
[ -n "$id" ] || fail "create through A: no id"

# An event stream through nginx, opened before the changes (it must see them as they happen).
curl -sN --max-time 30 -H "Authorization: Bearer $gp_token" "$N/api/v1/events" >"$work/sse.txt" 2>/dev/null &
pid_sse=$!
for _ in $(seq 100); do grep -q '^event: ready' "$work/sse.txt" && break; sleep 0.1; done
grep -q '^event: ready' "$work/sse.txt" || fail "no 'event: ready' on /api/v1/events through nginx"

step "(a) accept and answer through B"
s=$(req accepted POST "$B/api/v1/consults/$id/accept" "$derm_token" '{}')
expect_status "$s" 200 accepted "accept through B"
expect_field accepted status accepted "accept through B"
s=$(req answered POST "$B/api/v1/consults/$id/answer" "$derm_token" \
  '{"advice":"Eczeem; start een hydrocortisoncreme.","referral_advised":false,"minutes_spent":10}')
expect_status "$s" 200 answered "answer through B"
expect_field answered status answered "answer through B"

step "(a) close through nginx"
s=$(req closed POST "$N/api/v1/consults/$id/close" "$gp_token" \
  '{"result":"treated_by_gp","usefulness":4,"learned":true}' -H 'X-Request-Id: deploy-close-1')
expect_status "$s" 200 closed "close through nginx"
expect_field closed status closed "close through nginx"
[ "$(field closed outcome result)" = treated_by_gp ] || fail "close through nginx: outcome.result is '$(field closed outcome result)'"
[ "$(header closed X-Request-Id)" = deploy-close-1 ] || fail "X-Request-Id not passed through nginx: '$(header closed X-Request-Id)'"
s=$(req fetched GET "$A/api/v1/consults/$id" "$gp_token")
expect_status "$s" 200 fetched "GET through A"
expect_field fetched status closed "GET through A after the close"

# The close (made through whichever instance nginx picked) reaches the stream (through whichever).
for _ in $(seq 100); do grep -q "\"consult_id\":\"$id\".*\"status\":\"closed\"" "$work/sse.txt" && break; sleep 0.1; done
grep -q "\"consult_id\":\"$id\".*\"status\":\"closed\"" "$work/sse.txt" ||
  { cat "$work/sse.txt" >&2; fail "the close did not reach the event stream through nginx within 10 s"; }
stop_pid "$pid_sse"; pid_sse=""

# Without an X-Request-Id nginx makes one (32 hex characters; meekijk's own have 16).
s=$(req rid GET "$N/healthz" "")
expect_status "$s" 200 rid "/healthz through nginx"
[[ $(header rid X-Request-Id) =~ ^[0-9a-f]{32}$ ]] || fail "nginx did not set a request id: '$(header rid X-Request-Id)'"
# Round robin: requests through nginx reach both instances (seen by the request ids they log).
for i in $(seq 8); do curl -sf -o /dev/null -H "X-Request-Id: deploy-rr-$i" -H "Authorization: Bearer $gp_token" "$N/api/v1/me"; done
sleep 0.2
grep -q 'deploy-rr-' "$work/a.log" && grep -q 'deploy-rr-' "$work/b.log" ||
  fail "nginx did not spread requests over both instances (A: $(grep -c deploy-rr- "$work/a.log"), B: $(grep -c deploy-rr- "$work/b.log"))"
echo "   ok: A → B → nginx, event stream, request ids, both instances used"

# --- (b) creates under load; SIGKILL of A ---------------------------------------------------
cat >"$work/driver.py" <<'PY'
# driver.py load BASE TOKEN SERVICE SECONDS CONNECTIONS OUT: creates through BASE, one new
#   Idempotency-Key each; OUT gets "key status id time" per attempt (status 0: no answer).
# driver.py get BASE TOKEN RESULTS: GET every acknowledged consult; prints the count.
# driver.py replay BASE TOKEN SERVICE RESULTS: repeat every create with its key; prints
#   "acked replayed retried" and fails on any mismatch.
import http.client, json, sys, threading, time, urllib.parse

def body(service, n):
    return json.dumps({"service_id": service,
        "patient": {"bsn": "999990019", "name": f"Patient {n}", "birth_date": "1968-05-14",
                    "sex": "female", "postcode": "3083 AB"},
        "question": f"Plaque op de onderarm ({n}), psoriasis of eczeem?", "clinical_context": "Geen koorts.",
        "patient_narrative": "Het jeukt.", "urgency": "routine", "intended_referral": "unsure",
        "patient_informed": True, "modality": "e_consult"})

class Client:
    def __init__(self, base, token):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.token, self.conn = u.hostname, u.port, token, None
    def call(self, method, path, data=None, key=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=20)
        headers = {"Authorization": "Bearer " + self.token}
        if data is not None: headers["Content-Type"] = "application/json"
        if key: headers["Idempotency-Key"] = key
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            payload = r.read()
            if r.getheader("Connection", "").lower() == "close": self.close()
            return r.status, payload, r
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, b"", None
    def close(self):
        if self.conn: self.conn.close()
        self.conn = None

def results(path):
    out = []
    for line in open(path):
        key, status, cid, _ = line.split()
        out.append((key, int(status), "" if cid == "-" else cid))
    return out

def die(msg):
    print("FAIL: " + msg, file=sys.stderr); sys.exit(1)

mode = sys.argv[1]
if mode == "load":
    base, token, service, seconds, conns, out = sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
    lock, lines, counter = threading.Lock(), [], [0]
    deadline = time.time() + seconds
    def worker():
        c = Client(base, token)
        while time.time() < deadline:
            with lock:
                counter[0] += 1; n = counter[0]
            status, payload, _ = c.call("POST", "/api/v1/consults", body(service, n), key=f"deploy-{n}")
            cid = "-"
            if status == 201: cid = json.loads(payload)["id"]
            with lock: lines.append(f"deploy-{n} {status} {cid} {time.time():.3f}")
    threads = [threading.Thread(target=worker) for _ in range(conns)]
    for t in threads: t.start()
    for t in threads: t.join()
    with open(out, "w") as f: f.write("\n".join(lines) + "\n")
elif mode == "get":
    base, token, path = sys.argv[2:5]
    c, n = Client(base, token), 0
    for key, status, cid in results(path):
        if status != 201: continue
        s, payload, _ = c.call("GET", f"/api/v1/consults/{cid}")
        if s != 200: die(f"acknowledged consult {cid} ({key}): GET answered {s}")
        if json.loads(payload)["id"] != cid: die(f"GET {cid} answered another consult")
        n += 1
    print(n)
elif mode == "replay":
    base, token, service, path = sys.argv[2:6]
    c, acked = Client(base, token), 0
    for key, status, cid in results(path):
        if status != 201: continue
        n = key.split("-", 1)[1]
        s, payload, r = c.call("POST", "/api/v1/consults", body(service, n), key=key)
        if s != 201: die(f"replay of {key}: status {s}: {payload[:300]!r}")
        if json.loads(payload)["id"] != cid: die(f"replay of {key}: id {json.loads(payload)['id']}, first {cid}")
        if (r.getheader("Idempotent-Replayed") or "").lower() != "true": die(f"replay of {key}: no Idempotent-Replayed: true")
        acked += 1
    print(acked)
elif mode == "retry":
    # The client's side of "repeat with the same key": the creates that got no 201.
    base, token, service, path = sys.argv[2:6]
    c, retried, replayed = Client(base, token), 0, 0
    for key, status, cid in results(path):
        if status == 201: continue
        if 400 <= status < 500: die(f"{key}: status {status} during the load (only 201 or no answer/502/503 are expected)")
        n = key.split("-", 1)[1]
        s, payload, r = c.call("POST", "/api/v1/consults", body(service, n), key=key)
        if s != 201: die(f"retry of {key} (first status {status}): status {s}: {payload[:300]!r}")
        retried += 1
        if (r.getheader("Idempotent-Replayed") or "").lower() == "true": replayed += 1
    print(retried, replayed)
PY

count_before=$(sql "SELECT count(*) FROM consults")
step "(b) creates through nginx for ${LOAD_SECONDS} s, $LOAD_CONNECTIONS connections; SIGKILL of A after a third"
python3 "$work/driver.py" load "$N" "$gp_token" "$service_id" "$LOAD_SECONDS" "$LOAD_CONNECTIONS" "$work/load.txt" \
  2>"$work/driver.err" &
pid_driver=$!
sleep "$(python3 -c "print($LOAD_SECONDS / 3)")"
kill_at=$(date +%s.%N)
kill -KILL "$pid_a"
wait "$pid_a" 2>/dev/null || true
pid_a=""
wait "$pid_driver" || fail "the load driver failed: $(tail -n 5 "$work/driver.err")"
[ -s "$work/load.txt" ] || fail "the load driver wrote no results"

read -r attempts acked before_kill after_kill others <<<"$(awk -v k="$kill_at" '
  { n++ } $2 == 201 { a++; if ($4 < k) bk++; else ak++ } $2 != 201 { o++ }
  END { printf "%d %d %d %d %d\n", n, a, bk, ak, o }' "$work/load.txt")"
statuses=$(awk '{ print $2 }' "$work/load.txt" | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
echo "   $attempts creates: $statuses($before_kill acknowledged before the kill, $after_kill after)"
[ "$before_kill" -gt 0 ] || fail "no create was acknowledged before A was killed"
[ "$after_kill" -gt 0 ] || fail "no create was acknowledged after A was killed (nginx did not fail over to B)"
curl -sf "$N/readyz" >/dev/null || fail "/readyz through nginx fails with A down"

count_after_load=$(sql "SELECT count(*) FROM consults")
new=$((count_after_load - count_before))
# Every 201 is a committed consult; an unanswered request may or may not have committed on A.
[ "$new" -ge "$acked" ] || fail "$acked creates acknowledged, but only $new new consults in the database"
[ "$new" -le "$attempts" ] || fail "$new new consults for $attempts creates: duplicates"

step "(b) every acknowledged consult through B"
got=$(python3 "$work/driver.py" get "$B" "$gp_token" "$work/load.txt") || fail "GET of the acknowledged consults"
[ "$got" -eq "$acked" ] || fail "$got of $acked acknowledged consults found"

step "(b) repeats of the acknowledged creates through B are replays"
replays=$(python3 "$work/driver.py" replay "$B" "$gp_token" "$service_id" "$work/load.txt") || fail "replay"
[ "$replays" -eq "$acked" ] || fail "$replays replays for $acked acknowledged creates"
count=$(sql "SELECT count(*) FROM consults")
[ "$count" -eq "$count_after_load" ] || fail "the replays changed the number of consults: $count_after_load → $count"

step "(b) the unacknowledged creates, repeated with their keys through B"
retry=$(python3 "$work/driver.py" retry "$B" "$gp_token" "$service_id" "$work/load.txt") || fail "retry"
read -r retried retried_replays <<<"$retry"
count=$(sql "SELECT count(*) FROM consults")
[ "$((count - count_before))" -eq "$attempts" ] ||
  fail "$attempts keys, but $((count - count_before)) new consults: lost or duplicated creates"
echo "   ok: $acked acknowledged found and replayed; $retried repeated ($retried_replays of them had committed on A before it died); $count consults for $attempts keys + 1"
[ "$count" -eq "$((attempts + 1))" ] || fail "expected $((attempts + 1)) consults in the database, found $count"

echo "1 passed, 0 failed"
