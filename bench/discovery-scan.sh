#!/usr/bin/env bash
# How long discovery takes on an Animus home of 10,000 manifests
# (100 agents x 50 modules + 4,000 tools + 1,000 plugins), against the I/O floor of reading
# the same files with find and cat.
#
#   bench/discovery-scan.sh            # builds the jar, starts PostgreSQL and the service, measures
#   BENCH_SKIP_BUILD=1 bench/...       # reuse target/quarkus-app
#   RESCANS=5 bench/...                # unchanged rescans to time (the median is printed)
#   bench/discovery-scan.sh --smoke    # 40 manifests, one rescan; fails when a scan reports a problem,
#                                      # registers nothing, or an unchanged rescan writes
#   BENCH_JAVA_OPTS=-Xmx48m bench/...  # the heap of the goal (the default is 1 GB)
#
# Every scan, first or rescan, must complete (HTTP 200, outcome "completed", recorded as completed
# in discovery_runs); a failed scan ends the bench with a line starting "bench: FAILED" and exit 1.
#
# The service runs as in production (the packaged jar, an external PostgreSQL, keys given by
# environment), with the schedule off; scans are triggered through POST /api/v1/discovery/scan
# with an admin access token that this script signs with the key it generated (the login endpoint
# is not needed). Prints: first scan, unchanged rescan (wall time of the request and the scan's own
# duration_ms), and the find floor, cold (page cache dropped, when allowed) and warm.
source "$(dirname "${BASH_SOURCE[0]}")/discovery-lib.sh"
bench_args "$@"
trap cleanup EXIT
[[ -n "$SMOKE" ]] && export AGENTS=2 MODULES=5 TOOLS=20 PLUGINS=10 RESCANS=1

AGENTS=${AGENTS:-100}
MODULES=${MODULES:-50}
TOOLS=${TOOLS:-4000}
PLUGINS=${PLUGINS:-1000}
RESCANS=${RESCANS:-3}
HOME_DIR="$BENCH_TMP/animus-home"

build_jar
start_postgres
make_keys

log "Generating $((AGENTS * MODULES + TOOLS + PLUGINS)) manifests in $HOME_DIR"
python3 "$BENCH_ROOT/bench/generate-animus-home.py" "$HOME_DIR" "$AGENTS" "$MODULES" "$TOOLS" "$PLUGINS"
log "$(find "$HOME_DIR" -name manifest.json -printf "%s\n" | awk '{n++; b+=$1} END {printf "%d manifests, %.1f MiB, %.0f bytes on average", n, b/1048576, b/n}')"

PORT=$(free_port)
start_service "$PORT" "$HOME_DIR" off QUARKUS_LOG_CATEGORY__IO_ANIMUS_REGISTRY_DISCOVERY__LEVEL=DEBUG
ADMIN_ID=$(bench_admin)
sql "INSERT INTO agents (letta_uid, name) SELECT 'bench-uid-' || lpad(g::text, 3, '0'), 'bench-agent-' || g
     FROM generate_series(0, $((AGENTS - 1))) g"
TOKEN=$(mint_token "$ADMIN_ID" admin)

