#!/usr/bin/env bash
# Latency of applying an agent template (POST /api/v1/templates/{id}/apply): one agent, 30 settings (3 of
# them secrets supplied at the application, stored encrypted) and 5 tool instances whose configs are checked
# against their tools' config_schema, all in one transaction. Goal: p99 <= 50 ms.
#
# It defines 5 agent-scoped tools with a config_schema each and the template through the API, warms up,
# then applies the template with wrk for DURATION; a Lua script gives every application its own agent
# name and letta_uid (names are unique), and wrk_check fails the run on any answer that is not 201.
#
# Usage: bench/templates.sh          starts a private PostgreSQL and the packaged service (bench/lib/common.sh)
#        bench/templates.sh --smoke  (5 s, one connection; fails on a non-2xx answer, no request, or an
#                                     application that did not make 1 agent, 30 settings and 5 instances)
#
# Settings (environment): PGPORT, SERVICE_PORT, BENCH_TMP as in bench/lib/common.sh;
#   DURATION (30s), CONNECTIONS (1: an admin applies templates one at a time; every application of the
#   template locks the same 5 tools, so more connections measure waiting), THREADS (1), WARMUP (15 s)
#
# Needs curl, jq, wrk and psql.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-1}
THREADS=${THREADS:-1}
WARMUP=${WARMUP:-15}
GOAL_MS=50
[ -n "$SMOKE" ] && DURATION=5s CONNECTIONS=1 THREADS=1 WARMUP=2

need curl "apt-get install curl"
need jq "apt-get install jq"
need wrk "apt-get install wrk"
need psql "apt-get install postgresql-client"

trap 'bench_service_stop; bench_pg_stop' EXIT
bench_pg_start
bench_service_start
URL="http://127.0.0.1:$SERVICE_PORT"
TOKEN=$(mint_token "$(bench_user bench-admin admin)" bench-admin admin)
auth=(-H "Authorization: Bearer $TOKEN")

api() { # method path [json] -> body; fails on an HTTP error
    curl -fsS -X "$1" "${auth[@]}" -H 'Content-Type: application/json' ${3:+-d "$3"} "$URL$2"
}

# --- 5 agent-scoped tools, each with a config_schema ------------------------------------------
tag=$(date +%s%N | tail -c 9)
schema='{"type":"object","additionalProperties":false,"required":["endpoint","max_results"],
  "properties":{"endpoint":{"type":"string","format":"uri"},"max_results":{"type":"integer","minimum":1,"maximum":100},
  "region":{"type":"string","enum":["eu","us"]},"features":{"type":"object"}}}'
tools=()
for i in 1 2 3 4 5; do
    name="bench-template-tool-$tag-$i"
    api POST /api/v1/tools "$(jq -cn --arg n "$name" --argjson s "$schema" '{name: $n, module_scope: "agent", config_schema: $s}')" >/dev/null
    tools+=("$name")
done

# --- the template: 30 settings (3 secrets to be supplied), 5 tool instances ----------------------
template=$(jq -cn --arg tag "$tag" --args '{
  name: ("bench-agent-template-" + $tag), kind: "agent", description: "an agent with 5 tools and 30 settings",
  parameters: [
    {name: "name", type: "string"}, {name: "letta_uid", type: "string"},
    {name: "max_results", type: "number", required: false, default: 10},
    {name: "region", type: "string", required: false, default: "eu"},
    {name: "llm_key", type: "secret"}, {name: "search_key", type: "secret"}, {name: "mail_password", type: "secret"}],
  fields: {name: "{{name}}", letta_uid: "{{letta_uid}}", description: "Agent {{name}} from the bench template",
           config: {model: "gpt-4o", temperature: 0.2}},
  settings: ([range(0; 27) | {key: ("bench.setting.\(.)"),
                              value: (if . % 3 == 0 then "{{max_results}}" elif . % 3 == 1 then "value-\(.)-{{region}}" else "true" end),
                              type: (if . % 3 == 0 then "number" elif . % 3 == 1 then "string" else "boolean" end)}]
             + [{key: "llm.api_key", value: "{{llm_key}}", is_encrypted: true},
                {key: "search.api_key", value: "{{search_key}}", is_encrypted: true},
                {key: "mail.password", value: "{{mail_password}}", is_encrypted: true}]),
  tool_instances: [$ARGS.positional[] | {tool: ., name: ("{{name}}-" + .),
                   config: {endpoint: "https://tools.example/{{name}}", max_results: "{{max_results}}", region: "{{region}}",
                            features: {cache: true}}}]
}' "${tools[@]}")
TEMPLATE_ID=$(api POST /api/v1/templates "$template" | jq -r .id)
[[ "$TEMPLATE_ID" =~ ^[0-9]+$ ]] || die "could not define the template"

