#!/usr/bin/env bash
# Configuration delivery (GET /api/v1/delivery/configuration) beside pgbench -S on the same PostgreSQL:
#   - 304 rate: If-None-Match with the current version (answered from the replica's memory)
#   - 200 rate: the full body, 24 keys of which 6 encrypted, without If-None-Match
#   - long polls: N (default 1000) held at once over 20 module keys; the service's resident memory
#     before and while they are held, and how long each takes to be answered after one update.
# Goals (docs/delivery.md): 304 >= 0.5x and 200 >= 0.2x pgbench -S; RSS growth <= 20 MB; wake p99 <= 1 s.
# Usage: bench/delivery.sh [--smoke]   (starts a private PostgreSQL and the packaged service)
#   --smoke: 2 s runs, 50 polls; checks the answers and exits non-zero when one is wrong.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
need wrk "apt-get install wrk"; need openssl; need curl; need python3
bench_args "$@"
DURATION=${DURATION:-$([ -n "$SMOKE" ] && echo 2 || echo 20)}
CONNECTIONS=${CONNECTIONS:-32}
POLLS=${POLLS:-$([ -n "$SMOKE" ] && echo 50 || echo 1000)}
KEYS=${KEYS:-20}
trap 'bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
bench_service_start
base="http://127.0.0.1:$SERVICE_PORT"
admin_id=$(bench_user bench-admin admin)
ADMIN=$(mint_token "$admin_id" bench-admin admin)
api() { curl -fsS -X "$1" "$base$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
id_of() { sed -E 's/.*"id":([0-9]+).*/\1/'; }

tag=$(date +%s%N)
tool=$(api POST /api/v1/tools "{\"name\":\"bench-delivery-$tag\",\"module_scope\":\"global\"}" | id_of)
for i in $(seq 1 12); do
  api POST /api/v1/configurations "{\"key\":\"bench.sys.k$i\",\"value\":\"system value $i\",\"scope\":\"system\"}" >/dev/null 2>&1 || true
  enc=$([ $((i % 2)) = 0 ] && echo true || echo false)
  api POST /api/v1/configurations "{\"key\":\"bench.$tag.k$i\",\"value\":\"tool value $i \$HOME \\\"q\\\"\",\"scope\":\"tool\",\"scope_id\":$tool,\"is_encrypted\":$enc}" >/dev/null
done
: > "$BENCH_TMP/keys.txt"
for k in $(seq 1 "$KEYS"); do
  key=$(api POST /api/v1/service-keys "{\"name\":\"bench-module-$tag-$k\",\"role\":\"module\",\"tool_id\":$tool}" \
    | sed -E 's/.*"key":"([^"]+)".*/\1/')
  etag=$(curl -fsS -D - -o /dev/null -H "Authorization: ApiKey $key" "$base/api/v1/delivery/configuration" \
    | tr -d '\r' | awk -F'"' 'tolower($0) ~ /^etag:/ {print $2}')
  echo "$key $etag" >> "$BENCH_TMP/keys.txt"
done
read -r KEY ETAG < "$BENCH_TMP/keys.txt"
url="$base/api/v1/delivery/configuration"
settings=$(curl -fsS -H "Authorization: ApiKey $KEY" "$url" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["settings"]))')
[ "$settings" -ge 20 ] || die "expected 20+ settings, got $settings"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: ApiKey $KEY" -H "If-None-Match: \"$ETAG\"" "$url")
[ "$code" = 304 ] || die "If-None-Match with the current version answered $code, not 304"

load() { bench_load; }
run_wrk() { # label, extra header
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: ApiKey $KEY" ${2:+-H "$2"} "$url" > "$BENCH_TMP/wrk-$1.txt"
}
# warm-up: both paths, long enough for the JIT to compile them, so that the figures are the steady state
if [ -z "$SMOKE" ]; then
  wrk -t2 -c"$CONNECTIONS" -d10s -H "Authorization: ApiKey $KEY" "$url" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: ApiKey $KEY" -H "If-None-Match: \"$ETAG\"" "$url" >/dev/null
