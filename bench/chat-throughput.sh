#!/usr/bin/env bash
# Chat delivery throughput: messages per second through post -> claim -> acknowledge, with users
# posting (POSTERS threads, each in a session of its own) while two Broca workers claim batches of
# BATCH and acknowledge each message (ACK_PARALLELISM acknowledgements in flight per worker), against
# the packaged service on a private PostgreSQL. ACK=batch (default) acknowledges each claim in one call
# (POST /api/v1/chat/broca/ack); ACK=each acknowledges message by message. The load generator is bench/ChatThroughput.java, run as a single-file program.
# The floor, measured in the same run on the same PostgreSQL: pgbench with POSTERS clients, each transaction
# one insert of a message row into web_chat_messages, whose statement trigger calls pg_notify as a post's does
# (FLOOR_SECONDS, default 10). Goals are ratios to it: posting >= 0.5, the hand-off >= 0.3. The CPU that the
# service, PostgreSQL and the load generator used during the measured run is printed apart, since the three
# share the machine's cores; the service's CPU is also split by thread (requests and the rest, the JIT compiler,
# GC), and given per message. The warm-up (WARMUP messages, default 15000) is long because on 2 shared cores
# the JIT compiler was still taking half of the service's CPU after 4,000 messages: what the measured run
# should show is the service's work, not its compilation.
# Usage: bench/chat-throughput.sh     (MESSAGES=5000 POSTERS=8 BATCH=50 ACK_PARALLELISM=8 WARMUP=15000)
#        bench/chat-throughput.sh --smoke   (200 messages, 2 posters; fails when a message is lost,
#                                            handed out twice, or any call answers an unexpected status)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
bench_args "$@"
[ -n "$SMOKE" ] && export MESSAGES=200 POSTERS=2 WARMUP=20
need openssl; need curl; need "$JAVA_BIN" "a JDK 17 or later"
MESSAGES=${MESSAGES:-5000}
POSTERS=${POSTERS:-8}
BATCH=${BATCH:-50}
ACK_PARALLELISM=${ACK_PARALLELISM:-8}
WARMUP=${WARMUP:-15000}
ACK=${ACK:-batch}
# ANNOUNCE=off disables the triggers that announce chat changes (no live events), to see what they cost
ANNOUNCE=${ANNOUNCE:-on}
announce() {
  psql -d registry -qc "ALTER TABLE web_chat_messages ${1}ABLE TRIGGER trg_web_chat_messages_notify;
    ALTER TABLE web_chat_messages ${1}ABLE TRIGGER trg_web_chat_messages_processed_notify;
    ALTER TABLE web_chat_responses ${1}ABLE TRIGGER trg_web_chat_responses_notify" >/dev/null 2>&1 || true
}
trap 'announce EN; bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
bench_service_start
base="http://127.0.0.1:$SERVICE_PORT"
admin_id=$(bench_user bench-admin admin)
user_id=$(bench_user bench-user user)
ADMIN=$(mint_token "$admin_id" bench-admin admin)
USER_TOKEN=$(mint_token "$user_id" bench-user user)
json_field() { sed -E "s/.*\"$1\":\"?([^\",}]+)\"?.*/\1/"; }

agent=$(curl -fs -X POST "$base/api/v1/agents" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"letta_uid\":\"bench-chat-$(date +%s%N)\",\"description\":\"Chat throughput\"}" | json_field id)
sessions=""
for _ in $(seq 1 "$POSTERS"); do
  session=$(curl -fs -X POST "$base/api/v1/chat/sessions" -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"agent_id\":$agent}" | json_field id)
  sessions="${sessions:+$sessions,}$session"
done
keys=""
for worker in 1 2; do
  key=$(curl -fs -X POST "$base/api/v1/service-keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-broca-$worker-$(date +%s%N)\"}" | json_field key)
  keys="${keys:+$keys,}$key"
done
[ -n "$sessions" ] && [ -n "$keys" ] || die "could not prepare the session and the service keys"
# the floor: what PostgreSQL does for a post at most, with as many clients as posters
first_session=${sessions%%,*}
cat > "$BENCH_TMP/chat-floor.sql" <<SQL
INSERT INTO web_chat_messages (session_id, message, user_id) VALUES ('$first_session', 'pgbench floor', $user_id);
SQL
floor=$("$PG_BIN/pgbench" -n -c "$POSTERS" -j 2 -T "${FLOOR_SECONDS:-$([ -n "$SMOKE" ] && echo 2 || echo 10)}" \
  -f "$BENCH_TMP/chat-floor.sql" registry 2>/dev/null | awk '/^tps/ {printf "%d", $3; exit}')
[ -n "$floor" ] && [ "$floor" -gt 0 ] || die "pgbench could not measure the floor"
psql -d registry -qc "DELETE FROM web_chat_messages WHERE message = 'pgbench floor'" >/dev/null
echo "floor: pgbench, $POSTERS clients, one message insert (its trigger calling pg_notify) per transaction: $floor tps"
# start from an empty queue: what earlier runs left pending would be counted too
psql -d registry -qc "UPDATE web_chat_messages SET processed = true WHERE NOT processed" >/dev/null
[ "$ANNOUNCE" = off ] && announce DIS
load=$(bench_load)

"$JAVA_BIN" "$BENCH_ROOT/bench/ChatThroughput.java" --base "$base" --user-token "$USER_TOKEN" --sessions "$sessions" \
  --keys "$keys" --messages "$MESSAGES" --posters "$POSTERS" --batch "$BATCH" --ack-parallelism "$ACK_PARALLELISM" \
  --warmup "$WARMUP" --ack "$ACK" --service-pid "$SERVICE_PID" --clock-ticks "$(getconf CLK_TCK)" \
  --postgres-pid "$(head -n 1 "$BENCH_TMP/pgdata/postmaster.pid" 2>/dev/null || echo 0)" | tee "$BENCH_TMP/chat-throughput.txt" || die "the chat load generator failed"
pending=$(psql -d registry -qAtc "SELECT count(*) FROM web_chat_messages WHERE NOT processed")
twice=$(psql -d registry -qAtc "SELECT count(*) FROM web_chat_messages WHERE delivery_attempts > 1")
echo "left pending: $pending; claimed more than once: $twice"
echo "chat announcements (live events): $ANNOUNCE"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
[ "$pending" = 0 ] || die "$pending messages were left pending"
read -r handoff p99 posts cores < <(sed -nE 's/^SUMMARY handoff_per_s=([0-9]+) p99_ms=([0-9]+) posts_per_s=([0-9]+) (.*)$/\1 \2 \3 \4/p' "$BENCH_TMP/chat-throughput.txt")
[ -n "${handoff:-}" ] || die "the load generator printed no summary"
suffix=${SMOKE:+ (smoke)}
ratio() { awk -v a="$1" -v b="$floor" 'BEGIN { printf "%.2f", a / b }'; }
cpu="cores used: ${cores//_cores=/ }"
bench_result "chat post->claim->ack ($ACK), 2 workers$suffix" "$handoff msg/s, p99 $p99 ms ($cpu)" "pgbench insert+notify, $POSTERS clients: $floor tps" "$(ratio "$handoff") (goal 0.3)" "$load"
bench_result "chat posting, $POSTERS users$suffix" "$posts msg/s" "pgbench insert+notify, $POSTERS clients: $floor tps" "$(ratio "$posts") (goal 0.5)" "$load"
