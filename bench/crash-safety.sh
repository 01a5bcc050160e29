#!/usr/bin/env bash
# The registry killed with SIGKILL, twice: in the middle of a stream of writes, and in the middle of
# a discovery scan of a big Animus home. After each restart: every write that was acknowledged with a
# 2xx is in the database, a scan is all or nothing (the discovered tools number either what they
# were before the killed scan or everything the home holds, never a part), and the next scan
# completes.
#
#   bench/crash-safety.sh                  # needs: apt-get install postgresql curl openssl jq python3
#   TOOLS=6000 bench/crash-safety.sh       # a bigger home (agents x modules + tools + plugins manifests)
#   bench/crash-safety.sh --smoke          # 4 s of writes and a home of 270 manifests (the kill may then
#                                          # land after the scan's commit: both outcomes are checked)
#   BENCH_TMP=/tmp/x PGPORT=55472 SERVICE_PORT=8194 bench/crash-safety.sh   # beside other scripts
#
# The kill in the scan waits until the scan's transaction has written (PostgreSQL has given it a
# transaction id: pg_stat_activity.backend_xid), then KILL_DELAY seconds (default 0), so that it lands
# inside the reconciliation; the script says where it landed.
set -euo pipefail
export BENCH_TMP=${BENCH_TMP:-/tmp/animus-bench-crash} PGPORT=${PGPORT:-55462} SERVICE_PORT=${SERVICE_PORT:-8193}
export ANIMUS_HOME=${ANIMUS_HOME:-/tmp/animus-bench-crash-home}
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx768m}
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
[ -n "$SMOKE" ] && export AGENTS=4 MODULES=5 TOOLS=200 PLUGINS=50 WRITE_SECONDS=4
need curl; need openssl; need jq; need python3; need psql "apt-get install postgresql-client"
AGENTS=${AGENTS:-40}
MODULES=${MODULES:-25}
TOOLS=${TOOLS:-4000}
PLUGINS=${PLUGINS:-1000}
WRITE_SECONDS=${WRITE_SECONDS:-4}
URL="http://127.0.0.1:$SERVICE_PORT"
WRITER=
cleanup() { [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true; bench_service_stop; bench_pg_stop; }
trap cleanup EXIT
sql() { psql -d registry -qAtc "$1"; }
now_ms() { date +%s%3N; }

bench_pg_stop; rm -rf "$BENCH_TMP/pgdata"
bench_pg_start
rm -rf "$ANIMUS_HOME"
python3 "$BENCH_ROOT/bench/generate-animus-home.py" "$ANIMUS_HOME" "$AGENTS" "$MODULES" "$TOOLS" "$PLUGINS"
manifests=$(find "$ANIMUS_HOME" -name manifest.json | wc -l)
bench_service_start
admin_id=$(bench_user bench-crash-admin admin)
TOKEN=$(mint_token "$admin_id" bench-crash-admin admin)
sql "INSERT INTO agents (letta_uid, name) SELECT 'bench-uid-' || lpad(g::text, 3, '0'), 'bench-agent-' || g
     FROM generate_series(0, $((AGENTS - 1))) g ON CONFLICT DO NOTHING"
RUN=$(date +%s)

# --- 1. SIGKILL during a stream of writes --------------------------------------------------------
writer() {
  local i=0 out="$BENCH_TMP/writer.body"
  while :; do
    i=$((i + 1))
    local result; result=$(curl -s -o "$out" -w '%{http_code}' --max-time 10 -X POST "$URL/api/v1/agents" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"letta_uid\":\"crash-$RUN-$i\",\"config\":{\"n\":$i}}" || true)
    local id=-
    case "$result" in 2*) id=$(jq -r '.id // "-"' "$out" 2>/dev/null || echo -) ;; esac
    echo "$(now_ms) ${result:-000} $id" >> "$BENCH_TMP/writes.log"
  done
}
: > "$BENCH_TMP/writes.log"
writer & WRITER=$!
sleep "$WRITE_SECONDS"
kill -9 "$SERVICE_PID"; killed_at=$(now_ms)
wait "$SERVICE_PID" 2>/dev/null || true
sleep 1
kill "$WRITER" 2>/dev/null || true; wait "$WRITER" 2>/dev/null || true; WRITER=
bench_service_start
acked=$(awk '$2 ~ /^2/ && $3 != "-" {print $3}' "$BENCH_TMP/writes.log" | sort -u)
n_acked=$(echo "$acked" | grep -c . || true)
ids=$(echo "$acked" | paste -sd, -)
found=$(sql "SELECT count(*) FROM agents WHERE id IN (${ids:-0}) AND letta_uid LIKE 'crash-$RUN-%'")
rows=$(sql "SELECT count(*) FROM agents WHERE letta_uid LIKE 'crash-$RUN-%'")
in_flight=$(awk -v k="$killed_at" '$1 >= k - 1000 && $2 !~ /^2/' "$BENCH_TMP/writes.log" | wc -l)

