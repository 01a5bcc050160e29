#!/usr/bin/env bash
# The registry's own cost of reconciling 10,000 Letta agents (200 pages of 50) against 10,000 registry
# agents: CPU time of the registry's process during the run, and its heap (used, after a full GC) before
# and after, beside the Letta stand-in's own CPU time for the same run.
#
#   bench/letta-reconcile.sh           # builds the jar, starts PostgreSQL, the stand-in and the service;
#                                      # one warm-up run, then RUNS (3) measured runs, medians printed
#   bench/letta-reconcile.sh --smoke   # the same 10,000 agents, one measured run; fails unless every run
#                                      # completes with the expected states
#   BENCH_SKIP_BUILD=1 bench/...       # reuse target/quarkus-app
#   AGENTS=2000 bench/...              # another number of agents (for the heap's growth with it)
#
# Registry agents: AGENTS - 100 name a stand-in agent (linked), 100 name agents Letta lacks (missing);
# the stand-in has 100 agents the registry lacks (unregistered). Goal (docs/performance.md): at most 3 s of
# registry CPU per run of 10,000 agents, and no heap growth beyond the states.
#
# Needs what bench/discovery-scan.sh needs (JDK 17, PostgreSQL's binaries, psql, openssl, curl, jq,
# python3) and jcmd (the JDK's) for the heap.
source "$(dirname "${BASH_SOURCE[0]}")/discovery-lib.sh"
bench_args "$@"
trap 'kill "${STANDIN_PID:-}" 2>/dev/null || true; cleanup' EXIT
for tool in jq java python3 curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing" >&2; exit 1; }
done
# the JDK's jcmd, beside the java that runs the service
JCMD=$(dirname "$(readlink -f "$(command -v java)")")/jcmd
[[ -x "$JCMD" ]] || JCMD=$(command -v jcmd) || { echo "bench: jcmd is missing (a JDK, not a JRE, is needed)" >&2; exit 1; }

AGENTS=${AGENTS:-10000}
RUNS=${RUNS:-3}
[[ -n "$SMOKE" ]] && RUNS=1
TICKS=$(getconf CLK_TCK)

build_jar
start_postgres
make_keys

STANDIN_PORT=$(free_port)
LETTA_AGENTS=$AGENTS
python3 "$BENCH_ROOT/bench/letta-standin.py" "$STANDIN_PORT" "$LETTA_AGENTS" bench-letta-password >"$BENCH_TMP/standin.log" 2>&1 &
STANDIN_PID=$!
for _ in $(seq 1 600); do grep -q standin-ready "$BENCH_TMP/standin.log" 2>/dev/null && break; sleep 0.1; done
grep -q standin-ready "$BENCH_TMP/standin.log" || die "FAILED: the Letta stand-in did not start: $(cat "$BENCH_TMP/standin.log")"
log "Letta stand-in with $LETTA_AGENTS agents on port $STANDIN_PORT (pid $STANDIN_PID)"

PORT=$(free_port)
mkdir -p "$BENCH_TMP/home"
start_service "$PORT" "$BENCH_TMP/home" off ANIMUS_LETTA_URL="http://127.0.0.1:$STANDIN_PORT" \
    ANIMUS_LETTA_PASSWORD=bench-letta-password ANIMUS_LETTA_EVERY=off
SERVICE_PID=${BENCH_PIDS[-1]}
ADMIN_ID=$(bench_admin)
TOKEN=$(mint_token "$ADMIN_ID" admin)

# Registry agents: the stand-in's agents 100.. (linked) and 100 of agents Letta does not have (missing);
# the stand-in's first 100 have no registry agent (unregistered).
python3 - "$AGENTS" >"$BENCH_TMP/agents.csv" <<'PY'
import sys, uuid
n = int(sys.argv[1])
def agent_id(i):
    u = uuid.UUID(int=(0x1234567890ABCDEF << 64) | i)
    return "agent-" + str(uuid.UUID(bytes=u.bytes, version=4))
for i in range(100, n):
    print("%s,registry-bench-%d" % (agent_id(i), i))
