#!/usr/bin/env bash
# The animus command's figures (docs/cli.md; goals from the command line's issue):
#   - `animus --version`: median and 90th percentile wall time of RUNS starts (goal for the native
#     executable: <= 20 ms)
#   - what `animus run` adds to a child's start on a warm registry: the median of `animus run -- true`
#     (read the configuration with the module key, start the child, wait for it, exit) minus the median
#     of `true` alone (goal <= 100 ms)
#   - the native executable's size against a Picocli "hello" (Quarkus + quarkus-picocli, one command)
#     built the same way (goal <= 1.5x), when both are built
# Timing: hyperfine when installed, else a loop over `date +%s%N`.
#
# Usage: bench/cli.sh [--smoke]   (starts a private PostgreSQL and the packaged service)
#   --smoke: 3 runs of each; checks that --version answers and that the child of `animus run` gets its
#            value, and exits non-zero when not.
# Env: ANIMUS_CLI   the executable to measure (default: cli/target/animus-cli-1.0.0-SNAPSHOT-runner when
#                   built, e.g. by ../shared/tools/native-image/native-build.sh cli; else the jar with java -jar)
#      RUNS         starts per figure (default 50; smoke 3)
#      BUILD_CLI_HELLO_NATIVE=1   build the Picocli hello's native executable when it is missing (minutes, ~5 GB)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/hello.sh"
bench_args "$@"
need curl; need python3
RUNS=${RUNS:-$([ -n "$SMOKE" ] && echo 3 || echo 50)}
mkdir -p "$BENCH_TMP"
trap 'bench_service_stop; bench_pg_stop' EXIT

native_default=$BENCH_ROOT/cli/target/animus-cli-1.0.0-SNAPSHOT-runner
cli_jar=$BENCH_ROOT/cli/target/quarkus-app/quarkus-run.jar
if [ -x "${ANIMUS_CLI:-$native_default}" ]; then
  ANIMUS=("${ANIMUS_CLI:-$native_default}"); kind=native
else
  [ -f "$cli_jar" ] || (cd "$BENCH_ROOT" && ./mvnw -B -q -f cli/pom.xml package -DskipTests </dev/null) || die "building the command line failed"
  ANIMUS=("$JAVA_BIN" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$cli_jar"); kind=jar
fi
echo "measuring the $kind command line: ${ANIMUS[*]}"

# median_ms and p90_ms of RUNS runs of a command (its output discarded; a failed run fails the bench)
timings() {
  local out="$BENCH_TMP/timings.txt"
  : > "$out"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --runs "$RUNS" --warmup 2 --export-json "$BENCH_TMP/hyperfine.json" -- "$(printf '%q ' "$@")" >/dev/null
    python3 -c 'import json,sys; [print(t*1000) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' "$BENCH_TMP/hyperfine.json" > "$out"
  else
    "$@" >/dev/null 2>&1 || die "$* failed"
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq 1 "$RUNS"); do
      local t0 t1
      t0=$(date +%s%N); "$@" >/dev/null 2>&1 || die "$* failed"; t1=$(date +%s%N)
      echo "$(( (t1 - t0) / 1000 ))" | awk '{printf "%.3f\n", $1 / 1000}' >> "$out"
    done
  fi
  sort -n "$out" | awk '{v[NR]=$1} END {printf "%.1f %.1f\n", v[int((NR+1)/2)], v[int(NR*0.9+0.999)]}'
}

# ---- the Picocli hello: the floor of the start and of the size ------------------------------------
HELLO=$BENCH_TMP/cli-hello
hello_bin=$HELLO/target/cli-hello-1-runner
if [ -n "${BUILD_CLI_HELLO_NATIVE:-}" ] && [ ! -x "$hello_bin" ]; then
  mkdir -p "$HELLO/src/main/java/hello"
  hello_write_pom "$HELLO" cli-hello quarkus-picocli
  cat > "$HELLO/src/main/java/hello/Hello.java" <<'JAVA'
package hello;

@picocli.CommandLine.Command(name = "hello", mixinStandardHelpOptions = true, version = "hello 1")
public class Hello implements Runnable {
    @Override
    public void run() {
        System.out.println("hello");
    }
}
JAVA
  cp -f "$BENCH_ROOT/mvnw" "$HELLO/" && cp -rf "$BENCH_ROOT/.mvn" "$HELLO/"
  echo "building the Picocli hello's native executable (minutes)"
  "${NATIVE_BUILD:-$BENCH_ROOT/../shared/tools/native-image/native-build.sh}" "$HELLO" -Dquarkus.analytics.disabled=true \
    > "$BENCH_TMP/cli-hello-native-build.log" 2>&1 || echo "the hello native build failed (see $BENCH_TMP/cli-hello-native-build.log)"
