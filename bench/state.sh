#!/usr/bin/env bash
# Plan and apply of a large state document (POST /api/v1/state/plan and /apply): 1,000 agents with 10
# settings each (10,000 settings), on an empty registry. It times the plan that creates them all, the apply
# of that plan (one transaction, through the same services as the API), the plan of the same document again
# (which must be empty), and a plan and apply that change one setting in ten; and samples the registry's
# heap (jvm_memory_used_bytes of the heap pools, from /q/metrics) all along, printing the highest.
#
# Usage: bench/state.sh          starts a private PostgreSQL and the packaged service (bench/lib/common.sh)
#        bench/state.sh --smoke  (50 agents with 10 settings each; fails on any refused call or wrong count)
#
# Settings (environment): PGPORT, SERVICE_PORT, BENCH_TMP as in bench/lib/common.sh; AGENTS (1000),
#   SETTINGS (10 per agent); SERVICE_JAVA_OPTS (-Xmx256m, the service's default container limit).
# The document is larger than the registry's default body limit (1 MB), so the service is started with
# ANIMUS_HTTP_MAX_BODY_SIZE=16M (see docs/decisions-state.md).
#
# Needs curl, jq, psql and python3.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"

AGENTS=${AGENTS:-1000}
SETTINGS=${SETTINGS:-10}
[ -n "$SMOKE" ] && AGENTS=50 SETTINGS=10

need curl "apt-get install curl"
need jq "apt-get install jq"
need psql "apt-get install postgresql-client"
need python3 "apt-get install python3"

export ANIMUS_HTTP_MAX_BODY_SIZE=16M QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=32M
trap 'bench_service_stop; [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null; bench_pg_stop' EXIT
bench_pg_start
bench_service_start
URL="http://127.0.0.1:$SERVICE_PORT"
TOKEN=$(mint_token "$(bench_user bench-admin admin)" bench-admin admin)

# the heap in use, sampled every 200 ms into heap.txt
heap_now() {
  curl -fsS "$URL/q/metrics" 2>/dev/null | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%d\n", sum}'
}
: > "$BENCH_TMP/heap.txt"
( while true; do heap_now >> "$BENCH_TMP/heap.txt"; sleep 0.2; done ) &
SAMPLER=$!

doc="$BENCH_TMP/state.json"
tag=$(date +%s%N | tail -c 9)   # names of this run's own: a reused database keeps the agents of an earlier one
python3 - "$AGENTS" "$SETTINGS" "$doc" "$tag" <<'PY'
import json, sys
agents, settings, path, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
document = {"version": 1, "agents": [{
    "letta_uid": f"bench-agent-{tag}-{a:05d}", "name": f"Bench agent {tag} {a}", "description": "an agent of the state bench",
    "config": {"model": "gpt-4o", "temperature": 0.2},
    "settings": [{"key": f"bench.setting.{s}", "value": str(a * s), "type": "number"} for s in range(settings)]}
    for a in range(agents)]}
json.dump(document, open(path, "w"), separators=(",", ":"))
PY
echo "document: $AGENTS agents, $((AGENTS * SETTINGS)) settings, $(stat -c %s "$doc") bytes"

post() { # path body-file -> answer in $BENCH_TMP/answer.json, seconds on stdout; dies on an HTTP error
    curl -sS -o "$BENCH_TMP/answer.json" -w '%{http_code} %{time_total}\n' -X POST -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary "@$2" "$URL$1" > "$BENCH_TMP/status.txt"
    read -r code seconds < "$BENCH_TMP/status.txt"
    [ "$code" = 200 ] || die "POST $1 answered $code: $(head -c 400 "$BENCH_TMP/answer.json")"
    echo "$seconds"
}
apply_body() { jq -c --slurpfile d "$1" --arg digest "$2" -n '{document: $d[0], digest: $digest}' > "$BENCH_TMP/apply.json"; }

load=$(bench_load)
expected=$((AGENTS + AGENTS * SETTINGS))
t_plan=$(post /api/v1/state/plan "$doc")
created=$(jq .summary.create "$BENCH_TMP/answer.json")
[ "$created" = "$expected" ] || die "the plan creates $created entries, not $expected"
apply_body "$doc" "$(jq -r .digest "$BENCH_TMP/answer.json")"
t_apply=$(post /api/v1/state/apply "$BENCH_TMP/apply.json")
stored=$(psql -d registry -qAtc "SELECT count(*) FROM agent_configs c JOIN agents a ON a.id = c.agent_id WHERE a.letta_uid LIKE 'bench-agent-$tag-%'")
[ "$stored" = "$((AGENTS * SETTINGS))" ] || die "$stored settings stored, not $((AGENTS * SETTINGS))"
t_again=$(post /api/v1/state/plan "$doc")
[ "$(jq '.changes | length' "$BENCH_TMP/answer.json")" = 0 ] || die "the plan of the applied document is not empty"

changed="$BENCH_TMP/state-changed.json"
jq -c '.agents[].settings[0].value |= (tonumber + 1 | tostring)' "$doc" > "$changed"
t_plan2=$(post /api/v1/state/plan "$changed")
updated=$(jq .summary.update "$BENCH_TMP/answer.json")
[ "$updated" = "$AGENTS" ] || die "the plan updates $updated entries, not $AGENTS"
apply_body "$changed" "$(jq -r .digest "$BENCH_TMP/answer.json")"
t_apply2=$(post /api/v1/state/apply "$BENCH_TMP/apply.json")
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=
heap_mb=$(sort -n "$BENCH_TMP/heap.txt" | tail -n 1 | awk '{printf "%.0f", $1 / 1048576}')

echo "plan (create $expected): ${t_plan}s; apply: ${t_apply}s; plan again (empty): ${t_again}s;" \
    "plan (change $AGENTS settings): ${t_plan2}s; apply: ${t_apply2}s; highest heap sampled: ${heap_mb} MB (${SERVICE_JAVA_OPTS:--Xmx256m})"
bench_result "state plan+apply, $AGENTS agents / $((AGENTS * SETTINGS)) settings${SMOKE:+ (smoke)}" \
    "plan ${t_plan}s, apply ${t_apply}s, heap ${heap_mb} MB" "-" "-" "$load"
