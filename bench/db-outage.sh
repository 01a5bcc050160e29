#!/usr/bin/env bash
# The registry while its PostgreSQL is away: the packaged service under steady load (a writer that
# creates agents and records the id of every 2xx answer, a reader that lists agents), PostgreSQL
# stopped for OUTAGE seconds (default 10) and started again. Prints the requests answered during
# the outage by status, the longest answer then, the readiness reports, the time to the first
# successful write after the restart (no restart of the service), and the acknowledged writes
# against the rows found afterwards.
#
#   bench/db-outage.sh                     # needs: apt-get install postgresql curl openssl jq
#   OUTAGE=20 bench/db-outage.sh
#   bench/db-outage.sh --smoke             # a 3 s outage between 2 s of load before and 5 s after
#   BENCH_TMP=/tmp/x PGPORT=55462 SERVICE_PORT=8193 bench/db-outage.sh   # beside other scripts
#
# Exits non-zero when an acknowledged write is missing, an answer during the outage took longer
# than MAX_LATENCY seconds (default 5) or was not a 503 problem, or the service did not recover.
set -euo pipefail
export BENCH_TMP=${BENCH_TMP:-/tmp/animus-bench-outage} PGPORT=${PGPORT:-55452} SERVICE_PORT=${SERVICE_PORT:-8192}
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
[ -n "$SMOKE" ] && export OUTAGE=3 WARMUP=2 AFTER=5
need curl; need openssl; need jq; need psql "apt-get install postgresql-client"
OUTAGE=${OUTAGE:-10}
WARMUP=${WARMUP:-5}
AFTER=${AFTER:-15}
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
admin_id=$(bench_user bench-outage-admin admin)
TOKEN=$(mint_token "$admin_id" bench-outage-admin admin)
RUN=$(date +%s)
now_ms() { date +%s%3N; }

# writer: "<start ms> <status> <seconds> <id or ->" per request
writer() {
  local i=0 out="$BENCH_TMP/writer.body"
  while :; do
    i=$((i + 1))
    local start; start=$(now_ms)
    local result; result=$(curl -s -o "$out" -w '%{http_code} %{time_total}' --max-time 30 -X POST "$URL/api/v1/agents" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"letta_uid\":\"outage-$RUN-$i\"}" || true)
    local id=-
    case "$result" in 2*) id=$(jq -r '.id // "-"' "$out" 2>/dev/null || echo -) ;; esac
    [ -z "$result" ] && result="000 0"
    echo "$start $result $id" >> "$BENCH_TMP/writes.log"
    if [ "${result%% *}" != 201 ] && [ "${result%% *}" != 000 ]; then
      head -c 300 "$out" >> "$BENCH_TMP/write-failures.log"; echo >> "$BENCH_TMP/write-failures.log"
    fi
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
ready() {
  while :; do
    local start; start=$(now_ms)
    echo "$start $(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 "$URL/q/health/ready" || echo '000 0')" \
      >> "$BENCH_TMP/ready.log"
    sleep 0.5
  done
}
: > "$BENCH_TMP/writes.log"; : > "$BENCH_TMP/reads.log"; : > "$BENCH_TMP/ready.log"; : > "$BENCH_TMP/write-failures.log"
writer & LOOPS+=($!)
reader & LOOPS+=($!)
ready & LOOPS+=($!)

sleep "$WARMUP"
echo "stopping PostgreSQL for $OUTAGE s ..."
down=$(now_ms)
bench_pg_stop
sleep "$OUTAGE"
bench_pg_start
up=$(now_ms)
echo "PostgreSQL is back; load goes on for $AFTER s ..."
sleep "$AFTER"
for pid in "${LOOPS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
LOOPS=()
sleep 1

in_outage() { awk -v d="$down" -v u="$up" '$1 >= d && $1 < u' "$1"; }
by_status() { awk '{n[$2]++} END {for (s in n) printf "%s %s×, ", s, n[s]}' | sed 's/, $//'; }
max_latency() { awk 'BEGIN {m = 0} $3 > m {m = $3} END {printf "%.2f", m}'; }

