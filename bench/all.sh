#!/usr/bin/env bash
# Every bench of the registry in one go.
#
#   bench/all.sh            runs each throughput bench in full and prints one table: path, figure,
#                           floor, ratio, and the machine's load before the run (about 5 minutes)
#   bench/all.sh --smoke    runs every bench's smoke mode (throughput, start-up and fault scripts; a few
#                           minutes); exits non-zero when one of them fails, so a bench broken by an
#                           API change fails CI (.ci/run runs it after the tests)
#   ONLY="agent-read.sh chat-throughput.sh" bench/all.sh    a subset
#
# Adding a bench is one line in BENCHES below: its script name and its kind. A "throughput" bench runs
# in both modes and reports its figures with bench_result (bench/lib/results.sh), which prints
# "RESULT|path|figure|floor|ratio|load" rows that this script gathers into the table; any other kind
# ("fault", "footprint") runs only in smoke mode. Every script must accept --smoke.
#
# Each bench gets its own folder under BENCH_TMP (default /tmp/animus-bench-all) and the same PGPORT and
# SERVICE_PORT (one bench at a time); the packaged service (target/quarkus-app) is built once when missing.
# Logs: $BENCH_TMP/<script>.log. The table is also written to $BENCH_TMP/table.md.
set -uo pipefail

# script                  kind
BENCHES=(
  "agent-read.sh          throughput"
  "effective-config.sh    throughput"
  "chat-throughput.sh     throughput"
  "login.sh               throughput"
  "discovery-scan.sh      throughput"
  "smcp-scan.sh           throughput"
  "letta-reconcile.sh     throughput"
  "delivery.sh            throughput"
  "changes.sh             throughput"
  "console.sh             throughput"
  "webhooks.sh            throughput"
  "startup.sh             footprint"
  "memory.sh              footprint"
  "db-outage.sh           fault"
  "db-hang.sh             fault"
  "crash-safety.sh        fault"
  "replicas.sh            fault"
  "discovery-replicas.sh  fault"
  "templates.sh           throughput"
  "state.sh               throughput"
  "start-check.sh         footprint"
  "cli.sh                 footprint"
)

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SMOKE=
case "${1:-}" in
  --smoke) SMOKE=1 ;;
  "") ;;
  *) echo "usage: bench/all.sh [--smoke]" >&2; exit 2 ;;
esac
BASE_TMP=${BENCH_TMP:-/tmp/animus-bench-all}
export PGPORT=${PGPORT:-55432} SERVICE_PORT=${SERVICE_PORT:-8089}
export PORT_A=${PORT_A:-$SERVICE_PORT}
export PORT_B=${PORT_B:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
PER_BENCH_TIMEOUT=${PER_BENCH_TIMEOUT:-$([ -n "$SMOKE" ] && echo 240 || echo 900)}
mkdir -p "$BASE_TMP"
export BENCH_RESULTS="$BASE_TMP/results"
: > "$BENCH_RESULTS"

if [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; then
  echo "== packaging the service (./mvnw -B -q package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests </dev/null) || { echo "the build failed" >&2; exit 1; }
fi
if [ ! -f "$ROOT/migrate/target/quarkus-app/quarkus-run.jar" ]; then
  echo "== packaging the migration (./mvnw -B -q -f migrate/pom.xml package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -q -f migrate/pom.xml package -DskipTests </dev/null) || { echo "the build failed" >&2; exit 1; }
fi
export BENCH_SKIP_BUILD=1

started=$SECONDS
failed=()
status_rows=()
for entry in "${BENCHES[@]}"; do
  read -r script kind <<<"$entry"
  [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $script "* ]] && continue
  [ -z "$SMOKE" ] && [ "$kind" != throughput ] && continue
  name=${script%.sh}
  log="$BASE_TMP/$name.log"
  if [ ! -f "$HERE/$script" ]; then
    status_rows+=("| $script | MISSING | - |"); failed+=("$script"); continue
  fi
  if [ -n "$SMOKE" ] && ! grep -q -- '--smoke' "$HERE/$script"; then
    echo "== $script: no smoke mode"
    status_rows+=("| $script | no smoke mode | - |"); failed+=("$script"); continue
  fi
  echo "== $script ${SMOKE:+--smoke} (load $(cut -d' ' -f1-3 /proc/loadavg); log $log)"
  rm -rf "$BASE_TMP/$name"
  t0=$SECONDS
  BENCH_TMP="$BASE_TMP/$name" ANIMUS_HOME="$BASE_TMP/$name/animus-home" \
    timeout -k 10 "$PER_BENCH_TIMEOUT" bash "$HERE/$script" ${SMOKE:+--smoke} </dev/null >"$log" 2>&1
  rc=$?
  seconds=$((SECONDS - t0))
  if [ "$rc" = 0 ]; then
    echo "   passed in $seconds s"
    status_rows+=("| $script | passed | $seconds s |")
  else
    echo "   FAILED (exit $rc) in $seconds s; the end of its log:"
    tail -n 25 "$log" | sed 's/^/   | /'
    status_rows+=("| $script | FAILED (exit $rc) | $seconds s |")
    failed+=("$script")
  fi
done

{
  echo "Benches of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(java -version 2>&1 | head -n 1)"
  echo
  if [ -s "$BENCH_RESULTS" ]; then
    echo "| path | figure | floor | ratio | load before (1, 5, 15 min) |"
    echo "|---|---|---|---|---|"
    awk -F'|' '{printf "| %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6}' "$BENCH_RESULTS"
    echo
  fi
  echo "| bench | outcome | time |"
  echo "|---|---|---|"
  printf '%s\n' "${status_rows[@]}"
} | tee "$BASE_TMP/table.md"
echo
echo "all benches${SMOKE:+ (smoke)}: $((SECONDS - started)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
