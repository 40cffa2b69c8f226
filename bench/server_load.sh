# Shared by bench/run.sh and bench/fhir.sh (sourced, after lib.sh): a temporary WORK dir, one
# server at a time (start_server / stop_server), meekijk-load runs against it with the CPU they
# cost (load), the facts about the machine, and the table rows. The caller sets BUILD, LOAD,
# THREADS and WARMUP.

WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/meekijk-bench.XXXXXX")
SERVER_PID=""

stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU used by anything during one second, in % of all cores (other work on a shared machine
# disturbs every figure; the table says so).
cpu_busy() {
  local a b
  a=($(head -n1 /proc/stat)); sleep 1; b=($(head -n1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  calc "100 * (1 - $idle / ($total > 0 ? $total : 1))" 0
}

# new_data_dir DIR: imports bench/region.json and prints a bearer token for the GP.
new_data_dir() { import_region "$1.import.log" --data "$1"; }

# start_server DIR [FLAGS…]: serves DIR on a free port; sets SERVER_PID and ADDR.
start_server() {
  local dir=$1; shift
  serve "$dir.server.log" --data "$dir" "$@"
  SERVER_PID=$SERVED_PID
}

# cpu_snapshot FILE: wall clock, /proc/stat's cpu line and the server's per-thread CPU ticks.
cpu_snapshot() {
  { date +%s.%N; head -n1 /proc/stat; cat /proc/"$SERVER_PID"/task/*/stat 2>/dev/null; } >"$1"
}
# cpu_usage BEFORE AFTER → "server busiest machine" in % of one core over the interval: all
# server threads, its busiest thread (≈100 means a serial bottleneck) and the whole machine.
cpu_usage() {
  awk -v hz="$(getconf CLK_TCK)" '
    FNR == 1 { f++; wall[f] = $1; next }
    $1 == "cpu" { busy = 0; for (i = 2; i <= 9; i++) if (i != 5 && i != 6) busy += $i; mach[f] = busy; next }
    { t[f, $1] = $14 + $15; tids[$1] = 1 }
    END {
      secs = wall[2] - wall[1]; all = 0; top = 0
      for (id in tids) { d = t[2, id] - t[1, id]; all += d; if (d > top) top = d }
      printf "%.0f %.0f %.0f\n", 100 * all / hz / secs, 100 * top / hz / secs, 100 * (mach[2] - mach[1]) / hz / secs
    }' "$1" "$2"
}

# load NAME ARGS…: one meekijk-load run against ADDR, output in $WORK/NAME.out (also shown),
# the CPU use during it in $WORK/NAME.cpu. A run with errors exits 3: recorded, not fatal.
load() {
  local name=$1; shift
  local rc=0
  cpu_snapshot "$WORK/$name.cpu0"
  "$LOAD" --host "${ADDR%:*}" --port "${ADDR##*:}" --threads "$THREADS" --warmup "$WARMUP" "$@" \
    >"$WORK/$name.out" 2>&1 || rc=$?
  cpu_snapshot "$WORK/$name.cpu1"
  cpu_usage "$WORK/$name.cpu0" "$WORK/$name.cpu1" >"$WORK/$name.cpu"
  sed 's/^/   /' "$WORK/$name.out" >&2
  read -r srv top mach <"$WORK/$name.cpu"
  echo "   CPU (% of one core): server $srv (busiest thread $top), whole machine $mach" >&2
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then echo "$SCRIPT: meekijk-load ($name) failed" >&2; exit 1; fi
}

# machine_facts: NPROC, CPU, KERNEL, FS, MEM, BUSY_BEFORE, LOAD_BEFORE, REV and BUILD_TYPE for the
# table's header (after waiting for a quiet machine when BENCH_WAIT_QUIET asks for it).
machine_facts() {
  log "machine"
  NPROC=$(nproc)
  CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  KERNEL=$(uname -sr)
  FS=$(findmnt -no FSTYPE,SOURCE,OPTIONS -T "$WORK" 2>/dev/null | awk '{ print $1 " on " $2 " (" $3 ")" }')
  MEM=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  if [[ ${BENCH_WAIT_QUIET:-0} -gt 0 ]]; then
    log "waiting up to $BENCH_WAIT_QUIET s for the machine to be quiet"
    deadline=$(( $(date +%s) + BENCH_WAIT_QUIET ))
    until [[ $(cpu_busy) -lt 15 || $(date +%s) -ge $deadline ]]; do :; done
  fi
  BUSY_BEFORE=$(cpu_busy)
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
  git -C "$ROOT" diff --quiet HEAD 2>/dev/null || REV="$REV+changes"
  BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
  BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo (default)}
}

# row LABEL RUN NOTE: one markdown table row of a load run (ops/s, latency, CPU, notes).
row() {
  local f=$WORK/$2.out
  local errs; errs=$(value errors "$f")
  local note=$3
  [[ ${errs:-0} != 0 ]] && note="$note **${errs} errors**"
  [[ $(value ok "$f") == 0 ]] && note="$note **no request completed in the window**"
  local srv top mach drv
  read -r srv top mach <"$WORK/$2.cpu"
  drv=$(value driver_cpu_pct "$f")
  printf '| %s | %s | %s | %s | %s | %s (%s) / %s / %s | %s |\n' "$1" "$(calc "$(value rps "$f")" 0)" \
    "$(value p50_ms "$f")" "$(value p99_ms "$f")" "$(value max_ms "$f")" "$srv" "$top" "$drv" \
    "$(calc "($mach - $srv - $drv) > 0 ? ($mach - $srv - $drv) : 0" 0)" "$note"
}