for i in range(100):
    print("%s,registry-missing-%d" % (str(uuid.uuid4()), i))
PY
psql "$PSQL" -v ON_ERROR_STOP=1 -qAt -c "\\copy agents (letta_uid, name) FROM '$BENCH_TMP/agents.csv' WITH (FORMAT csv)"
log "$(sql "SELECT count(*) FROM agents") registry agents"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
heap_used_kb() {
    "$JCMD" "$SERVICE_PID" GC.run >/dev/null
    "$JCMD" "$SERVICE_PID" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K", "", v); print v; exit}}'
}

# One reconciliation; sets RUN_WALL RUN_MS REG_CPU (s) STANDIN_CPU (s).
reconcile() {
    local what=$1 code before after sbefore safter outcome
    before=$(cpu_ticks "$SERVICE_PID") sbefore=$(cpu_ticks "$STANDIN_PID")
    local answer
    answer=$(curl -sS -o "$BENCH_TMP/run.json" -w '%{http_code} %{time_total}' -X POST \
        -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/api/v1/letta/reconcile") || die "FAILED: the $what run's request did not complete"
    read -r code RUN_WALL <<<"$answer"
    after=$(cpu_ticks "$SERVICE_PID") safter=$(cpu_ticks "$STANDIN_PID")
    [[ "$code" == 200 ]] || die "FAILED: the $what run answered HTTP $code: $(cat "$BENCH_TMP/run.json")"
    outcome=$(jq -r .outcome "$BENCH_TMP/run.json")
    [[ "$outcome" == completed ]] || die "FAILED: the $what run is $outcome: $(jq -r .problem "$BENCH_TMP/run.json")"
    local linked missing unregistered
    read -r linked missing unregistered RUN_MS <<<"$(jq -r '"\(.linked) \(.missing) \(.unregistered) \(.duration_ms)"' "$BENCH_TMP/run.json")"
    [[ "$linked" == $((AGENTS - 100)) && "$missing" == 100 && "$unregistered" == 100 ]] \
        || die "FAILED: the $what run found linked $linked, missing $missing, unregistered $unregistered"
    REG_CPU=$(awk -v t=$((after - before)) -v hz="$TICKS" 'BEGIN {printf "%.2f", t / hz}')
    STANDIN_CPU=$(awk -v t=$((safter - sbefore)) -v hz="$TICKS" 'BEGIN {printf "%.2f", t / hz}')
    log "$what run: ${RUN_MS} ms in the registry (wall ${RUN_WALL} s), registry CPU ${REG_CPU} s, stand-in CPU ${STANDIN_CPU} s"
}

load=$(bench_load)
reconcile warm-up
heap_before=$(heap_used_kb)
cpus=() walls=() standins=()
for i in $(seq 1 "$RUNS"); do
    reconcile "measured $i"
    cpus+=("$REG_CPU") walls+=("$RUN_MS") standins+=("$STANDIN_CPU")
done
heap_after=$(heap_used_kb)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
cpu=$(median "${cpus[@]}") wall=$(median "${walls[@]}") standin=$(median "${standins[@]}")
echo "Letta reconciliation of $AGENTS Letta agents ($(( (AGENTS + 49) / 50 )) pages) against $AGENTS registry agents, $RUNS run(s), load $load:"
echo "  registry CPU per run: ${cpu} s (goal <= 3 s); run duration ${wall} ms; stand-in CPU per run ${standin} s"
echo "  registry heap used after full GC: before ${heap_before} KB, after ${heap_after} KB (growth $((heap_after - heap_before)) KB)"
bench_result "POST /api/v1/letta/reconcile ($AGENTS agents)" "${cpu} s CPU" "3 s" \
    "$(awk -v c="$cpu" 'BEGIN {printf "%.2f", c / 3}')" "$load"
if awk -v c="$cpu" 'BEGIN {exit !(c > 3)}'; then
    echo "bench: registry CPU ${cpu} s is over the goal of 3 s" >&2
    [[ -n "$SMOKE" ]] || exit 1
fi