# POSTs scan number $1 ("first", "rescan 2", ...) and sets SCAN_WALL (seconds of the request) and
# SCAN_MS SCAN_CREATED SCAN_UPDATED SCAN_UNCHANGED SCAN_PROBLEMS (the run's report). A scan that did not
# complete ends the bench: its answer must be 200 with outcome "completed", and its run must be
# recorded as completed in discovery_runs. A failed run (out of memory, out of time, rolled back) is
# not a figure.
scan() {
    local what=$1 answer code outcome run recorded
    answer=$(curl -sS -o "$BENCH_TMP/scan.json" -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $TOKEN" \
        "http://localhost:$PORT/api/v1/discovery/scan") || die "FAILED: the $what scan's request did not complete (curl exit $?)"
    read -r code SCAN_WALL <<<"$answer"
    if [[ "$code" != 200 ]]; then
        die "FAILED: the $what scan answered HTTP $code: $(jq -r '.detail // .title // .' "$BENCH_TMP/scan.json" 2>/dev/null || cat "$BENCH_TMP/scan.json")"
    fi
    outcome=$(jq -r '.outcome' "$BENCH_TMP/scan.json")
    run=$(jq -r '.id' "$BENCH_TMP/scan.json")
    [[ "$outcome" == completed ]] || die "FAILED: the $what scan's run $run has outcome '$outcome', not 'completed'"
    recorded=$(sql "SELECT outcome FROM discovery_runs WHERE id = $run")
    [[ "$recorded" == completed ]] || die "FAILED: the $what scan's run $run is recorded as '$recorded' in discovery_runs, not 'completed'"
    read -r SCAN_MS SCAN_CREATED SCAN_UPDATED SCAN_UNCHANGED SCAN_PROBLEMS \
        <<<"$(jq -r '"\(.duration_ms) \(.created) \(.updated) \(.unchanged) \(.problem_count)"' "$BENCH_TMP/scan.json")"
}

sync
echo 3 >/proc/sys/vm/drop_caches 2>/dev/null && log "page cache dropped before the first scan" || true
load=$(bench_load)
scan first
first_wall=$SCAN_WALL first_ms=$SCAN_MS first_created=$SCAN_CREATED first_problems=$SCAN_PROBLEMS
[[ "$first_problems" == 0 ]] || { jq '.problems[:5]' "$BENCH_TMP/scan.json" >&2; echo "the first scan reported problems" >&2; }
if [[ -n "$SMOKE" ]]; then
    [[ "$first_problems" == 0 ]] || die "the first scan reported $first_problems problems"
    [[ "$first_created" -ge $((AGENTS * MODULES + TOOLS + PLUGINS)) ]] || die "the first scan created $first_created entries"
fi

rescan_walls=()
rescan_ms=()
for i in $(seq "$RESCANS"); do
    scan "rescan $i"
    wall=$SCAN_WALL ms=$SCAN_MS created=$SCAN_CREATED updated=$SCAN_UPDATED
    [[ "$created" == 0 && "$updated" == 0 ]] || echo "an unchanged rescan wrote: created=$created updated=$updated" >&2
    [[ -z "$SMOKE" || ( "$created" == 0 && "$updated" == 0 ) ]] || die "an unchanged rescan wrote"
    rescan_walls+=("$wall")
    rescan_ms+=("$ms")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

find_floor() { /usr/bin/time -f %e find "$HOME_DIR" -name manifest.json -exec cat {} + 2>&1 >/dev/null | tail -1; }
sync
if echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then cold=$(find_floor); else cold="n/a (cannot drop the page cache)"; fi
find_floor >/dev/null
warm=$(find_floor)

rows=$(sql "SELECT (SELECT count(*) FROM tools WHERE discovered_from IS NOT NULL) || ' tools, '
         || (SELECT count(*) FROM tool_instances WHERE discovered_from IS NOT NULL) || ' tool instances, '
         || (SELECT count(*) FROM plugins WHERE discovered_from IS NOT NULL) || ' plugins'")

echo
echo "Discovery of $((AGENTS * MODULES + TOOLS + PLUGINS)) manifests ($rows; $(nproc) cores)"
printf '  first scan          : %6.2f s request, %6d ms scan (%s entries created, %s problems)\n' \
    "$first_wall" "$first_ms" "$first_created" "$first_problems"
printf '  unchanged rescan    : %6.2f s request, %6d ms scan (median of %d: %s ms)\n' \
    "$(median "${rescan_walls[@]}")" "$(median "${rescan_ms[@]}")" "$RESCANS" "${rescan_ms[*]}"
printf '  find + cat, cold    : %s s\n' "$cold"
printf '  find + cat, warm    : %s s\n' "$warm"
echo "  (scan ms is the scan's own duration_ms; the request adds HTTP and JSON of the report)"
echo "  phases, first scan then each rescan (from the service's debug log):"
grep -h "Discovery scan of" "$BENCH_TMP/service-$PORT.log" | sed 's/.*: walk/    walk/'
n=$((AGENTS * MODULES + TOOLS + PLUGINS))
if [[ -n "$SMOKE" ]]; then
    bench_result "discovery, first scan of $n manifests (smoke)" "${first_ms} ms" "find+cat warm $warm s" - "$load"
elif [[ "$cold" =~ ^[0-9.]+$ ]]; then
    bench_result "discovery, first scan of $n manifests" "${first_ms} ms" "find+cat cold $cold s" \
        "$(awk -v a="$first_ms" -v b="$cold" 'BEGIN {printf "%.2f", a / 1000 / b}') (goal <= 1.5)" "$load"
else
    bench_result "discovery, first scan of $n manifests" "${first_ms} ms" "find+cat warm $warm s (cold: cannot drop the page cache)" \
        "$(awk -v a="$first_ms" -v b="$warm" 'BEGIN {printf "%.2f", a / 1000 / b}') vs warm (goal <= 1.5 vs cold)" "$load"
fi
