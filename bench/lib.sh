# Shared by bench/run.sh and bench/backends.sh (sourced, not run). The caller sets ROOT, MEEKIJK,
# GP_EMAIL and names itself in SCRIPT (for messages).

log() { echo "== $*" >&2; }

# value KEY FILE: the value of KEY=… on the last RESULT line of FILE (empty when absent).
value() {
  awk -v key="$1" '/^RESULT /{ for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) v = kv[2] } } END { print v }' "$2"
}
# value_where KEY MATCH FILE: as value, on the last RESULT line containing MATCH.
value_where() {
  grep -F "$2" "$3" | awk -v key="$1" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) v = kv[2] } } END { print v }'
}
calc() { awk "BEGIN { x = ($1); printf \"%.${2:-1}f\", x }"; }  # calc EXPR [DECIMALS]

# stop_pid PID: SIGTERM, up to 10 s for a graceful stop (nothing is in flight any more), then
# SIGKILL with a warning.
stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$SCRIPT: WARNING: process $pid did not exit within 10 s of SIGTERM; killed" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# import_region LOG STORE_ARGS…: imports bench/region.json into the store the arguments name
# (--data DIR, or --db URL --data CACHE) and prints a bearer token for the GP.
import_region() {
  local logfile=$1; shift
  "$MEEKIJK" import "$ROOT/bench/region.json" "$@" >"$logfile" 2>&1 || { cat "$logfile" >&2; exit 1; }
  "$MEEKIJK" token create --email "$GP_EMAIL" --label bench "$@" 2>>"$logfile"
}

# serve LOG ARGS…: `meekijk serve ARGS… --listen 127.0.0.1:0` in the background; sets
# SERVED_PID, and ADDR once /readyz answers (exits the script when it never does).
serve() {
  local logfile=$1; shift
  "$MEEKIJK" serve "$@" --listen 127.0.0.1:0 >"$logfile" 2>&1 &
  SERVED_PID=$!
  ADDR=""
  for _ in $(seq 1 300); do
    ADDR=$(sed -n 's/.*event=listening url=http:\/\/\([^ ]*\).*/\1/p' "$logfile" | head -n1)
    if [[ -n $ADDR ]] && curl -sf "http://$ADDR/readyz" >/dev/null; then return 0; fi
    kill -0 "$SERVED_PID" 2>/dev/null || { cat "$logfile" >&2; echo "$SCRIPT: the server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "$SCRIPT: the server was not ready after 30 s ($logfile)" >&2
  kill -KILL "$SERVED_PID" 2>/dev/null || true  # the caller never learnt its pid
  exit 1
}
