#!/usr/bin/env bash
# Start-up of the registry, from process start to the first 200 on an authenticated API read
# (GET /api/v1/agents), with the CPU time the process had used by then and its resident memory, over
# RUNS starts (default 5) with the database already migrated; beside each registry variant the same
# variant of a bare Quarkus REST "hello" app (bench/lib/hello.sh), the framework's floor, measured in
# the same run. One table at the end; the ratio column divides by the hello of the same kind.
#
# Variants, each when it is available:
#   fast-jar on Java 17 and on Java 25           always (Java 25 when JAVA25 exists)
#   AOT cache on Java 25                         trained here for both apps the same way (a start, the
#                                                first 200, a few more reads, a stop: -XX:AOTCacheOutput)
#                                                into $BENCH_TMP; AOT_TRAIN=0 skips it. A cache the
#                                                packaged-app tests trained (target/quarkus-app/app.aot,
#                                                ./mvnw verify -Pimages) is measured as well
#   native binary                                NATIVE_BIN, default the newest target/*-runner; the hello's
#                                                when HELLO_NATIVE_BIN exists (BUILD_HELLO_NATIVE=1 builds it)
#
#   bench/startup.sh --smoke     one start of the registry on one JVM (and of the AOT jar and the native
#                                binary when present), no hello and no training: a few seconds; exits
#                                non-zero when a start fails
# JVM variants run with the image's flags, the argument file src/main/docker/jvm.options (plus
# EXTRA_JVM_OPTS for experiments) and the image's MALLOC_ARENA_MAX; native binaries with NATIVE_OPTS.
# The machine's load is printed beside each variant: on a shared machine compare ratios, not times.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/image-flags.sh"
source "$(dirname "$0")/lib/hello.sh"
need curl; need openssl
SMOKE=; [ "${1:-}" = --smoke ] && SMOKE=1
RUNS=${RUNS:-5}; [ -n "$SMOKE" ] && RUNS=1
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
[ -x "$JAVA17" ] || JAVA17=$(command -v java)
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$JAVA25" ] || JAVA25=
JVM_OPTS=$(bench_jvm_opts)
NATIVE_OPTS=${NATIVE_OPTS:--Xmx64m}
APP=${APP:-$BENCH_ROOT/target/quarkus-app}
AOT_APP=${AOT_APP:-$APP}
NATIVE_BIN=${NATIVE_BIN:-$(ls -t "$BENCH_ROOT"/target/*-runner 2>/dev/null | head -n 1 || true)}
AOT_TRAIN=${AOT_TRAIN:-1}; [ -n "$SMOKE" ] && AOT_TRAIN=0
CLK_TCK=$(getconf CLK_TCK)
export MALLOC_ARENA_MAX=$(bench_image_malloc_arenas)
trap 'bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
[ -f "$APP/quarkus-run.jar" ] || (cd "$BENCH_ROOT" && ./mvnw -B -q package -DskipTests)

# One start creates the first admin on the migrated database (bench_pg_start migrates it), then a token is minted for the timed reads.
SERVICE_APP=$APP JAVA_BIN=$JAVA17 bench_service_start
bench_service_stop
user_id=$(bench_user bench-startup viewer)
TOKEN=$(mint_token "$user_id" bench-startup viewer)
[ -z "$SMOKE" ] && hello_build

# Starts "$@" with the registry's production settings and waits for the first 200 on $1 (the rest is
# the command); sets LAUNCH_PID, LAUNCH_MS (to the first 200), LAUNCH_CPU_MS (user + system by then).
launch() {
  local url=$1; shift
  local start end
  start=$(date +%s%N)
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/registry" QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD=unused SMALLRYE_JWT_SIGN_KEY_LOCATION="$BENCH_TMP/keys/private.pem" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$BENCH_TMP/keys/public.pem" ANIMUS_SECRETS_KEY=$(cat "$BENCH_TMP/keys/secrets.key") \
  ANIMUS_HOME="$BENCH_TMP/animus-home" ANIMUS_DISCOVERY_EVERY=off QUARKUS_HTTP_PORT=$SERVICE_PORT \
    "$@" > "$BENCH_TMP/startup.log" 2>&1 &
  LAUNCH_PID=$!
  until [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url" 2>/dev/null)" = 200 ]; do
    kill -0 "$LAUNCH_PID" 2>/dev/null || { tail -n 20 "$BENCH_TMP/startup.log" >&2; die "start failed: $*"; }
    sleep 0.005
  done
  end=$(date +%s%N)
  LAUNCH_MS=$(( (end - start) / 1000000 ))
  LAUNCH_CPU_MS=$(awk -v t="$CLK_TCK" '{print int(($14 + $15) * 1000 / t)}' "/proc/$LAUNCH_PID/stat")
}

stop_launched() {
  kill "$LAUNCH_PID" 2>/dev/null || true
  wait "$LAUNCH_PID" 2>/dev/null || true
}

# One start: prints "<ms to first 200> <cpu ms> <rss kB>".
time_start() {
  launch "$@"
  echo "$LAUNCH_MS $LAUNCH_CPU_MS $(ps -o rss= -p "$LAUNCH_PID" | tr -d ' ')"
  stop_launched
}

# Trains an AOT cache ($1) with one run of the app: start, the first 200 on $2, 20 more reads, stop.
# The rest is the java command line without -jar's target's options; the cache is written at exit.
aot_train() {
  local cache=$1 url=$2; shift 2
  rm -f "$cache"
  launch "$url" "$@"
  for _ in $(seq 1 20); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$url"; done
  stop_launched
  [ -f "$cache" ] || { tail -n 20 "$BENCH_TMP/startup.log" >&2; die "no AOT cache was written to $cache"; }
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

declare -A MS CPU RSS LOAD FLOOR
ORDER=()
# measure <name> <floor name or -> <url> <command...>
measure() {
  local name=$1 floor=$2 url=$3; shift 3
  local results=()
  LOAD[$name]=$(cut -d' ' -f1 /proc/loadavg)
  for _ in $(seq 1 "$RUNS"); do results+=("$(time_start "$url" "$@")"); done
  MS[$name]=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | median)
  CPU[$name]=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2 | median)
  RSS[$name]=$(printf '%s\n' "${results[@]}" | cut -d' ' -f3 | median)
  FLOOR[$name]=$floor
  ORDER+=("$name")
  echo "$name: ${MS[$name]} ms, CPU ${CPU[$name]} ms, ${RSS[$name]} kB, load ${LOAD[$name]}  (runs: $(printf '%s ' "${results[@]%% *}"))"
}

API="http://127.0.0.1:$SERVICE_PORT/api/v1/agents"
HELLO_URL="http://127.0.0.1:$SERVICE_PORT/hello"
HELLO_JAR=$HELLO/target/quarkus-app/quarkus-run.jar

if [ -z "$SMOKE" ]; then
  measure "hello, fast-jar, Java 17" - "$HELLO_URL" "$JAVA17" $JVM_OPTS -jar "$HELLO_JAR"
fi
measure "registry, fast-jar, Java 17" "hello, fast-jar, Java 17" "$API" "$JAVA17" $JVM_OPTS -jar "$APP/quarkus-run.jar"
if [ -z "$SMOKE" ] && [ -n "$JAVA25" ]; then
  measure "hello, fast-jar, Java 25" - "$HELLO_URL" "$JAVA25" $JVM_OPTS -jar "$HELLO_JAR"
  measure "registry, fast-jar, Java 25" "hello, fast-jar, Java 25" "$API" "$JAVA25" $JVM_OPTS -jar "$APP/quarkus-run.jar"
fi
if [ "$AOT_TRAIN" = 1 ] && [ -n "$JAVA25" ]; then
  # both caches trained the same way, with the image's flags; AOTMode=on: stop rather than run without it
  aot_train "$BENCH_TMP/hello.aot" "$HELLO_URL" "$JAVA25" $JVM_OPTS -XX:AOTCacheOutput="$BENCH_TMP/hello.aot" -jar "$HELLO_JAR"
  aot_train "$BENCH_TMP/registry.aot" "$API" "$JAVA25" $JVM_OPTS -XX:AOTCacheOutput="$BENCH_TMP/registry.aot" -jar "$APP/quarkus-run.jar"
  measure "hello, AOT cache, Java 25" - "$HELLO_URL" "$JAVA25" $JVM_OPTS -XX:AOTMode=on -XX:AOTCache="$BENCH_TMP/hello.aot" -jar "$HELLO_JAR"
  measure "registry, AOT cache, Java 25" "hello, AOT cache, Java 25" "$API" "$JAVA25" $JVM_OPTS -XX:AOTMode=on -XX:AOTCache="$BENCH_TMP/registry.aot" -jar "$APP/quarkus-run.jar"
fi
if [ -n "$JAVA25" ] && [ -f "$AOT_APP/app.aot" ]; then
  # the cache the packaged-app tests trained (it is refused when a jar differs from the trained one)
  measure "registry, AOT cache of the ITs" "hello, AOT cache, Java 25" "$API" "$JAVA25" $JVM_OPTS -XX:AOTMode=on -XX:AOTCache="$AOT_APP/app.aot" -jar "$AOT_APP/quarkus-run.jar"
fi
if [ -z "$SMOKE" ] && [ -x "$HELLO_NATIVE_BIN" ]; then
  measure "hello, native" - "$HELLO_URL" "$HELLO_NATIVE_BIN" $NATIVE_OPTS
fi
if [ -n "$NATIVE_BIN" ] && [ -x "$NATIVE_BIN" ]; then
  measure "registry, native" "hello, native" "$API" "$NATIVE_BIN" $NATIVE_OPTS
fi

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%d GB", $2 / 1048576}' /proc/meminfo); load (1, 5, 15 min) now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM flags: $(bench_jvm_opts_text); MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; native flags: $NATIVE_OPTS"
[ -n "$NATIVE_BIN" ] && [ -x "$NATIVE_BIN" ] && echo "native binary: $NATIVE_BIN, $(( $(stat -c %s "$NATIVE_BIN") / 1048576 )) MiB"
[ -x "$HELLO_NATIVE_BIN" ] && echo "hello native binary: $(( $(stat -c %s "$HELLO_NATIVE_BIN") / 1048576 )) MiB"
printf '| %-32s | %10s | %10s | %7s | %13s | %5s |\n' "variant (median of $RUNS)" "first 200" "CPU" "RSS" "vs its hello" "load"
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..34})" "------------" "------------" "---------" "---------------" "-------"
for name in "${ORDER[@]}"; do
  floor=${FLOOR[$name]}
  ratio=-
  [ "$floor" != - ] && [ -n "${MS[$floor]:-}" ] && ratio=$(awk -v a="${MS[$name]}" -v b="${MS[$floor]}" 'BEGIN {printf "%.2fx", a / b}')
  printf '| %-32s | %7s ms | %7s ms | %4s MB | %13s | %5s |\n' "$name" "${MS[$name]}" "${CPU[$name]}" "$(( ${RSS[$name]} / 1024 ))" "$ratio" "${LOAD[$name]}"
done