fi
load304=$(load); run_wrk 304 "If-None-Match: \"$ETAG\""
load200=$(load); run_wrk 200
loadpg=$(load); tps=$(pgbench_select_tps "$CONNECTIONS" "$DURATION")
rate() { awk '/^Requests\/sec/ {print $2}' "$BENCH_TMP/wrk-$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$BENCH_TMP/wrk-$1.txt"; }
total() { awk '/requests in/ {print $1}' "$BENCH_TMP/wrk-$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$BENCH_TMP/wrk-$1.txt"; }
# wrk counts only 4xx/5xx as errors: the conditional run must have none, and bodies too short for a configuration
[ -z "$(non2xx 304)" ] || die "$(non2xx 304) conditional reads failed"
per304=$(awk '/requests in/ {n = $1; v = $5; u = 1; if (v ~ /KB/) u = 1024; if (v ~ /MB/) u = 1048576; if (v ~ /GB/) u = 1073741824;
  sub(/[KMG]?B/, "", v); printf "%d", v * u / n}' "$BENCH_TMP/wrk-304.txt")
[ "$per304" -lt 400 ] || die "the conditional reads carried bodies ($per304 bytes per answer)"
[ -z "$(non2xx 200)" ] || die "$(non2xx 200) full reads were not 200"

# long polls: every key waits with its current version; one update of the tool's configuration wakes all
trigger="curl -fsS -X POST '$base/api/v1/configurations' -H 'Authorization: Bearer $ADMIN' -H 'Content-Type: application/json' \
  -d '{\"key\":\"bench.$tag.wake\",\"value\":\"now\",\"scope\":\"tool\",\"scope_id\":$tool}'"
loadlp=$(load)
read -r rss_before rss_held woken other p50 p99w maxw < <(python3 "$(dirname "$0")/delivery-longpoll.py" 127.0.0.1 "$SERVICE_PORT" \
  "$BENCH_TMP/keys.txt" "$POLLS" 60 "$trigger" "$SERVICE_PID")
[ "$woken" = "$POLLS" ] || die "$woken of $POLLS held polls were answered 200 after the update"

ratio() { awk -v a="$1" -v b="$tps" 'BEGIN {printf "%.2f", a / b}'; }
echo
bench_result "GET /delivery/configuration, 304" "$(rate 304) req/s, p99 $(p99 304)" "pgbench -S $tps tps" "$(ratio "$(rate 304)")" "$load304"
bench_result "GET /delivery/configuration, 200 ($settings keys)" "$(rate 200) req/s, p99 $(p99 200)" "pgbench -S $tps tps" "$(ratio "$(rate 200)")" "$load200"
bench_result "$POLLS long polls held: RSS growth" "+$(( (rss_held - rss_before) / 1024 )) MB" "goal 20 MB" "-" "$loadlp"
bench_result "$POLLS long polls: wake after one update" "p99 $p99w ms (last $maxw ms)" "goal 1000 ms" "-" "$loadlp"
echo "machine: $(nproc) cores; load average before each part: 304 [$load304], 200 [$load200], pgbench [$loadpg], long polls [$loadlp]"
printf '%-44s %12s %10s %8s\n' path figure p99 ratio
printf '%-44s %8s req/s %10s %8s  (goal >= 0.5)\n' "GET /delivery/configuration, 304" "$(rate 304)" "$(p99 304)" "$(ratio "$(rate 304)")"
printf '%-44s %8s req/s %10s %8s  (goal >= 0.2; %s keys)\n' "GET /delivery/configuration, 200" "$(rate 200)" "$(p99 200)" "$(ratio "$(rate 200)")" "$settings"
printf '%-44s %8s tps\n' "pgbench -S -c $CONNECTIONS (floor)" "$tps"
printf '%-44s %s polls over %s keys: RSS %s -> %s MB (+%s MB, goal <= 20)\n' "long polls held" "$POLLS" "$KEYS" \
  "$((rss_before / 1024))" "$((rss_held / 1024))" "$(( (rss_held - rss_before) / 1024 ))"
printf '%-44s p50 %s ms, p99 %s ms, last %s ms (goal p99 <= 1000)\n' "wake after one update, all $POLLS" "$p50" "$p99w" "$maxw"
