#!/usr/bin/env bash
# Two instances of the registry on one PostgreSQL, under concurrent requests to both:
#   1. no duplicate rows: CONCURRENT creates of one letta_uid (and of one tool name), alternating
#      between A and B, give exactly one 201 and 409 for the rest;
#   2. no lost update: CONCURRENT PUTs of one agent with the same If-Match on both give exactly one
#      200 and 412 for the rest, and the stored agent is the winner's;
#   3. tokens of one are the other's: a login on A is accepted by B (access token and refresh);
#   4. lockout counted across both: failed logins alternating A and B lock the account after the
#      configured number (5), and the right password is then refused on both;
#   5. one discovery scan per interval: bench/discovery-replicas.sh (its own PostgreSQL and pair).
#
#   bench/replicas.sh                      # needs: apt-get install postgresql curl openssl jq python3
#   BENCH_TMP=/tmp/x PGPORT=55482 PORT_A=8195 PORT_B=8196 bench/replicas.sh
#   SKIP_DISCOVERY=1 bench/replicas.sh     # without part 5 (which takes about a minute)
#   bench/replicas.sh --smoke              # 6 concurrent requests, without part 5 (bench/all.sh --smoke runs
#                                          # bench/discovery-replicas.sh --smoke on its own)
set -euo pipefail
export BENCH_TMP=${BENCH_TMP:-/tmp/animus-bench-replicas} PGPORT=${PGPORT:-55472}
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
[ -n "$SMOKE" ] && export CONCURRENT=6 SKIP_DISCOVERY=1
need curl; need openssl; need jq; need psql "apt-get install postgresql-client"
PORT_A=${PORT_A:-8194}
PORT_B=${PORT_B:-8195}
CONCURRENT=${CONCURRENT:-20}
A="http://127.0.0.1:$PORT_A"
B="http://127.0.0.1:$PORT_B"
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; bench_pg_stop; }
trap cleanup EXIT

bench_pg_stop; rm -rf "$BENCH_TMP/pgdata"
bench_pg_start
export BENCH_ADMIN_PASSWORD=${BENCH_ADMIN_PASSWORD:-Replica-Quill-Harbour-$RANDOM}
SERVICE_PORT=$PORT_A SERVICE_LOG="$BENCH_TMP/service-a.log" bench_service_start; PIDS+=("$SERVICE_PID")
SERVICE_PORT=$PORT_B SERVICE_LOG="$BENCH_TMP/service-b.log" bench_service_start; PIDS+=("$SERVICE_PID")
login() { curl -s -X POST "$1/api/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"$3\"}"; }
TOKEN=$(login "$A" admin "$BENCH_ADMIN_PASSWORD" | jq -r .access_token)
[ "$TOKEN" != null ] || die "the admin could not log in on A"
RUN=$(date +%s)
status=0
replica() { if [ $(( $1 % 2 )) = 0 ]; then echo "$A"; else echo "$B"; fi; }
count() { sort | uniq -c | awk '{printf "%s %s×, ", $2, $1}' | sed 's/, $//'; }

# 1. concurrent creates of the same key
for i in $(seq 1 "$CONCURRENT"); do
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "$(replica "$i")/api/v1/agents" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"letta_uid\":\"replica-$RUN\",\"name\":\"Replica $RUN $i\"}" >> "$BENCH_TMP/creates.txt" &
done
wait_jobs() { for job in $(jobs -p); do case " ${PIDS[*]} " in *" $job "*) ;; *) wait "$job" || true ;; esac; done; }
wait_jobs
creates=$(count < "$BENCH_TMP/creates.txt")
agent_rows=$(psql -d registry -qAtc "SELECT count(*) FROM agents WHERE letta_uid = 'replica-$RUN'")
for i in $(seq 1 "$CONCURRENT"); do
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "$(replica "$i")/api/v1/tools" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"name\":\"replica-tool-$RUN\"}" >> "$BENCH_TMP/tool-creates.txt" &
done
wait_jobs
tool_creates=$(count < "$BENCH_TMP/tool-creates.txt")
tool_rows=$(psql -d registry -qAtc "SELECT count(*) FROM tools WHERE name = 'replica-tool-$RUN'")
[ "$(grep -c '^201$' "$BENCH_TMP/creates.txt")" = 1 ] && [ "$agent_rows" = 1 ] || { echo "FAIL: duplicate agents"; status=1; }
[ "$(grep -c '^201$' "$BENCH_TMP/tool-creates.txt")" = 1 ] && [ "$tool_rows" = 1 ] || { echo "FAIL: duplicate tools"; status=1; }
[ "$(grep -vc '^20[01]$\|^409$' "$BENCH_TMP/creates.txt" "$BENCH_TMP/tool-creates.txt" | awk -F: '{s += $2} END {print s}')" = 0 ] \
  || { echo "FAIL: a create answered neither 201 nor 409"; status=1; }

