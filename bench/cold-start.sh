#!/usr/bin/env bash
# Seconds from `npm start` to /health 200 on the embedded Postgres (no DATABASE_URL, no
# REDIS_URL, no BOT_TOKEN): the first run initialises the cluster, the second reuses it.
# Usage: bash bench/cold-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
# Postgres refuses to run as root, so as root it runs as the "postgres" user, who must reach DATA_DIR.
chmod 755 "$data"
trap 'rm -rf "$data"' EXIT
run() {
  local port=$((20000 + RANDOM % 20000))
  local t0 pid status=000
  t0=$(date +%s.%N)
  env -u DATABASE_URL -u REDIS_URL -u BOT_TOKEN -u WEBHOOK_URL DATA_DIR="$data" PORT="$port" LOG_LEVEL=warn \
    npm start >"$data/run-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
    [ "$status" = 200 ] && break
    sleep 0.1
  done
  printf '%-12s /health %s after %.2f s\n' "$1 run:" "$status" "$(echo "$(date +%s.%N) - $t0" | bc)"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  [ "$status" = 200 ] || tail -20 "$data/run-$1.log"
}
run first
run second
