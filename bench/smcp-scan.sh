#!/usr/bin/env bash
# How long discovery takes to describe and register SMCP plugins: an Animus home of 200 plugin
# folders (cli.py, no manifest.json; 3 commands each), first scan and unchanged rescan. The unchanged
# rescan must run no plugin (each plugin counts its runs in runs.log in its own folder) and write nothing.
#
#   bench/smcp-scan.sh               # builds the jar, starts PostgreSQL and the service, measures
#   BENCH_SKIP_BUILD=1 bench/...     # reuse target/quarkus-app
#   PLUGINS=500 bench/...            # another number of plugins
#   bench/smcp-scan.sh --smoke       # 10 plugins; fails when a scan reports a problem, registers
#                                    # less than it should, or when the unchanged rescan runs a plugin or writes
#
# The service runs as in production (packaged jar, external PostgreSQL) with SMCP discovery enabled
# (ANIMUS_DISCOVERY_SMCP_ENABLED=true, the default interpreter python3, the default concurrency of 4).
# Prints: first scan and unchanged rescan (request wall time and the scan's own duration_ms), the
# plugins run by each, and the floor: running every plugin's cli.py --describe one after the other
# from a shell.
source "$(dirname "${BASH_SOURCE[0]}")/discovery-lib.sh"
bench_args "$@"
trap cleanup EXIT
[[ -n "$SMOKE" ]] && export PLUGINS=10

PLUGINS=${PLUGINS:-200}
COMMANDS=3
HOME_DIR="$BENCH_TMP/animus-home"
command -v python3 >/dev/null || die "python3 is missing (apt-get install -y python3)"

build_jar
start_postgres
make_keys

log "Generating $PLUGINS SMCP plugins in $HOME_DIR/plugins"
mkdir -p "$HOME_DIR/agents" "$HOME_DIR/tools" "$HOME_DIR/plugins"
python3 - "$HOME_DIR/plugins" "$PLUGINS" "$COMMANDS" <<'PY'
import json, os, sys
root, plugins, commands = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for p in range(plugins):
    name = "bench_plugin_%03d" % p
    spec = {"contract_version": "1.0", "plugin": {"name": name, "version": "1.0.%d" % p, "description": "bench plugin %d" % p},
            "commands": [{"name": "command_%d" % c, "description": "command %d of %s" % (c, name),
                          "parameters": [{"name": "text", "type": "string", "required": True},
                                         {"name": "count", "type": "integer", "default": 1}]} for c in range(commands)]}
    os.makedirs(os.path.join(root, name), exist_ok=True)
    with open(os.path.join(root, name, "cli.py"), "w") as f:
        f.write("import json, sys\nSPEC = json.loads(%r)\n" % json.dumps(spec)
                + "if '--describe' in sys.argv:\n    open('runs.log', 'a').write('run\\n')\n    print(json.dumps(SPEC))\n")
PY

runs() { cat "$HOME_DIR"/plugins/*/runs.log 2>/dev/null | wc -l; }

PORT=$(free_port)
start_service "$PORT" "$HOME_DIR" off ANIMUS_DISCOVERY_SMCP_ENABLED=true QUARKUS_LOG_CATEGORY__IO_ANIMUS_REGISTRY_DISCOVERY__LEVEL=DEBUG
ADMIN_ID=$(bench_admin)
TOKEN=$(mint_token "$ADMIN_ID" admin)

# POSTs scan $1 and sets SCAN_WALL SCAN_MS SCAN_CREATED SCAN_UPDATED SCAN_UNCHANGED SCAN_PROBLEMS; a scan that did not complete ends the bench.
scan() {
    local what=$1 answer code outcome
    answer=$(curl -sS -o "$BENCH_TMP/scan.json" -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $TOKEN" \
        "http://localhost:$PORT/api/v1/discovery/scan") || die "FAILED: the $what scan's request did not complete"
    read -r code SCAN_WALL <<<"$answer"
    [[ "$code" == 200 ]] || die "FAILED: the $what scan answered HTTP $code: $(cat "$BENCH_TMP/scan.json")"
    outcome=$(jq -r '.outcome' "$BENCH_TMP/scan.json")
    [[ "$outcome" == completed ]] || die "FAILED: the $what scan's outcome is '$outcome'"
    read -r SCAN_MS SCAN_CREATED SCAN_UPDATED SCAN_UNCHANGED SCAN_PROBLEMS \
        <<<"$(jq -r '"\(.duration_ms) \(.created) \(.updated) \(.unchanged) \(.problem_count)"' "$BENCH_TMP/scan.json")"
}

load=$(bench_load)
scan first
first_wall=$SCAN_WALL first_ms=$SCAN_MS first_created=$SCAN_CREATED first_problems=$SCAN_PROBLEMS first_runs=$(runs)
expected=$((1 + PLUGINS + PLUGINS * COMMANDS))
[[ "$first_problems" == 0 ]] || { jq '.problems[:5]' "$BENCH_TMP/scan.json" >&2; die "the first scan reported $first_problems problems"; }
[[ "$first_created" == "$expected" ]] || die "the first scan created $first_created entries, not $expected"
[[ "$first_runs" == "$PLUGINS" ]] || die "the first scan ran $first_runs plugins, not $PLUGINS"

scan rescan
rescan_wall=$SCAN_WALL rescan_ms=$SCAN_MS rescan_runs=$(( $(runs) - first_runs ))
[[ "$SCAN_CREATED" == 0 && "$SCAN_UPDATED" == 0 && "$SCAN_PROBLEMS" == 0 ]] \
    || die "the unchanged rescan wrote or reported: created=$SCAN_CREATED updated=$SCAN_UPDATED problems=$SCAN_PROBLEMS"
[[ "$rescan_runs" == 0 ]] || die "the unchanged rescan ran $rescan_runs plugins"

floor=$( { /usr/bin/time -f %e sh -c "for d in '$HOME_DIR'/plugins/*/; do (cd \"\$d\" && python3 cli.py --describe >/dev/null); done" ; } 2>&1 | tail -1)

echo
echo "SMCP discovery of $PLUGINS plugins x $COMMANDS commands ($(nproc) cores, load before: $load)"
printf '  first scan       : %6.2f s request, %6d ms scan (%s entries created, %s plugins run)\n' "$first_wall" "$first_ms" "$first_created" "$first_runs"
printf '  unchanged rescan : %6.2f s request, %6d ms scan (%s plugins run)\n' "$rescan_wall" "$rescan_ms" "$rescan_runs"
printf '  floor            : %s s to run every cli.py --describe one after the other from a shell\n' "$floor"
grep -h "Discovery described\|Discovery scan of" "$BENCH_TMP/service-$PORT.log" | sed 's/.*"message":"\([^"]*\)".*/    \1/' || true
suffix=""; [[ -n "$SMOKE" ]] && suffix=" (smoke)"
bench_result "discovery, first scan of $PLUGINS SMCP plugins$suffix" "${first_ms} ms" "sequential --describe $floor s" \
    "$(awk -v a="$first_ms" -v b="$floor" 'BEGIN {printf "%.2f", a / 1000 / b}')" "$load"
bench_result "discovery, unchanged rescan of $PLUGINS SMCP plugins$suffix" "${rescan_ms} ms, 0 run" "-" - "$load"
