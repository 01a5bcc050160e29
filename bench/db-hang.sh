#!/usr/bin/env bash
# The registry while its PostgreSQL hangs (up, accepting queries, answering none of those on the agents
# table): the packaged service under steady load (a writer that creates agents with unique letta_uids, a
# reader that lists agents), then a psql session takes LOCK TABLE agents IN ACCESS EXCLUSIVE MODE and
# keeps its transaction open for HANG seconds (default 10), as a stuck migration or a forgotten psql
# session would. Prints the answers during the hang by status, the longest one, whether every refusal
# was a 503 problem, whether a refused write left a row, and the time to the first successful write
# after the lock is released (no restart of the service).
#
#   bench/db-hang.sh                       # needs: apt-get install postgresql curl openssl jq
#   HANG=20 bench/db-hang.sh
#   bench/db-hang.sh --smoke               # a 4 s hang between 2 s of load before and 4 s after
#   BENCH_TMP=/tmp/x PGPORT=55492 SERVICE_PORT=8197 bench/db-hang.sh   # beside other scripts
#
# Exits non-zero when an answer during the hang took longer than MAX_LATENCY seconds (default 5) or
# was neither 2xx nor a 503 problem, when a refused write left a row or an acknowledged one is missing,
# or when no write succeeded after the release.
set -euo pipefail
export BENCH_TMP=${BENCH_TMP:-/tmp/animus-bench-hang} PGPORT=${PGPORT:-55492} SERVICE_PORT=${SERVICE_PORT:-8197}
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
[ -n "$SMOKE" ] && export HANG=4 WARMUP=2 AFTER=4
need curl; need openssl; need jq; need psql "apt-get install postgresql-client"
HANG=${HANG:-10}
WARMUP=${WARMUP:-5}
AFTER=${AFTER:-10}
MAX_LATENCY=${MAX_LATENCY:-5}
URL="http://127.0.0.1:$SERVICE_PORT"
LOOPS=()
cleanup() {
  for pid in "${LOOPS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  bench_service_stop; bench_pg_stop
}
trap cleanup EXIT

bench_pg_stop; rm -rf "$BENCH_TMP/pgdata"
bench_pg_start
bench_service_start
admin_id=$(bench_user bench-hang-admin admin)
TOKEN=$(mint_token "$admin_id" bench-hang-admin admin)
RUN=$(date +%s)
now_ms() { date +%s%3N; }

# writer: "<start ms> <status> <seconds> <letta_uid> <id or ->" per request
writer() {
  local i=0 out="$BENCH_TMP/writer.body"
  while :; do
    i=$((i + 1))
    local uid="hang-$RUN-$i" start; start=$(now_ms)
    local result; result=$(curl -s -o "$out" -w '%{http_code} %{time_total}' --max-time 30 -X POST "$URL/api/v1/agents" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{\"letta_uid\":\"$uid\"}" || true)
    local id=-
    case "$result" in 2*) id=$(jq -r '.id // "-"' "$out" 2>/dev/null || echo -) ;; esac
    echo "$start ${result:-000 0} $uid $id" >> "$BENCH_TMP/writes.log"
    sleep 0.05
  done
}
# reader: "<start ms> <status> <seconds> <content type>"
reader() {
  while :; do
    local start; start=$(now_ms)
    local result; result=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{content_type}' --max-time 30 \
      -H "Authorization: Bearer $TOKEN" "$URL/api/v1/agents?size=5" || true)
    echo "$start ${result:-000 0 -}" >> "$BENCH_TMP/reads.log"
    sleep 0.05
  done
}
: > "$BENCH_TMP/writes.log"; : > "$BENCH_TMP/reads.log"
writer & LOOPS+=($!)
reader & LOOPS+=($!)
sleep "$WARMUP"

echo "locking the agents table for $HANG s ..."
down=$(now_ms)
psql -d registry -qAt -c "BEGIN" -c "LOCK TABLE agents IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep($HANG)" -c "COMMIT" >/dev/null &
locker=$!
wait "$locker"
up=$(now_ms)
echo "released; load goes on for $AFTER s ..."
sleep "$AFTER"
for pid in "${LOOPS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
LOOPS=()
sleep 1