# 2. concurrent updates with the same If-Match
id=$(psql -d registry -qAtc "SELECT id FROM agents WHERE letta_uid = 'replica-$RUN'")
etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "$A/api/v1/agents/$id" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
for i in $(seq 1 "$CONCURRENT"); do
  curl -s -o /dev/null -w "%{http_code} $i\n" -X PUT "$(replica "$i")/api/v1/agents/$id" -H "Authorization: Bearer $TOKEN" \
    -H "If-Match: $etag" -H 'Content-Type: application/json' \
    -d "{\"letta_uid\":\"replica-$RUN\",\"description\":\"written by request $i\"}" >> "$BENCH_TMP/updates.txt" &
done
wait_jobs
updates=$(awk '{print $1}' "$BENCH_TMP/updates.txt" | count)
winner=$(awk '$1 == 200 {print $2}' "$BENCH_TMP/updates.txt")
stored=$(psql -d registry -qAtc "SELECT description FROM agents WHERE id = $id")
[ "$(grep -c '^200 ' "$BENCH_TMP/updates.txt")" = 1 ] && [ "$stored" = "written by request $winner" ] \
  || { echo "FAIL: lost update ($updates; stored '$stored')"; status=1; }

# 3. a login on A, used on B
session=$(login "$A" admin "$BENCH_ADMIN_PASSWORD")
access=$(echo "$session" | jq -r .access_token)
refresh=$(echo "$session" | jq -r .refresh_token)
me_b=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $access" "$B/api/v1/users/me")
refreshed=$(curl -s -X POST "$B/api/v1/auth/refresh" -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$refresh\"}")
refresh_b=$(echo "$refreshed" | jq -r 'if .refresh_token then "200" else .status end')
logout_a=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$A/api/v1/auth/logout" -H 'Content-Type: application/json' \
  -d "{\"refresh_token\":\"$(echo "$refreshed" | jq -r .refresh_token)\"}")
after_logout_b=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$B/api/v1/auth/refresh" -H 'Content-Type: application/json' \
  -d "{\"refresh_token\":\"$(echo "$refreshed" | jq -r .refresh_token)\"}")
[ "$me_b" = 200 ] && [ "$refresh_b" = 200 ] && [ "$after_logout_b" = 401 ] || { echo "FAIL: tokens across replicas"; status=1; }

# 4. lockout counted across both
user="replica-user-$RUN"
password="Lantern-Copper-Meadow-$RUN"
curl -s -o /dev/null -X POST "$A/api/v1/users" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"$password\",\"role\":\"viewer\"}"
failures=""
for i in 1 2 3 4 5; do
  failures="$failures $(curl -s -o /dev/null -w '%{http_code}' -X POST "$(replica "$i")/api/v1/auth/login" \
    -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"wrong-$i-password\"}")"
done
right_a=$(login "$A" "$user" "$password" | jq -r '.status // "200"')
right_b=$(login "$B" "$user" "$password" | jq -r '.status // "200"')
lock=$(psql -d registry -qAtc "SELECT lockout_count || ' lockout(s), locked ' || (locked_until > now()) FROM users WHERE username = '$user'")
[ "$right_a" = 401 ] && [ "$right_b" = 401 ] && [ "$lock" = "1 lockout(s), locked true" ] || { echo "FAIL: lockout across replicas"; status=1; }

echo
echo "Two replicas (A :$PORT_A, B :$PORT_B) on one PostgreSQL ($(nproc) cores; logs $BENCH_TMP/service-{a,b}.log)"
echo "  $CONCURRENT concurrent creates, one letta_uid : $creates; rows: $agent_rows"
echo "  $CONCURRENT concurrent creates, one tool name : $tool_creates; rows: $tool_rows"
echo "  $CONCURRENT concurrent PUTs, one If-Match     : $updates; stored: '$stored' (the 200 was request $winner)"
echo "  login on A: /users/me on B $me_b; refresh on B $refresh_b; after logout on A, refresh on B $after_logout_b"
echo "  5 wrong passwords alternating A/B:$failures; then the right one: A $right_a, B $right_b; $lock"
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
PIDS=()
bench_pg_stop

if [ "${SKIP_DISCOVERY:-}" != 1 ]; then
  echo "  discovery (bench/discovery-replicas.sh):"
  env -u BENCH_TMP -u PGPORT BENCH_SKIP_BUILD=1 bash "$BENCH_ROOT/bench/discovery-replicas.sh" 2>/dev/null \
    | sed -n '/Two replicas/,$p' | sed 's/^/    /' | tee "$BENCH_TMP/discovery.txt"
  grep -q "per interval" "$BENCH_TMP/discovery.txt" || { echo "FAIL: discovery-replicas.sh printed no figure"; status=1; }
fi
[ "$status" = 0 ] && echo "PASS"
exit $status