# --- 2. SIGKILL during a discovery scan ----------------------------------------------------------
discovered() { sql "SELECT count(*) FROM tools WHERE discovered_from IS NOT NULL"; }
before_scan=$(discovered)
scan_started=$(now_ms)
curl -s -o "$BENCH_TMP/scan1.json" --max-time 600 -X POST -H "Authorization: Bearer $TOKEN" "$URL/api/v1/discovery/scan" &
SCAN=$!
writing=
for _ in $(seq 1 1200); do
  writing=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'registry' AND backend_xid IS NOT NULL
                 AND pid <> pg_backend_pid()")
  [ "$writing" != 0 ] && break
  kill -0 "$SCAN" 2>/dev/null || break
  sleep 0.05
done
sleep "${KILL_DELAY:-0}"
kill -9 "$SERVICE_PID"; killed_scan_at=$(now_ms)
wait "$SERVICE_PID" 2>/dev/null || true
wait "$SCAN" 2>/dev/null || true
scan_answered=$([ -s "$BENCH_TMP/scan1.json" ] && echo "yes (the scan finished before the kill)" || echo no)
# PostgreSQL notices the closed connections and rolls their transactions back
for _ in $(seq 1 100); do
  left=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'registry' AND pid <> pg_backend_pid()
              AND state IS NOT NULL AND backend_type = 'client backend'")
  [ "$left" = 0 ] && break
  sleep 0.1
done
after_kill=$(discovered)
runs_after_kill=$(sql "SELECT count(*) FROM discovery_runs")
bench_service_start
t0=$(now_ms)
curl -s -o "$BENCH_TMP/scan2.json" --max-time 600 -X POST -H "Authorization: Bearer $TOKEN" "$URL/api/v1/discovery/scan"
scan2_s=$(awk -v a="$t0" -v b="$(now_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
outcome=$(jq -r '.outcome' "$BENCH_TMP/scan2.json")
after_scan=$(discovered)
expected=$((TOOLS + MODULES))

echo
echo "Crash safety ($(nproc) cores; service log $BENCH_TMP/service.log)"
echo "  writes, SIGKILL after ${WRITE_SECONDS} s : $(wc -l < "$BENCH_TMP/writes.log") sent, $n_acked acknowledged (2xx with an id),"
echo "                            $found of them found after the restart; $rows rows of the run in all;"
echo "                            $in_flight requests not acknowledged (cut by the kill, or refused while it was down)"
echo "  discovery, $manifests manifests: SIGKILL $(( (killed_scan_at - scan_started) ))ms after the scan began"
echo "                            (scan transaction had written: $([ "$writing" != 0 ] && echo yes || echo no); answered: $scan_answered)"
landed=$([ "$after_kill" = "$before_scan" ] && [ "$runs_after_kill" = 0 ] && echo "inside the scan's transaction: none of it is visible" \
  || echo "after the scan's commit: all of it is visible (set a smaller home or KILL_DELAY=0 to land inside)")
echo "  discovered tools          : before $before_scan, after the kill $after_kill, after the next scan $after_scan (home: $expected)"
echo "  the kill landed           : $landed"
echo "  discovery runs recorded   : $runs_after_kill after the kill; next scan: $outcome in $scan2_s s"

status=0
[ "$found" = "$n_acked" ] || { echo "FAIL: $((n_acked - found)) acknowledged writes are missing"; status=1; }
[ "$n_acked" -gt 0 ] || { echo "FAIL: no write was acknowledged before the kill"; status=1; }
[ "$after_kill" = "$before_scan" ] || [ "$after_kill" = "$after_scan" ] || { echo "FAIL: a partial reconciliation is visible"; status=1; }
[ "$outcome" = completed ] && [ "$after_scan" = "$expected" ] || { echo "FAIL: the next scan did not complete"; status=1; }
[ "$status" = 0 ] && echo "PASS"
exit $status
