#!/usr/bin/env bash
# Webhook deliveries to a local receiver (bench/WebhookReceiver.java, a single-file Java program that
# verifies every signature as docs/webhooks.md says), against the packaged service on a private PostgreSQL:
#   - throughput, one webhook: EVENTS events raised for it in one transaction (the SQL function
#     webhook_event, which the schema's triggers call); deliveries per second from before the raise to the
#     last one recorded delivered. One webhook's deliveries go one at a time, in order.
#   - throughput, WEBHOOKS webhooks (default 4) at once: EVENTS events for each, the same way.
#   - outage: the receiver is stopped for DOWN seconds (60) while events keep coming (one per webhook
#     per second), then started again on the same port; every delivery must arrive, none lost, each
#     webhook's in the order raised, every signature valid. The sender's default retry settings.
# Goals (docs/webhooks.md): >= 500 deliveries/s; nothing lost after a 60 s outage.
# Usage: bench/webhooks.sh [--smoke]   (smoke: 200 events per webhook, a 5 s outage; exits non-zero when
#        a delivery is lost, out of order or badly signed)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
need openssl; need curl; need python3; need "$JAVA_BIN" "a JDK 17 or later"
EVENTS=${EVENTS:-$([ -n "$SMOKE" ] && echo 200 || echo 5000)}
WEBHOOKS=${WEBHOOKS:-4}
DOWN=${DOWN:-$([ -n "$SMOKE" ] && echo 5 || echo 60)}
WAIT=${WAIT:-300}
RECEIVER_PORT=${RECEIVER_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
SECRET="bench-webhook-secret-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$BENCH_TMP"
LOG="$BENCH_TMP/receiver.log"
: > "$LOG"
# the receiver listens on 127.0.0.1: allowed here, refused by default in production
export ANIMUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true
RECEIVER_PID=
receiver_start() {
  "$JAVA_BIN" -Xmx128m "$(dirname "$0")/WebhookReceiver.java" "$RECEIVER_PORT" "$SECRET" "$LOG" >> "$BENCH_TMP/receiver.out" 2>&1 &
  RECEIVER_PID=$!
  for _ in $(seq 1 120); do
    grep -q "listening on $RECEIVER_PORT" "$BENCH_TMP/receiver.out" 2>/dev/null && [ "$(grep -c listening "$BENCH_TMP/receiver.out")" -ge "$1" ] && return 0
    kill -0 "$RECEIVER_PID" 2>/dev/null || die "the receiver did not start: $(tail -n 5 "$BENCH_TMP/receiver.out")"
    sleep 0.5
  done
  die "the receiver did not start"
}
receiver_stop() { [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null && wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=; }
trap 'receiver_stop; bench_service_stop; bench_pg_stop' EXIT

: > "$BENCH_TMP/receiver.out"
receiver_start 1
bench_pg_start
bench_service_start
base="http://127.0.0.1:$SERVICE_PORT"
admin_id=$(bench_user bench-admin admin)
ADMIN=$(mint_token "$admin_id" bench-admin admin)
ids=()
for i in $(seq 1 "$WEBHOOKS"); do
  ids+=("$(curl -fsS -X POST "$base/api/v1/webhooks" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook/$i\",\"events\":[\"ping\"],\"secret\":\"$SECRET\"}" \
    | sed -E 's/.*"id":([0-9]+).*/\1/')")
done
all=$(IFS=,; echo "${ids[*]}")
delivered() { psql -d registry -qAtc "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered' AND webhook_id IN ($1)"; }
raise() { # webhook id, events: one transaction, as a trigger would raise them
  psql -d registry -qAtc "SELECT count(webhook_event('ping', jsonb_build_object('n', g), $1)) FROM generate_series(1, $2) g" >/dev/null
}
# waits until $1's delivered count reaches $2; prints the seconds since $3 (date +%s.%N)
await_delivered() {
  local deadline=$((SECONDS + WAIT))
  while [ "$(delivered "$1")" -lt "$2" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "only $(delivered "$1") of $2 deliveries of webhooks $1 within $WAIT s"
    sleep 0.05
  done
  awk -v a="$3" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}'
}

# warm-up: a few deliveries, so the JIT has seen the path
raise "${ids[0]}" 50; await_delivered "${ids[0]}" 50 "$(date +%s.%N)" >/dev/null

load1=$(bench_load)
t0=$(date +%s.%N); base1=$(delivered "${ids[0]}")
raise "${ids[0]}" "$EVENTS"
secs1=$(await_delivered "${ids[0]}" $((base1 + EVENTS)) "$t0")
rate1=$(awk -v n="$EVENTS" -v s="$secs1" 'BEGIN {printf "%.0f", n / s}')

loadn=$(bench_load)
t0=$(date +%s.%N); basen=$(delivered "$all")
for id in "${ids[@]}"; do raise "$id" "$EVENTS"; done
secsn=$(await_delivered "$all" $((basen + EVENTS * WEBHOOKS)) "$t0")
raten=$(awk -v n="$((EVENTS * WEBHOOKS))" -v s="$secsn" 'BEGIN {printf "%.0f", n / s}')

# outage: the receiver stops; events keep coming for DOWN seconds; it comes back on the same port
loado=$(bench_load)
baseo=$(delivered "$all")
receiver_stop
raised=0
for _ in $(seq 1 "$DOWN"); do
  for id in "${ids[@]}"; do raise "$id" 1; done
  raised=$((raised + WEBHOOKS))
  sleep 1
done
failed_attempts=$(psql -d registry -qAtc "SELECT coalesce(sum(attempts), 0) FROM webhook_deliveries WHERE status = 'pending' AND webhook_id IN ($all)")
[ "$(delivered "$all")" = "$baseo" ] || die "deliveries were recorded while the receiver was down"
up=$(date +%s.%N)
receiver_start 2
secso=$(await_delivered "$all" $((baseo + raised)) "$up")
given_up=$(psql -d registry -qAtc "SELECT count(*) FROM webhook_deliveries WHERE status = 'failed' AND webhook_id IN ($all)")
[ "$given_up" = 0 ] || die "$given_up deliveries were given up"

# the receiver's log: every signature valid, every event once at least, each webhook's in order
read -r bad unique total disorder < <(python3 - "$LOG" <<'PY'
import sys
bad = unique = total = disorder = 0
seen = set(); last = {}
for line in open(sys.argv[1]):
    state, path, delivery, event = line.split()
    total += 1
    if state != "ok":
        bad += 1; continue
    if event in seen:
        continue
    seen.add(event); unique += 1
    if int(delivery) < last.get(path, 0):
        disorder += 1
    last[path] = int(delivery)
print(bad, unique, total, disorder)
PY
)
expected=$((50 + EVENTS + EVENTS * WEBHOOKS + raised))
[ "$bad" = 0 ] || die "$bad deliveries did not verify"
[ "$unique" = "$expected" ] || die "the receiver got $unique distinct events, $expected were raised"
[ "$disorder" = 0 ] || die "$disorder deliveries arrived before an earlier one of their webhook"

echo
bench_result "webhook deliveries, 1 webhook ($EVENTS events, in order)" "$rate1 deliveries/s" "goal 500/s" \
  "$(awk -v r="$rate1" 'BEGIN {printf "%.2f", r / 500}')" "$load1"
bench_result "webhook deliveries, $WEBHOOKS webhooks ($((EVENTS * WEBHOOKS)) events)" "$raten deliveries/s" "goal 500/s" \
  "$(awk -v r="$raten" 'BEGIN {printf "%.2f", r / 500}')" "$loadn"
bench_result "receiver down ${DOWN} s, $raised events meanwhile" "0 lost, all delivered ${secso} s after it was back" "goal: none lost" "-" "$loado"
echo "receiver: $total requests, $unique distinct events (expected $expected), $bad bad signatures, $disorder out of order;" \
  "$failed_attempts failed attempts while it was down"
