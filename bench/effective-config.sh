#!/usr/bin/env bash
# Load test of the effective configuration (GET /api/v1/configurations/effective), set beside
# pgbench's select-only load on the same PostgreSQL, so that the figure reads as "how many
# effective configurations per database primary-key lookup".
#
# It creates a few layers of settings (system_config, system, agent_configs, agent, tool and the
# tool instance's JSON config) through the API, runs wrk against the effective configuration of
# the tool instance, then pgbench -S on a scratch database, and prints both figures and their ratio.
#
# Usage: bench/effective-config.sh          starts a private PostgreSQL and the packaged service
#        bench/effective-config.sh --smoke  (2 s of reads, no pgbench; fails on a non-2xx answer,
#                                            no request, or an effective configuration without its keys)
#        URL=http://localhost:8080 PGURL=postgresql://postgres@localhost:5432/postgres TOKEN=... \
#          bench/effective-config.sh         against a registry already running
#
# Settings (environment), for a registry already running (URL given):
#   URL              the registry, e.g. http://localhost:8080
#   TOKEN            an admin access token; or else
#   ADMIN_USER / ADMIN_PASSWORD   to get one from POST /api/v1/auth/login; or else (dev mode only)
#   DEV_KEY / DEV_USER_ID         the dev private key (<data-dir>/keys/jwt-private.pem) and the id of
#                                 an admin user, to sign a token locally with openssl
#   PGURL            libpq URI of the registry's PostgreSQL, e.g. postgresql://postgres@localhost:5432/postgres
#                    (dev mode logs its JDBC URL); pgbench runs on a scratch database beside it
# Without URL: PGPORT, SERVICE_PORT, BENCH_TMP as in bench/lib/common.sh.
#   AGENT_ID / TOOL_ID / TOOL_INSTANCE_ID   use existing ones; otherwise they are created through the API
#   DURATION (20s), CONNECTIONS (32), THREADS (2), REPEAT (1), WARMUP (15 s of the same load first,
#   so that the figure is the service's steady state rather than its JIT compilation)
#
# Needs curl, jq, wrk, psql and pgbench. Prints an install hint for whichever is missing.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-1}
SCRATCH_DB=${SCRATCH_DB:-animus_bench}
WARMUP=${WARMUP:-15}
[ -n "$SMOKE" ] && DURATION=2s CONNECTIONS=4 REPEAT=1 WARMUP=1

need curl "apt-get install curl"
need jq "apt-get install jq"
need wrk "apt-get install wrk"
need psql "apt-get install postgresql-client"
need pgbench "apt-get install postgresql-15 (Debian 12 ships pgbench with the server package; elsewhere postgresql-contrib)"

if [[ -z "${URL:-}" ]]; then
    trap 'bench_service_stop; bench_pg_stop' EXIT
    bench_pg_start
    bench_service_start
    URL="http://127.0.0.1:$SERVICE_PORT"
    PGURL="postgresql://postgres@127.0.0.1:$PGPORT/registry"
    TOKEN=$(mint_token "$(bench_user bench-admin admin)" bench-admin admin)
fi
: "${PGURL:?set PGURL to the libpq URI of the PostgreSQL of the registry, e.g. postgresql://postgres@localhost:5432/postgres}"

# --- an admin token -----------------------------------------------------------------------
if [[ -z "${TOKEN:-}" && -n "${ADMIN_PASSWORD:-}" ]]; then
    TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
        -d "$(jq -n --arg u "${ADMIN_USER:-admin}" --arg p "$ADMIN_PASSWORD" '{username: $u, password: $p}')" \
        "$URL/api/v1/auth/login" | jq -r .access_token)
