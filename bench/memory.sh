#!/usr/bin/env bash
# Resident memory of the registry under steady load: the JVM jar as Dockerfile.jvm runs it (Java 25,
# the image's argument file src/main/docker/jvm.options plus EXTRA_JVM_OPTS, its MALLOC_ARENA_MAX,
# and the AOT cache when target/quarkus-app/app.aot was trained), and the native binary when one exists
# (by default the newest target/*-runner, or NATIVE_BIN). wrk reads agents and tools with 16 connections
# for DURATION seconds (default 30) after a 10 s warm-up; RSS is sampled every second. Beside them, in
# the same run, the bare Quarkus REST "hello" app (bench/lib/hello.sh) under the same load on /hello,
# as a JVM with the same flags and as a native binary when HELLO_NATIVE_BIN exists: the framework's floor.
# One table at the end.
#   NMT=1                       the JVMs run with -XX:NativeMemoryTracking=summary and print where their
#                               memory is (heap, metaspace, code cache, threads, ...) at the end of the load
#   IMAGES="localhost/animus/animus-registry-jvm:test ..."  also each container image as it runs
#                               (podman, host network, the image's own flags; after ./mvnw verify -Pimages)
#   bench/memory.sh --smoke     3 s of load after 1 s of warm-up, the registry only; exits non-zero when a
#                               request fails
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/image-flags.sh"
source "$(dirname "$0")/lib/hello.sh"
need wrk "apt-get install wrk"; need openssl; need curl
SMOKE=; [ "${1:-}" = --smoke ] && SMOKE=1
DURATION=${DURATION:-30}; WARMUP=10
[ -n "$SMOKE" ] && DURATION=3 WARMUP=1
JVM_OPTS=$(bench_jvm_opts)
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
NATIVE_OPTS=${NATIVE_OPTS:--Xmx64m}
APP=${SERVICE_APP:-$BENCH_ROOT/target/quarkus-app}
NATIVE_BIN=${NATIVE_BIN:-$(ls -t "$BENCH_ROOT"/target/*-runner 2>/dev/null | head -n 1 || true)}
[ -n "${NMT:-}" ] && JVM_OPTS="$JVM_OPTS -XX:NativeMemoryTracking=summary"
[ -x "$JAVA25" ] && JAVA_BIN=$JAVA25
[ -f "$APP/app.aot" ] && [ "$JAVA_BIN" = "$JAVA25" ] && JVM_OPTS="$JVM_OPTS -XX:AOTMode=on -XX:AOTCache=$APP/app.aot"
export MALLOC_ARENA_MAX=$(bench_image_malloc_arenas)
trap 'bench_service_stop; bench_pg_stop' EXIT
bench_pg_start
[ -z "$SMOKE" ] && hello_build
declare -A MAX LAST ANON FILE RATE LOAD
ORDER=()

# load_and_sample <name> [pid] [paths]: the registry's read mix, or the given Lua list of paths.
load_and_sample() {
  local name=$1 pid=${2:-$SERVICE_PID} paths=${3:-}
  local admin_id user_id ADMIN USER_TOKEN agent
  admin_id=$(bench_user bench-admin admin); user_id=$(bench_user bench-user user)
  ADMIN=$(mint_token "$admin_id" bench-admin admin); USER_TOKEN=$(mint_token "$user_id" bench-user user)
  if [ -z "$paths" ]; then
    agent=$(curl -fs -X POST "http://127.0.0.1:$SERVICE_PORT/api/v1/agents" -H "Authorization: Bearer $ADMIN" \
      -H 'Content-Type: application/json' -d "{\"letta_uid\":\"mem-$(date +%s%N)\"}" | sed -E 's/.*"id":([0-9]+).*/\1/')
    [ -n "$agent" ] || die "$name: creating an agent failed"
    paths="\"/api/v1/agents/$agent\", \"/api/v1/agents?size=20\", \"/api/v1/tools?size=20\""
  fi
  cat > "$BENCH_TMP/mix.lua" <<LUA
local paths = {$paths}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Authorization"] = "Bearer $USER_TOKEN"})
end
LUA
  LOAD[$name]=$(cut -d' ' -f1 /proc/loadavg)
  wrk -t2 -c16 -d"${WARMUP}s" -s "$BENCH_TMP/mix.lua" "http://127.0.0.1:$SERVICE_PORT" >/dev/null
  local max=0 last=0 rss
  wrk -t2 -c16 -d"${DURATION}s" -s "$BENCH_TMP/mix.lua" "http://127.0.0.1:$SERVICE_PORT" > "$BENCH_TMP/wrk-mem.txt" &
  local load=$!
  while kill -0 "$load" 2>/dev/null; do
    rss=$(ps -o rss= -p "$pid" | tr -d ' '); last=$rss
    [ "$rss" -gt "$max" ] && max=$rss
    sleep 1
  done
  local anon file
  anon=$(awk '/^Anonymous:/ {print int($2 / 1024)}' "/proc/$pid/smaps_rollup")
  file=$(awk '/^Pss_File:/ {print int($2 / 1024)}' "/proc/$pid/smaps_rollup")
  MAX[$name]=$((max / 1024)); LAST[$name]=$((last / 1024)); ANON[$name]=$anon; FILE[$name]=$file
  RATE[$name]=$(awk '/^Requests\/sec/ {print int($2)}' "$BENCH_TMP/wrk-mem.txt")
  ORDER+=("$name")
  printf '%s under load: max RSS %d MB, last %d MB (anonymous %s MB, mapped files %s MB), %s req/s\n' "$name" \
    "${MAX[$name]}" "${LAST[$name]}" "$anon" "$file" "${RATE[$name]}"
  if [ -n "${NMT:-}" ] && [ -x "$(dirname "$JAVA25")/jcmd" ] && "$(dirname "$JAVA25")/jcmd" "$pid" VM.native_memory summary scale=MB \
       > "$BENCH_TMP/nmt-$(echo "$name" | tr -c 'a-zA-Z0-9' -).txt" 2>/dev/null; then
    echo "  native memory tracking ($BENCH_TMP/nmt-$(echo "$name" | tr -c 'a-zA-Z0-9' -).txt):"
    grep -E '^(Total|-? *(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Native Memory Tracking|Arena Chunk|Metaspace|Shared class space|Module|Synchronizer|Serviceability|Object Monitors|String Deduplication|Arguments|Logging|Safepoint|Statistics|Tracing|Unknown))' \
      "$BENCH_TMP/nmt-$(echo "$name" | tr -c 'a-zA-Z0-9' -).txt" | sed 's/^/    /'
  fi
  # a refused or failed request fails the bench; a slow answer (wrk's timeout) on a busy machine does not
  ! grep -q -E 'Non-2xx|connect [1-9]|read [1-9]|write [1-9]' "$BENCH_TMP/wrk-mem.txt" || { cat "$BENCH_TMP/wrk-mem.txt"; die "$name: requests failed under load"; }
  [ "$max" -gt 0 ] || die "$name: no resident memory sampled"
}

# The hello app (its own command line: it has no health endpoint, and needs none of the registry's settings).
hello_start() {
  QUARKUS_HTTP_PORT=$SERVICE_PORT "$@" > "$BENCH_TMP/hello.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$SERVICE_PORT/hello" >/dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -n 20 "$BENCH_TMP/hello.log"; die "the hello app did not start"; }
    sleep 0.5
  done
  die "the hello app did not answer"
}