writes_out=$(in_outage "$BENCH_TMP/writes.log" | by_status)
reads_out=$(in_outage "$BENCH_TMP/reads.log" | by_status)
n_out=$(cat "$BENCH_TMP/writes.log" "$BENCH_TMP/reads.log" | in_outage /dev/stdin | wc -l)
max_out=$(cat "$BENCH_TMP/writes.log" "$BENCH_TMP/reads.log" | in_outage /dev/stdin | max_latency)
not_503=$( (in_outage "$BENCH_TMP/writes.log" | awk '$2 != 503 && $2 !~ /^2/'; \
            in_outage "$BENCH_TMP/reads.log" | awk '$2 != 503 && $2 !~ /^2/') | wc -l)
reads_503_problem=$(in_outage "$BENCH_TMP/reads.log" | awk '$2 == 503 && $4 ~ /problem\+json/' | wc -l)
reads_503=$(in_outage "$BENCH_TMP/reads.log" | awk '$2 == 503' | wc -l)
ready_out=$(in_outage "$BENCH_TMP/ready.log" | by_status)
first_write=$(awk -v u="$up" '$1 >= u && $2 ~ /^2/ {print $1; exit}' "$BENCH_TMP/writes.log")
first_ready=$(awk -v u="$up" '$1 >= u && $2 == 200 {print $1; exit}' "$BENCH_TMP/ready.log")
recovery_write=$([ -n "$first_write" ] && awk -v a="$first_write" -v u="$up" 'BEGIN {printf "%.2f s", (a - u) / 1000}' || echo never)
recovery_ready=$([ -n "$first_ready" ] && awk -v a="$first_ready" -v u="$up" 'BEGIN {printf "%.2f s", (a - u) / 1000}' || echo never)

acked=$(awk '$2 ~ /^2/ && $4 != "-" {print $4}' "$BENCH_TMP/writes.log" | sort -u)
n_acked=$(echo "$acked" | grep -c . || true)
ids=$(echo "$acked" | paste -sd, -)
found=$(psql -d registry -qAtc "SELECT count(*) FROM agents WHERE id IN (${ids:-0}) AND letta_uid LIKE 'outage-$RUN-%'")
rows=$(psql -d registry -qAtc "SELECT count(*) FROM agents WHERE letta_uid LIKE 'outage-$RUN-%'")
total_writes=$(wc -l < "$BENCH_TMP/writes.log")
total_reads=$(wc -l < "$BENCH_TMP/reads.log")

echo
echo "Database outage of $OUTAGE s under load ($(nproc) cores; service log $BENCH_TMP/service.log)"
echo "  requests in all          : $total_writes writes, $total_reads reads"
echo "  during the outage        : $n_out requests; writes: $writes_out; reads: $reads_out"
echo "  503 reads as problem+json: $reads_503_problem of $reads_503"
echo "  longest answer in outage : $max_out s (bound $MAX_LATENCY s)"
echo "  readiness during outage  : $ready_out"
echo "  recovery after restart   : first 2xx write after $recovery_write, readiness UP after $recovery_ready (no service restart)"
echo "  acknowledged writes      : $n_acked (ids of 2xx answers); found in the database: $found; rows written by the run: $rows"
[ -s "$BENCH_TMP/write-failures.log" ] && echo "  a failed write answered  : $(head -n 1 "$BENCH_TMP/write-failures.log")"

status=0
[ "$found" = "$n_acked" ] || { echo "FAIL: $((n_acked - found)) acknowledged writes are missing"; status=1; }
awk -v m="$max_out" -v b="$MAX_LATENCY" 'BEGIN {exit !(m <= b)}' || { echo "FAIL: an answer took longer than $MAX_LATENCY s"; status=1; }
[ "$not_503" = 0 ] || { echo "FAIL: $not_503 answers during the outage were neither 2xx nor 503"; status=1; }
[ "$reads_503_problem" = "$reads_503" ] || { echo "FAIL: a 503 was not a problem"; status=1; }
[ -n "$first_write" ] || { echo "FAIL: no write succeeded after the restart"; status=1; }
[ "$status" = 0 ] && echo "PASS"
exit $status