fi
if [[ -z "${TOKEN:-}" && -n "${DEV_KEY:-}" ]]; then
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(jq -cn --arg sub "${DEV_USER_ID:?set DEV_USER_ID to an admin user id}" --argjson now "$now" \
        '{iss: "animus-registry", sub: $sub, upn: "bench-admin", groups: ["admin"], iat: $now, exp: ($now + 3600)}' | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$DEV_KEY" -binary | b64url)
    TOKEN="$header.$payload.$signature"
fi
: "${TOKEN:?give TOKEN, or ADMIN_USER/ADMIN_PASSWORD, or DEV_KEY/DEV_USER_ID}"
auth=(-H "Authorization: Bearer $TOKEN")

api() { # method path [json] -> body; fails on an HTTP error
    curl -fsS -X "$1" "${auth[@]}" -H 'Content-Type: application/json' ${3:+-d "$3"} "$URL$2"
}

# --- an agent, a tool and an instance -----------------------------------------------------
tag=$(date +%s%N | tail -c 9)
instance_config=$(jq -cn '{"bench.timeout": 90, "bench.endpoint": "http://instance:8000", "bench.features": {"cache": true}}')
if [[ -z "${TOOL_INSTANCE_ID:-}" ]]; then
    AGENT_ID=$(api POST /api/v1/agents "{\"letta_uid\":\"bench-$tag\",\"name\":\"bench-$tag\"}" | jq -r .id)
    TOOL_ID=$(api POST /api/v1/tools "{\"name\":\"bench-tool-$tag\",\"module_scope\":\"agent\"}" | jq -r .id)
    TOOL_INSTANCE_ID=$(api POST "/api/v1/tools/$TOOL_ID/instances" \
        "{\"agent_id\":$AGENT_ID,\"name\":\"bench\",\"config\":$instance_config}" | jq -r .id)
fi
[[ "$TOOL_INSTANCE_ID" =~ ^[0-9]+$ ]] || die "could not create the tool instance"

# --- a few layers of settings: 10 keys per source, half of them overriding the layer below ----
for i in $(seq 1 10); do
    k="bench.$tag.k$i"
    api POST /api/v1/system-config "{\"config_key\":\"$k\",\"config_value\":\"$i\",\"config_type\":\"number\"}" >/dev/null
    api POST /api/v1/configurations "{\"key\":\"$k\",\"value\":\"sys-$i\",\"scope\":\"system\"}" >/dev/null
    if (( i % 2 == 0 )); then
        api POST /api/v1/agent-configs "{\"agent_id\":$AGENT_ID,\"config_key\":\"$k\",\"config_value\":\"agent-$i\"}" >/dev/null
        api POST /api/v1/configurations "{\"key\":\"$k\",\"value\":\"tool-$i\",\"scope\":\"tool\",\"scope_id\":$TOOL_ID}" >/dev/null
    fi
    api POST /api/v1/configurations \
        "{\"key\":\"bench.$tag.agent$i\",\"value\":\"secret-$i\",\"scope\":\"agent\",\"scope_id\":$AGENT_ID,\"is_encrypted\":$( ((i % 3 == 0)) && echo true || echo false)}" >/dev/null
done
target="$URL/api/v1/configurations/effective?tool_instance_id=$TOOL_INSTANCE_ID"
keys=$(curl -fsS "${auth[@]}" "$target" | jq '.settings | length')
echo "effective configuration of tool instance $TOOL_INSTANCE_ID (agent $AGENT_ID, tool $TOOL_ID): $keys keys"
(( keys >= 23 )) || die "the effective configuration has $keys keys, not the 23 or more of its layers"

# --- pgbench on a scratch database beside the registry's ----------------------------------
if [[ -z "$SMOKE" ]]; then
    scratch="${PGURL%/*}/$SCRATCH_DB"
    psql "$PGURL" -qtAX -c "DROP DATABASE IF EXISTS $SCRATCH_DB" -c "CREATE DATABASE $SCRATCH_DB" >/dev/null
    pgbench -i -q "$scratch" >/dev/null 2>&1
fi

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up $WARMUP s ..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$target" >/dev/null
for run in $(seq 1 "$REPEAT"); do
    curl -fsS "${auth[@]}" "$target" >/dev/null   # warm
    load=$(bench_load)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$target" > "$BENCH_TMP/wrk-effective.txt"
    wrk_check "$BENCH_TMP/wrk-effective.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$BENCH_TMP/wrk-effective.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$BENCH_TMP/wrk-effective.txt")
    if [[ -n "$SMOKE" ]]; then
        echo "smoke: effective configuration ${rps} req/s, p99 $p99"
        bench_result "GET /configurations/effective, $keys keys (smoke)" "$rps req/s, p99 $p99" - - "$load"
        continue
    fi
    tps=$(pgbench -S -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" -n "$scratch" 2>/dev/null \
        | awk '/^tps/ {print $3; exit}')
    ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.3f", a / b }')
    echo "run $run: effective configuration ${rps} req/s, p99 $p99 (wrk -c$CONNECTIONS -t$THREADS -d$DURATION)" \
        "| pgbench -S ${tps} tps (-c$CONNECTIONS -j$THREADS) | ratio ${ratio}"
    bench_result "GET /configurations/effective, $keys keys" "$rps req/s, p99 $p99" "pgbench -S $tps tps" "$ratio (goal 0.3)" "$load"
done
[[ -n "$SMOKE" ]] || psql "$PGURL" -qtAX -c "DROP DATABASE IF EXISTS $SCRATCH_DB" >/dev/null
