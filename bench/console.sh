#!/usr/bin/env bash
# Server time of the web console's two heaviest pages, signed in with a session cookie: the agents
# page with AGENTS agents (default 1,000; it shows 100 a page) and the agent page of an agent with
# SETTINGS settings (default 100). wrk, CONNECTIONS connections, DURATION seconds; the figure is the
# p99 latency (target: at most 50 ms) and the page size (target: at most 100 KB).
# Usage: bench/console.sh [--smoke]   (starts a private PostgreSQL and the packaged service)
#   --smoke: 50 agents, 10 settings, 3 s; fails on a refused page, a page over 100 KB or a missing figure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
need wrk "apt-get install wrk"; need openssl; need curl
AGENTS=${AGENTS:-1000}; SETTINGS=${SETTINGS:-100}; DURATION=${DURATION:-20}; CONNECTIONS=${CONNECTIONS:-8}
SMOKE=
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; AGENTS=50; SETTINGS=10; DURATION=3; fi
MAX_BYTES=102400
MAX_P99_MS=50
trap 'bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
bench_service_start
base="http://127.0.0.1:$SERVICE_PORT"

psql -d registry -qc "INSERT INTO agents (letta_uid, name, description, status)
  SELECT 'console-bench-' || g || '-' || extract(epoch FROM now())::bigint, 'Agent ' || g || '-' || extract(epoch FROM now())::bigint,
         'An agent of the console bench, number ' || g, 'Healthy' FROM generate_series(1, $AGENTS) g"
agent=$(psql -d registry -qAtc "SELECT max(id) FROM agents")
psql -d registry -qc "INSERT INTO agent_configs (agent_id, config_key, config_value, config_type)
  SELECT $agent, 'setting_' || g, 'value ' || g, 'string' FROM generate_series(1, $SETTINGS) g
  ON CONFLICT DO NOTHING"

# Sign in as a browser does: the form's CSRF token, then the session cookies.
jar="$BENCH_TMP/console-cookies"; rm -f "$jar"
token=$(curl -fs -c "$jar" -b "$jar" "$base/" | grep -o 'name="csrf-token" value="[^"]*"' | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/')
[ -n "$token" ] || die "the sign-in page has no CSRF token"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf-token=$token" \
  --data-urlencode "username=admin" --data-urlencode "password=$BENCH_ADMIN_PASSWORD" "$base/sign-in")
[ "$status" = 303 ] || die "sign-in answered $status"
cookie="animus_session=$(awk '$6 == "animus_session" {print $7}' "$jar"); animus_access=$(awk '$6 == "animus_access" {print $7}' "$jar")"

failed=0
measure() {
  local label=$1 url=$2 code size p99 p99_ms
  read -r code size < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' -H "Cookie: $cookie" "$url")
  [ "$code" = 200 ] || { echo "$label answered $code" >&2; failed=1; return; }
  [ -z "$SMOKE" ] && wrk -t2 -c"$CONNECTIONS" -d10s -H "Cookie: $cookie" "$url" >/dev/null   # warm-up: the JIT compiles the page first
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $cookie" "$url" > "$BENCH_TMP/wrk-console.txt"
  p99=$(awk '$1 == "99%" {print $2}' "$BENCH_TMP/wrk-console.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$BENCH_TMP/wrk-console.txt")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$BENCH_TMP/wrk-console.txt")
  [ -n "$p99" ] || { echo "$label: no latency figure" >&2; failed=1; return; }
  p99_ms=$(awk -v v="$p99" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }')
  printf '%-38s p99 %8s  %7s req/s  %6s bytes%s\n' "$label" "$p99" "$rps" "$size" "${non2xx:+  non-2xx: $non2xx}"
  [ "$size" -le "$MAX_BYTES" ] || { echo "$label: $size bytes, over $MAX_BYTES" >&2; failed=1; }
  [ -z "$non2xx" ] || failed=1
  if [ -z "$SMOKE" ] && awk -v p="$p99_ms" -v m="$MAX_P99_MS" 'BEGIN { exit !(p > m) }'; then
    echo "$label: p99 $p99_ms ms, over $MAX_P99_MS ms" >&2; failed=1
  fi
}

echo "console pages, $CONNECTIONS connections, ${DURATION}s each (load: $(cut -d' ' -f1-3 /proc/loadavg))"
measure "agents page ($AGENTS agents)" "$base/agents"
measure "agent page ($SETTINGS settings)" "$base/agent?id=$agent"
exit $failed