SERVICE_JAVA_OPTS="$JVM_OPTS" bench_service_start
load_and_sample "registry, JVM$([ -f "$APP/app.aot" ] && [ "$JAVA_BIN" = "$JAVA25" ] && echo ", AOT cache")"
bench_service_stop
if [ -z "$SMOKE" ]; then
  hello_start "$JAVA_BIN" $(bench_jvm_opts) ${NMT:+-XX:NativeMemoryTracking=summary} -jar "$HELLO/target/quarkus-app/quarkus-run.jar"
  load_and_sample "hello, JVM" "$SERVICE_PID" '"/hello"'
  bench_service_stop
fi
if [ -n "${NATIVE_BIN:-}" ] && [ -x "$NATIVE_BIN" ]; then
  # bench_service_start runs "$JAVA_BIN <options> -jar <jar>": a stand-in "java" execs the binary instead
  mkdir -p "$BENCH_TMP/native-shim"
  printf '#!/bin/sh\nexec "%s" %s\n' "$(realpath "$NATIVE_BIN")" "$NATIVE_OPTS" > "$BENCH_TMP/native-shim/java"
  chmod +x "$BENCH_TMP/native-shim/java"
  JAVA_BIN="$BENCH_TMP/native-shim/java" bench_service_start
  load_and_sample "registry, native"
  bench_service_stop
