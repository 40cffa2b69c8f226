#!/usr/bin/env bash
# Installs the Debian 12 packages meekijk builds, tests and benchmarks with.
# Idempotent: only missing packages are installed; uses sudo when not root.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config make git
  # libraries (DESIGN §9)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libsqlite3-dev libsodium-dev libssl-dev libmagic-dev libpq-dev libcurl4-openssl-dev
  libcli11-dev
  libtcmalloc-minimal4  # the server's malloc (CMakeLists.txt: many small allocations on many threads)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 curl sqlite3 wrk
  python3-aiosmtpd  # a real SMTP server for the e-mail tests (tests/api/smtp_sink.py)
  chromium  # headless browser for tests/e2e (playwright-core drives it; Node 20 + npm come with the machine)
  # PostgreSQL server for the two-backend suite
  postgresql-15 postgresql-client-15
  # load balancer for tests/deploy (two instances behind nginx, as in deploy/nginx.conf)
  nginx-light
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