# --- one application by hand: it must make everything -----------------------------------------
made=$(api POST "/api/v1/templates/$TEMPLATE_ID/apply" \
    '{"values":{"name":"bench-check-'"$tag"'","letta_uid":"bench-check-'"$tag"'","llm_key":"k1","search_key":"k2","mail_password":"k3","max_results":7}}')
settings=$(jq '.settings | length' <<<"$made")
instances=$(jq '.tool_instances | length' <<<"$made")
[[ "$settings" == 30 && "$instances" == 5 ]] || die "an application made $settings settings and $instances tool instances, not 30 and 5"
echo "template $TEMPLATE_ID: an application makes 1 agent, $settings settings and $instances tool instances"

# --- wrk: every request applies the template with names of its own -----------------------------
lua="$BENCH_TMP/apply-template.lua"
cat > "$lua" <<LUA
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function request()
  counter = counter + 1
  local name = string.format("%s-t%d-%d", os.getenv("RUN_TAG"), id or 0, counter)
  local body = string.format('{"values":{"name":"%s","letta_uid":"%s","llm_key":"llm-%d","search_key":"search-%d","mail_password":"mail-%d","max_results":%d}}',
    name, name, counter, counter, counter, 1 + counter % 100)
  return wrk.format("POST", "/api/v1/templates/$TEMPLATE_ID/apply",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $TOKEN"}, body)
end
LUA

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up $WARMUP s ..."
# (not checked: on a busy machine the first applications may outlast a short warm-up)
RUN_TAG="warm-$tag" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$lua" "$URL" > "$BENCH_TMP/wrk-templates-warmup.txt"
before=$(psql -d registry -qAtc "SELECT count(*) FROM agents")
load=$(bench_load)
RUN_TAG="run-$tag" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$lua" "$URL" > "$BENCH_TMP/wrk-templates.txt"
wrk_check "$BENCH_TMP/wrk-templates.txt"
after=$(psql -d registry -qAtc "SELECT count(*) FROM agents")
requests=$(awk '/requests in/ {print $1; exit}' "$BENCH_TMP/wrk-templates.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$BENCH_TMP/wrk-templates.txt")
p99=$(awk '$1 == "99%" {print $2}' "$BENCH_TMP/wrk-templates.txt")
p50=$(awk '$1 == "50%" {print $2}' "$BENCH_TMP/wrk-templates.txt")
# wrk may stop mid-request: every completed application made an agent, and nothing else did
(( after - before >= requests )) || die "$requests applications answered 201 but $((after - before)) agents were made"
p99_ms=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.1f", n }')
echo "apply template (30 settings, 5 tool instances): $rps applications/s, p50 $p50, p99 $p99 ($requests applications," \
    "$((after - before)) agents made; wrk -c$CONNECTIONS -t$THREADS -d$DURATION)"
verdict=$(awk -v p="$p99_ms" -v g="$GOAL_MS" 'BEGIN { print (p <= g ? "met" : "not met") }')
bench_result "POST /templates/{id}/apply, 30 settings + 5 tool instances${SMOKE:+ (smoke)}" "p99 ${p99_ms} ms, $rps/s" "goal p99 ${GOAL_MS} ms" \
    "$verdict" "$load"