fi
if [ -z "$SMOKE" ] && [ -x "$HELLO_NATIVE_BIN" ]; then
  hello_start "$HELLO_NATIVE_BIN" $NATIVE_OPTS
  load_and_sample "hello, native" "$SERVICE_PID" '"/hello"'
  bench_service_stop
fi
# Each image as a container: a stand-in "java" runs it with the service's settings (the bench's key
# and home folder mounted at the same paths); RSS is sampled on the container's main process.
for image in ${IMAGES:-}; do
  bench_service_stop
  mkdir -p "$BENCH_TMP/image-shim"
  cat > "$BENCH_TMP/image-shim/java" <<SHIM
#!/bin/sh
exec podman run --rm --name animus-registry-bench --network=host --read-only -v "$BENCH_TMP:$BENCH_TMP:ro" \\
  -e QUARKUS_DATASOURCE_JDBC_URL -e QUARKUS_DATASOURCE_USERNAME -e QUARKUS_DATASOURCE_PASSWORD \\
  -e SMALLRYE_JWT_SIGN_KEY_LOCATION -e MP_JWT_VERIFY_PUBLICKEY_LOCATION -e ANIMUS_SECRETS_KEY \\
  -e ANIMUS_ADMIN_INITIAL_PASSWORD -e ANIMUS_HOME -e ANIMUS_DISCOVERY_EVERY -e QUARKUS_HTTP_PORT "$image"
SHIM
  chmod +x "$BENCH_TMP/image-shim/java"
  mkdir -p "$BENCH_TMP/animus-home"
  chmod a+r "$BENCH_TMP"/keys/*.pem   # the bench's own keys, readable by the image's non-root user
  JAVA_BIN="$BENCH_TMP/image-shim/java" bench_service_start
  load_and_sample "$image" "$(podman inspect -f '{{.State.Pid}}' animus-registry-bench)"
  podman stop -t 40 animus-registry-bench >/dev/null 2>&1 || true
done
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; load (1, 5, 15 min) now $(cut -d' ' -f1-3 /proc/loadavg); ${DURATION} s of 16 connections after ${WARMUP} s of warm-up"
echo "JVM: $("$JAVA_BIN" -version 2>&1 | head -n 1), flags: $(bench_jvm_opts_text)$([ -f "$APP/app.aot" ] && echo " -XX:AOTMode=on -XX:AOTCache=$APP/app.aot"), MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
if [ -n "${NATIVE_BIN:-}" ] && [ -x "$NATIVE_BIN" ]; then echo "native: $NATIVE_BIN ($(( $(stat -c %s "$NATIVE_BIN") / 1048576 )) MiB), flags: $NATIVE_OPTS"; fi
printf '| %-26s | %10s | %10s | %10s | %12s | %9s | %5s |\n' variant "max RSS" "last RSS" anonymous "mapped files" "req/s" load
printf '|%s|------------|------------|------------|--------------|-----------|-------|\n' "$(printf -- '-%.0s' {1..28})"
for name in "${ORDER[@]}"; do
  printf '| %-26s | %7s MB | %7s MB | %7s MB | %9s MB | %9s | %5s |\n' "$name" "${MAX[$name]}" "${LAST[$name]}" \
    "${ANON[$name]}" "${FILE[$name]}" "${RATE[$name]}" "${LOAD[$name]}"
done
