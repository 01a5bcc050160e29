#!/usr/bin/env bash
# Throughput of an authenticated read of one agent (GET /api/v1/agents/{id}) by a user who may see it,
# beside pgbench -S on the same PostgreSQL: wrk, 32 connections, DURATION seconds (default 20).
# Usage: bench/agent-read.sh            (starts a private PostgreSQL and the packaged service)
#        bench/agent-read.sh --smoke    (2 s of reads, no pgbench; fails on a non-2xx answer or no request)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
need wrk "apt-get install wrk"; need openssl; need curl
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-10}
[ -n "$SMOKE" ] && DURATION=2 CONNECTIONS=4 WARMUP=1
trap 'bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
bench_service_start
admin_id=$(bench_user bench-admin admin)
user_id=$(bench_user bench-user user)
ADMIN=$(mint_token "$admin_id" bench-admin admin)
USER_TOKEN=$(mint_token "$user_id" bench-user user)
agent=$(curl -fs -X POST "http://127.0.0.1:$SERVICE_PORT/api/v1/agents" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' \
  -d "{\"letta_uid\":\"bench-$(date +%s%N)\",\"name\":\"Bench $(date +%s%N)\",\"description\":\"Animus Configuration Assistant\",\"visible_to_roles\":[\"admin\",\"user\"],\"config\":{\"model\":\"letta-free\",\"temperature\":0.7}}" \
  | sed -E 's/.*"id":([0-9]+).*/\1/')
[[ "$agent" =~ ^[0-9]+$ ]] || die "could not create the agent"
url="http://127.0.0.1:$SERVICE_PORT/api/v1/agents/$agent"
curl -fs -o /dev/null -H "Authorization: Bearer $USER_TOKEN" "$url" || die "the read failed"

echo "warm-up $WARMUP s ..."
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $USER_TOKEN" "$url" >/dev/null
load=$(bench_load)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $USER_TOKEN" "$url" | tee "$BENCH_TMP/wrk.txt"
wrk_check "$BENCH_TMP/wrk.txt"
rps=$(awk '/^Requests\/sec/ {print $2}' "$BENCH_TMP/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$BENCH_TMP/wrk.txt")
echo
printf 'GET /api/v1/agents/{id}: %s req/s, p99 %s\n' "$rps" "$p99"
if [ -n "$SMOKE" ]; then
  bench_result 'GET /agents/{id} (smoke)' "$rps req/s, p99 $p99" - - "$load"
  exit 0
fi
tps=$(pgbench_select_tps "$CONNECTIONS" "$DURATION")
ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN {printf "%.2f", a / b}')
printf 'pgbench -S -c %s:         %s tps\n' "$CONNECTIONS" "$tps"
printf 'ratio service/pgbench:    %s\n' "$ratio"
bench_result 'GET /agents/{id}' "$rps req/s, p99 $p99" "pgbench -S $tps tps" "$ratio (goal 0.5)" "$load"