fi

# ---- animus --version ----------------------------------------------------------------------------
"${ANIMUS[@]}" --version | grep -q '^animus ' || die "animus --version did not answer"
load=$(bench_load)
read -r version_median version_p90 < <(timings "${ANIMUS[@]}" --version)
echo "animus --version ($kind): median $version_median ms, p90 $version_p90 ms over $RUNS runs"
if [ "$kind" = native ] && [ -x "$hello_bin" ]; then
  # the floor: the same start of a Picocli hello built the same way (Quarkus's and the image's own cost)
  read -r hello_median _ < <(timings "$hello_bin" --version)
  echo "Picocli hello --version (native): median $hello_median ms"
  bench_result "animus --version ($kind; goal <= 20 ms)" "$version_median ms (p90 $version_p90)" "Picocli hello $hello_median ms" \
    "$(awk -v a="$version_median" -v b="$hello_median" 'BEGIN {printf "%.2f", a / b}')" "$load"
else
  bench_result "animus --version ($kind; goal <= 20 ms)" "$version_median ms (p90 $version_p90)" "-" "-" "$load"
fi

# ---- animus run: its cost on a child's start -----------------------------------------------------
bench_pg_start
bench_service_start
base="http://127.0.0.1:$SERVICE_PORT"
admin_id=$(bench_user bench-admin admin)
ADMIN=$(mint_token "$admin_id" bench-admin admin)
api() { curl -fsS -X "$1" "$base$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
id_of() { sed -E 's/.*"id":([0-9]+).*/\1/'; }
tag=$(date +%s%N)
tool=$(api POST /api/v1/tools "{\"name\":\"bench-cli-$tag\",\"module_scope\":\"global\"}" | id_of)
api POST /api/v1/configurations "{\"key\":\"greeting\",\"value\":\"hello $tag\",\"scope\":\"tool\",\"scope_id\":$tool}" >/dev/null
api POST /api/v1/configurations "{\"key\":\"api.token\",\"value\":\"secret $tag\",\"scope\":\"tool\",\"scope_id\":$tool,\"is_encrypted\":true}" >/dev/null
key_file="$BENCH_TMP/module.key"
(umask 077; api POST /api/v1/service-keys "{\"name\":\"bench-cli-$tag\",\"role\":\"module\",\"tool_id\":$tool}" \
  | sed -E 's/.*"key":"([^"]+)".*/\1/' > "$key_file")
export ANIMUS_REGISTRY_URL=$base ANIMUS_MODULE_KEY_FILE=$key_file

seen="$BENCH_TMP/child-saw.txt"
"${ANIMUS[@]}" run -- sh -c 'printf %s "$GREETING" > "$0"' "$seen"
[ "$(cat "$seen")" = "hello $tag" ] || die "the child of animus run did not get its value"
true_bin=$(command -v true)
load=$(bench_load)
read -r child_median _ < <(timings "$true_bin")
read -r run_median run_p90 < <(timings "${ANIMUS[@]}" run -- "$true_bin")
added=$(awk -v a="$run_median" -v b="$child_median" 'BEGIN {printf "%.1f", a - b}')
echo "animus run -- true ($kind): median $run_median ms (p90 $run_p90), true alone $child_median ms: adds $added ms"
bench_result "animus run adds to a child's start ($kind; goal <= 100 ms)" "$added ms" "true alone $child_median ms" "-" "$load"

# ---- size against a Picocli hello built the same way ---------------------------------------------
if [ "$kind" = native ] && [ -x "$hello_bin" ]; then
  animus_size=$(stat -c %s "${ANIMUS[0]}"); hello_size=$(stat -c %s "$hello_bin")
  ratio=$(awk -v a="$animus_size" -v b="$hello_size" 'BEGIN {printf "%.2f", a / b}')
  echo "native sizes: animus $animus_size bytes, Picocli hello $hello_size bytes: ${ratio}x"
  bench_result "native executable size (goal <= 1.5 x hello)" "$((animus_size / 1048576)) MB" "Picocli hello $((hello_size / 1048576)) MB" "$ratio" "-"
else
  echo "native sizes: not measured (needs the native animus and the Picocli hello's: BUILD_CLI_HELLO_NATIVE=1)"
fi
