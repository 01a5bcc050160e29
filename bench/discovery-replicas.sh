#!/usr/bin/env bash
# With two service instances on one database, a discovery scan runs once per interval.
#
#   bench/discovery-replicas.sh                    # 5 s interval, 30 s run
#   EVERY=10s DURATION=60 bench/discovery-replicas.sh
#   BENCH_SKIP_BUILD=1 bench/...                   # reuse target/quarkus-app
#   bench/discovery-replicas.sh --smoke            # 2 s interval, 8 s run; fails when no scan ran or
#                                                  # two scans started less than half an interval apart
#
# Starts a throwaway PostgreSQL and two production instances of the packaged jar on different
# ports, both scanning the same small Animus home every EVERY; lets them run DURATION seconds;
# then counts the rows of discovery_runs (one per scan that ran) and prints scans per interval,
# per replica, and how many scheduled scans each replica skipped (lock held or scanned recently).
source "$(dirname "${BASH_SOURCE[0]}")/discovery-lib.sh"
bench_args "$@"
trap cleanup EXIT
[[ -n "$SMOKE" ]] && EVERY=2s DURATION=8

EVERY=${EVERY:-5s}
DURATION=${DURATION:-30}
interval_s=${EVERY%s}
HOME_DIR="$BENCH_TMP/animus-home"

build_jar
start_postgres
make_keys
python3 "$BENCH_ROOT/bench/generate-animus-home.py" "$HOME_DIR" 2 5 20 10

PORT_A=$(free_port)
start_service "$PORT_A" "$HOME_DIR" "$EVERY"
PORT_B=$(free_port)
start_service "$PORT_B" "$HOME_DIR" "$EVERY"
# both are up: count from here
sql "DELETE FROM discovery_runs"
log "two replicas scanning every $EVERY; waiting ${DURATION}s"
sleep "$DURATION"

skipped() {
    curl -fs "http://localhost:$1/q/metrics" | awk -v reason="$2" \
        '$1 ~ "^animus_discovery_scans_skipped_total" && $1 ~ "reason=\""reason"\"" {s += $2} END {printf "%d", s}'
}

total=$(sql "SELECT count(*) FROM discovery_runs WHERE triggered_by = 'schedule'")
span=$(sql "SELECT coalesce(extract(epoch FROM max(started_at) - min(started_at)), 0)::numeric(10,1) FROM discovery_runs")
min_gap=$(sql "SELECT coalesce(min(gap), 0)::numeric(10,2) FROM (SELECT extract(epoch FROM started_at - lag(started_at)
               OVER (ORDER BY started_at)) AS gap FROM discovery_runs) g")
echo
echo "Two replicas, one PostgreSQL, interval $EVERY, ${DURATION} s ($(nproc) cores)"
echo "  scheduled scans that ran : $total in ${DURATION} s = $(awk -v n="$total" -v d="$DURATION" -v i="$interval_s" \
    'BEGIN {printf "%.2f", n / (d / i)}') per interval (ideal 1.00)"
echo "  first to last start      : ${span} s; smallest gap between two scans: ${min_gap} s"
sql "SELECT '  ran on ' || replica || ': ' || count(*) FROM discovery_runs GROUP BY replica ORDER BY replica"
echo "  skipped on replica A     : $(skipped "$PORT_A" recent) recent, $(skipped "$PORT_A" locked) locked"
echo "  skipped on replica B     : $(skipped "$PORT_B" recent) recent, $(skipped "$PORT_B" locked) locked"
if [[ -n "$SMOKE" ]]; then
    (( total > 0 )) || die "no scheduled scan ran"
    awk -v g="$min_gap" -v i="$interval_s" -v n="$total" 'BEGIN {exit !(n < 2 || g >= i / 2)}' \
        || die "two scans started $min_gap s apart, under half the $EVERY interval"
fi
