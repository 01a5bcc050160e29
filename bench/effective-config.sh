#!/usr/bin/env bash
# Load test of the effective configuration (GET /api/v1/configurations/effective), set beside
# pgbench's select-only load on the same PostgreSQL, so that the figure reads as "how many
# effective configurations per database primary-key lookup".
#
# It creates a few layers of settings (system_config, system, agent_configs, agent, tool and the
# tool instance's JSON config) through the API, runs wrk against the effective configuration of
# the tool instance, then pgbench -S on a scratch database, and prints both figures and their ratio.
#
# Settings (environment):
#   URL              the registry, e.g. http://localhost:8080 (default http://localhost:8080)
#   TOKEN            an admin access token; or else
#   ADMIN_USER / ADMIN_PASSWORD   to get one from POST /api/v1/auth/login; or else (dev mode only)
#   DEV_KEY / DEV_USER_ID         the dev private key (<data-dir>/keys/jwt-private.pem) and the id of
#                                 an admin user, to sign a token locally with openssl
#   PGURL            libpq URI of the registry's PostgreSQL, e.g. postgresql://postgres@localhost:5432/postgres
#                    (dev mode logs its JDBC URL); pgbench runs on a scratch database beside it
#   AGENT_ID / TOOL_ID / TOOL_INSTANCE_ID   use existing ones; otherwise they are created through
#                    the API when it has the endpoints, else with psql through PGURL
#   DURATION (20s), CONNECTIONS (32), THREADS (2), REPEAT (1)
#
# Needs curl, jq, wrk, psql and pgbench. Prints an install hint for whichever is missing.
set -euo pipefail

URL=${URL:-http://localhost:8080}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-1}
SCRATCH_DB=${SCRATCH_DB:-animus_bench}

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "missing $1: install it with  $2" >&2; exit 2; }
}
need curl "apt-get install curl"
need jq "apt-get install jq"
need wrk "apt-get install wrk"
need psql "apt-get install postgresql-client"
need pgbench "apt-get install postgresql-15 (Debian 12 ships pgbench with the server package; elsewhere postgresql-contrib)"
: "${PGURL:?set PGURL to the libpq URI of the PostgreSQL of the registry, e.g. postgresql://postgres@localhost:5432/postgres}"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# --- an admin token -----------------------------------------------------------------------
if [[ -z "${TOKEN:-}" && -n "${ADMIN_PASSWORD:-}" ]]; then
    TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
        -d "$(jq -n --arg u "${ADMIN_USER:-admin}" --arg p "$ADMIN_PASSWORD" '{username: $u, password: $p}')" \
        "$URL/api/v1/auth/login" | jq -r .access_token)
fi
if [[ -z "${TOKEN:-}" && -n "${DEV_KEY:-}" ]]; then
    need openssl "apt-get install openssl"
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
    if api POST /api/v1/agents "{\"letta_uid\":\"bench-$tag\",\"name\":\"bench-$tag\"}" >/tmp/bench-agent.json 2>/dev/null; then
        AGENT_ID=$(jq -r .id /tmp/bench-agent.json)
        TOOL_ID=$(api POST /api/v1/tools "{\"name\":\"bench-tool-$tag\",\"module_scope\":\"agent\"}" | jq -r .id)
        TOOL_INSTANCE_ID=$(api POST "/api/v1/tool-instances" \
            "{\"tool_id\":$TOOL_ID,\"agent_id\":$AGENT_ID,\"name\":\"bench\",\"config\":$instance_config}" | jq -r .id)
    else
        echo "(no agents API here: creating the agent, tool and instance with psql)"
        AGENT_ID=$(psql "$PGURL" -qtAX -c "INSERT INTO agents (letta_uid, name) VALUES ('bench-$tag', 'bench-$tag') RETURNING id" | head -1)
        TOOL_ID=$(psql "$PGURL" -qtAX -c "INSERT INTO tools (name, module_scope) VALUES ('bench-tool-$tag', 'agent') RETURNING id" | head -1)
        TOOL_INSTANCE_ID=$(psql "$PGURL" -qtAX -c "INSERT INTO tool_instances (tool_id, agent_id, name, config)
            VALUES ($TOOL_ID, $AGENT_ID, 'bench', '$instance_config') RETURNING id" | head -1)
    fi
fi

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

# --- pgbench on a scratch database beside the registry's ----------------------------------
scratch="${PGURL%/*}/$SCRATCH_DB"
psql "$PGURL" -qtAX -c "DROP DATABASE IF EXISTS $SCRATCH_DB" -c "CREATE DATABASE $SCRATCH_DB" >/dev/null
pgbench -i -q "$scratch" >/dev/null 2>&1

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$REPEAT"); do
    curl -fsS "${auth[@]}" "$target" >/dev/null   # warm
    rps=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $TOKEN" "$target" \
        | tee /tmp/bench-wrk.txt | awk '/Requests\/sec/ {print $2}')
    errors=$(awk '/Non-2xx|Socket errors/ {print}' /tmp/bench-wrk.txt)
    tps=$(pgbench -S -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" -n "$scratch" 2>/dev/null \
        | awk '/^tps/ {print $3; exit}')
    ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.3f", a / b }')
    echo "run $run: effective configuration ${rps} req/s (wrk -c$CONNECTIONS -t$THREADS -d$DURATION)" \
        "| pgbench -S ${tps} tps (-c$CONNECTIONS -j$THREADS) | ratio ${ratio}${errors:+ | $errors}"
done
psql "$PGURL" -qtAX -c "DROP DATABASE IF EXISTS $SCRATCH_DB" >/dev/null
