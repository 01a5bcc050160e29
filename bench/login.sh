#!/usr/bin/env bash
# Login throughput of a running Animus Registry, beside the cost of one bcrypt check.
#
# Usage: bench/login.sh                 starts a private PostgreSQL and the packaged service and logs in
#                                       as its first admin (PGPORT, SERVICE_PORT, BENCH_TMP as in lib/common.sh)
#        bench/login.sh --smoke         2 s of logins; fails when a login is refused or none succeeded
#        bench/login.sh URL [USERNAME] [PASSWORD]   against a registry already running
#   or set BENCH_URL, BENCH_USERNAME, BENCH_PASSWORD (defaults: admin, $ANIMUS_ADMIN_INITIAL_PASSWORD).
#   The account must be able to log in: a wrong password would measure refused logins (and lock
#   the account after five).
# Tuning: BENCH_DURATION (20s), BENCH_CONNECTIONS (8), BENCH_THREADS (2),
#   BENCH_COST (the service's work factor, default $ANIMUS_AUTH_BCRYPT_COST or 11).
# Needs: wrk (apt-get install -y wrk), curl, a JDK (java) for the hash timing.
#
# The hash timing runs the registry's own bcrypt (Quarkus BcryptUtil on WildFly Elytron) in a
# one-file Java program, bench/BcryptCost.java, with the jars of the packaged application
# (target/quarkus-app/lib/main) or, when it is not packaged, the Maven class path.
# Every successful login opens a session row; expect one per login in user_sessions.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
SMOKE=
if [ "${1:-}" = --smoke ]; then SMOKE=1; shift; fi

URL="${1:-${BENCH_URL:-}}"
if [ -z "$URL" ]; then
    trap 'bench_service_stop; bench_pg_stop' EXIT
    bench_pg_start
    bench_service_start
    URL="http://127.0.0.1:$SERVICE_PORT"
    # a user of its own, made through the API by an admin (the first admin's password is not known here)
    BENCH_USERNAME="bench-login-$(date +%s%N)"
    BENCH_PASSWORD="Lantern-Copper-Meadow-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    curl -fs -o /dev/null -X POST "$URL/api/v1/users" \
        -H "Authorization: Bearer $(mint_token "$(bench_user bench-admin admin)" bench-admin admin)" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$BENCH_USERNAME\",\"email\":\"$BENCH_USERNAME@bench.test\",\"password\":\"$BENCH_PASSWORD\",\"role\":\"viewer\"}" \
        || die "could not create the login user"
fi
USERNAME="${2:-${BENCH_USERNAME:-admin}}"
PASSWORD="${3:-${BENCH_PASSWORD:-${ANIMUS_ADMIN_INITIAL_PASSWORD:-}}}"
DURATION="${BENCH_DURATION:-20s}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
THREADS="${BENCH_THREADS:-2}"
COST="${BENCH_COST:-${ANIMUS_AUTH_BCRYPT_COST:-11}}"
[ -n "$SMOKE" ] && DURATION=2s CONNECTIONS=2
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }
[ -n "$PASSWORD" ] || { echo "no password: give it as the third argument or BENCH_PASSWORD" >&2; exit 1; }

json_string() { # a JSON string literal of $1
    local s="${1//\\/\\\\}"
    s="${s//\"/\\\"}"
    printf '"%s"' "$s"
}
BODY="{\"username\":$(json_string "$USERNAME"),\"password\":$(json_string "$PASSWORD")}"

status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$BODY" "$URL/api/v1/auth/login" || true)
if [ "$status" != "200" ]; then
    echo "a login as $USERNAME at $URL answered $status, not 200: check the URL and credentials" >&2
    exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; bench_service_stop; bench_pg_stop' EXIT
# The body goes to the Lua script through a file, so that no quoting can break it.
printf '%s' "$BODY" > "$WORK/body.json"
cat > "$WORK/login.lua" <<LUA
local f = io.open("$WORK/body.json", "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; refused = 0 end
function response(status, headers, body)
    if status == 200 then ok = ok + 1 else refused = refused + 1 end
end
function done(summary, latency, requests)
    local total_ok, total_refused = 0, 0
    for _, t in ipairs(threads) do
        total_ok = total_ok + t:get("ok")
        total_refused = total_refused + t:get("refused")
    end
    io.write(string.format("RESULT ok=%d refused=%d seconds=%.3f p50_ms=%.1f p99_ms=%.1f\n",
        total_ok, total_refused, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
LUA

echo "Load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores before the run"
load=$(bench_load)
echo "wrk: $DURATION, $CONNECTIONS connections, $THREADS threads, POST $URL/api/v1/auth/login as $USERNAME"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$WORK/login.lua" "$URL/api/v1/auth/login" | tee "$WORK/wrk.out"
read -r ok refused seconds p50 p99 < <(sed -nE 's/^RESULT ok=([0-9]+) refused=([0-9]+) seconds=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+)$/\1 \2 \3 \4 \5/p' "$WORK/wrk.out")
[ -n "${ok:-}" ] && [ "$ok" -gt 0 ] || die "no login succeeded"
[ "$refused" = 0 ] || die "$refused logins were refused"

if [ -d "$ROOT/target/quarkus-app/lib/main" ]; then
    CP="$ROOT/target/quarkus-app/lib/main/*"
else
    (cd "$ROOT" && ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
    CP="$(cat "$WORK/cp.txt")"
fi
HASH="$(java -cp "$CP" "$HERE/BcryptCost.java" "$COST" "${SMOKE:+3}${SMOKE:-7}")"
hash_ms=$(sed -nE 's/.*median_ms=([0-9.]+).*/\1/p' <<<"$HASH")

echo
echo "one bcrypt check at cost $COST (BcryptCost.java, median of 7): $hash_ms ms   [$HASH]"
awk -v ok="$ok" -v refused="$refused" -v s="$seconds" -v h="$hash_ms" -v cores="$(nproc)" -v p50="$p50" -v p99="$p99" 'BEGIN {
    rate = ok / s
    printf "logins/s: %.1f (%d succeeded, %d refused in %.1f s; latency p50 %.0f ms, p99 %.0f ms)\n", rate, ok, refused, s, p50, p99
    printf "ceiling from hashing alone: %d cores / %.1f ms = %.1f logins/s; measured = %.0f%% of it\n", cores, h, cores * 1000 / h, 100 * rate / (cores * 1000 / h)
}'
rate=$(awk -v ok="$ok" -v s="$seconds" 'BEGIN {printf "%.1f", ok / s}')
ceiling=$(awk -v h="$hash_ms" -v cores="$(nproc)" 'BEGIN {printf "%.1f", cores * 1000 / h}')
bench_result "login${SMOKE:+ (smoke)}" "$rate/s, p99 ${p99} ms" "bcrypt ceiling $ceiling/s" \
    "$(awk -v a="$rate" -v b="$ceiling" 'BEGIN {printf "%.2f", a / b}') (goal 0.8)" "$load"