in_hang() { awk -v d="$down" -v u="$up" '$1 >= d && $1 < u' "$1"; }
by_status() { awk '{n[$2]++} END {for (s in n) printf "%s %s×, ", s, n[s]}' | sed 's/, $//'; }
max_latency() { awk 'BEGIN {m = 0} $3 > m {m = $3} END {printf "%.2f", m}'; }

writes_hang=$(in_hang "$BENCH_TMP/writes.log" | by_status)
reads_hang=$(in_hang "$BENCH_TMP/reads.log" | by_status)
n_hang=$(cat "$BENCH_TMP/writes.log" "$BENCH_TMP/reads.log" | in_hang /dev/stdin | wc -l)
n_503=$(cat "$BENCH_TMP/writes.log" "$BENCH_TMP/reads.log" | in_hang /dev/stdin | awk '$2 == 503' | wc -l)
max_hang=$(cat "$BENCH_TMP/writes.log" "$BENCH_TMP/reads.log" | in_hang /dev/stdin | max_latency)
not_503=$( (in_hang "$BENCH_TMP/writes.log"; in_hang "$BENCH_TMP/reads.log") | awk '$2 != 503 && $2 !~ /^2/' | wc -l)
reads_503=$(in_hang "$BENCH_TMP/reads.log" | awk '$2 == 503' | wc -l)
reads_503_problem=$(in_hang "$BENCH_TMP/reads.log" | awk '$2 == 503 && $4 ~ /problem\+json/' | wc -l)
first_write=$(awk -v u="$up" '$1 >= u && $2 ~ /^2/ {print $1; exit}' "$BENCH_TMP/writes.log")
first_read=$(awk -v u="$up" '$1 >= u && $2 ~ /^2/ {print $1; exit}' "$BENCH_TMP/reads.log")
after() { [ -n "$1" ] && awk -v a="$1" -v u="$up" 'BEGIN {printf "%.2f s", (a - u) / 1000}' || echo never; }

refused_uids=$(awk '$2 !~ /^2/ {printf "%s'\''%s'\''", (n++ ? "," : ""), $4}' "$BENCH_TMP/writes.log")
refused_rows=$(psql -d registry -qAtc "SELECT count(*) FROM agents WHERE letta_uid IN (${refused_uids:-''})")
acked=$(awk '$2 ~ /^2/ && $5 != "-" {print $5}' "$BENCH_TMP/writes.log" | sort -u)
n_acked=$(echo "$acked" | grep -c . || true)
found=$(psql -d registry -qAtc "SELECT count(*) FROM agents WHERE id IN ($(echo "$acked" | paste -sd, - | sed 's/^$/0/')) AND letta_uid LIKE 'hang-$RUN-%'")

echo
echo "Database hang of $HANG s (agents table locked) under load ($(nproc) cores, load $(bench_load); service log $BENCH_TMP/service.log)"
echo "  requests in all          : $(wc -l < "$BENCH_TMP/writes.log") writes, $(wc -l < "$BENCH_TMP/reads.log") reads"
echo "  during the hang          : $n_hang requests; writes: $writes_hang; reads: $reads_hang"
echo "  503 reads as problem+json: $reads_503_problem of $reads_503"
echo "  longest answer in hang   : $max_hang s (bound $MAX_LATENCY s)"
echo "  refused writes with a row: $refused_rows"
echo "  acknowledged writes      : $n_acked; found in the database: $found"
echo "  recovery after release   : first 2xx write after $(after "$first_write"), first 2xx read after $(after "$first_read") (no service restart)"

status=0
[ "$n_503" -gt 0 ] || { echo "FAIL: no request met the hang"; status=1; }
awk -v m="$max_hang" -v b="$MAX_LATENCY" 'BEGIN {exit !(m <= b)}' || { echo "FAIL: an answer took longer than $MAX_LATENCY s"; status=1; }
[ "$not_503" = 0 ] || { echo "FAIL: $not_503 answers during the hang were neither 2xx nor 503"; status=1; }
[ "$reads_503_problem" = "$reads_503" ] || { echo "FAIL: a 503 was not a problem"; status=1; }
[ "$refused_rows" = 0 ] || { echo "FAIL: $refused_rows refused writes left a row"; status=1; }
[ "$found" = "$n_acked" ] || { echo "FAIL: $((n_acked - found)) acknowledged writes are missing"; status=1; }
[ -n "$first_write" ] || { echo "FAIL: no write succeeded after the release"; status=1; }
[ "$status" = 0 ] && echo "PASS"
exit $status
