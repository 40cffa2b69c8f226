#!/usr/bin/env bash
# bash bench/side_by_side.sh OLD_BUILD NEW_BUILD [KIND…]
#
# Two builds of meekijk against each other on this machine, alternating, so that a change of
# the machine's speed (a shared VM drifts by ±20 % within minutes) falls on both: for each
# round and each kind (create, read; default both), each build gets a fresh data dir with
# bench/region.json, its own server and one closed-loop run of bench/meekijk-load (of
# NEW_BUILD, so the driver is the same). Prints one line per run: requests/s, p99, the
# server's CPU and its CPU per consult request it answered (warm-up and the read pool's creates
# included, alike for both), then the median per build and kind.
#
# Tunables: ROUNDS (3), BENCH_SECONDS (8), BENCH_WARMUP (2), BENCH_CONNECTIONS (64),
# BENCH_POOL (1000), BENCH_THREADS (1), BENCH_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }
[[ $# -ge 2 ]] || { echo "usage: bash bench/side_by_side.sh OLD_BUILD NEW_BUILD [create|read…]" >&2; exit 2; }
OLD=$(abs "$1"); NEW=$(abs "$2"); shift 2
KINDS=("$@"); [[ ${#KINDS[@]} -gt 0 ]] || KINDS=(create read)
LOAD=$NEW/bench/meekijk-load
for b in "$OLD/meekijk" "$NEW/meekijk" "$LOAD"; do
  [[ -x $b ]] || { echo "side_by_side.sh: $b is missing" >&2; exit 1; }
done
ROUNDS=${ROUNDS:-3}
SECONDS_RUN=${BENCH_SECONDS:-8}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-1}
POOL=${BENCH_POOL:-1000}
GP_EMAIL=gp@bench.example
SCRIPT=side_by_side.sh
MEEKIJK=""  # set per build below; lib.sh's import_region and serve use it
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
# shellcheck source=bench/server_load.sh
. "$ROOT/bench/server_load.sh"

RESULTS=$WORK/results
: >"$RESULTS"
n=0
for round in $(seq 1 "$ROUNDS"); do
  for kind in "${KINDS[@]}"; do
    for side in old new; do
      [[ $side == old ]] && MEEKIJK=$OLD/meekijk || MEEKIJK=$NEW/meekijk
      n=$((n + 1))
      dir=$WORK/run$n
      TOKEN=$(new_data_dir "$dir")
      start_server "$dir"
      ticks0=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
      load "run$n" --kind "$kind" --mode closed --connections "$CONNS" --duration "$SECONDS_RUN" \
        --token "$TOKEN" --pool "$POOL"
      ticks1=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
      # every consult request the server answered (warm-up and the read pool included)
      total=$(curl -sf "http://$ADDR/metrics" |
        awk '$1 ~ /^meekijk_http_requests_total\{/ && $1 ~ /route="\/api\/v1\/consults/ { s += $2 } END { print s + 0 }')
      stop_server
      rm -rf "$dir"
      read -r srv _ _ <"$WORK/run$n.cpu"
      us=$(calc "($ticks1 - $ticks0) * 1000000 / $(getconf CLK_TCK) / ($total > 0 ? $total : 1)" 0)
      line="$kind $side round=$round rps=$(value rps "$WORK/run$n.out") p99_ms=$(value p99_ms "$WORK/run$n.out") errors=$(value errors "$WORK/run$n.out") server_cpu_pct=$srv server_cpu_us_per_request=$us"
      echo "$line" | tee -a "$RESULTS"
    done
  done
done

echo
echo "| kind | build | median requests/s | median server CPU per request | runs |"
echo "|---|---|---:|---:|---|"
for kind in "${KINDS[@]}"; do
  for side in old new; do
    [[ $side == old ]] && b=$OLD || b=$NEW
    awk -v k="$kind" -v s="$side" -v b="$b" '
      $1 == k && $2 == s { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                           r[++n] = v["rps"]; c[n] = v["server_cpu_us_per_request"]; all = all sprintf("%s%.0f", n > 1 ? ", " : "", v["rps"]) }
      function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      END { printf "| %s | %s | %.0f | %.0f µs | %s |\n", k, b, median(r, n), median(c, n), all }' "$RESULTS"
  done
done
