#!/usr/bin/env bash
# Start-up of the registry, from process start to the first 200 on an authenticated API read
# (GET /api/v1/agents), and the resident memory after that answer, over RUNS starts (default 5)
# with the database already migrated, for: the fast-jar on Java 17, the fast-jar on Java 25, the
# AOT-cache jar on Java 25 (when built), the native binary (when built), and a bare Quarkus REST
# "hello" app built by this script in the same run, the framework's floor.
#
#   bench/startup.sh                     fast-jars and the hello floor (and the AOT cache when
#                                        target/quarkus-app/app.aot exists)
#   AOT_APP=path/to/quarkus-app          (built with -Dquarkus.package.jar.aot.enabled=true on Java 25)
#   NATIVE_BIN=target/*-runner           the native binary
#   bench/startup.sh --smoke             one start of the registry on one JVM (and of the AOT jar and
#                                        the native binary when present), no hello floor: a few
#                                        seconds; exits non-zero when a start fails
# JVM variants run with the image's flags, the argument file src/main/docker/jvm.options (plus
# EXTRA_JVM_OPTS for experiments) and the image's MALLOC_ARENA_MAX; the native binary with NATIVE_OPTS.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/image-flags.sh"
need curl; need openssl
SMOKE=; [ "${1:-}" = --smoke ] && SMOKE=1
RUNS=${RUNS:-5}; [ -n "$SMOKE" ] && RUNS=1
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
[ -x "$JAVA17" ] || JAVA17=$(command -v java)
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JVM_OPTS=$(bench_jvm_opts)
NATIVE_OPTS=${NATIVE_OPTS:--Xmx64m}
APP=${APP:-$BENCH_ROOT/target/quarkus-app}
AOT_APP=${AOT_APP:-$APP}
export MALLOC_ARENA_MAX=$(bench_image_malloc_arenas)
trap 'bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
[ -f "$APP/quarkus-run.jar" ] || (cd "$BENCH_ROOT" && ./mvnw -B -q package -DskipTests)

# Migrate once (and create the first admin), then mint a token for the timed reads.
SERVICE_APP=$APP JAVA_BIN=$JAVA17 bench_service_start
bench_service_stop
user_id=$(bench_user bench-startup viewer)
TOKEN=$(mint_token "$user_id" bench-startup viewer)

# Starts "$@" with the registry's production settings and prints "<ms to first 200> <rss kB>".
time_start() {
  local url=$1; shift
  local start end pid
  start=$(date +%s%N)
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/registry" QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD=unused SMALLRYE_JWT_SIGN_KEY_LOCATION="$BENCH_TMP/keys/private.pem" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$BENCH_TMP/keys/public.pem" ANIMUS_SECRETS_KEY=$(cat "$BENCH_TMP/keys/secrets.key") \
  ANIMUS_HOME="$BENCH_TMP/animus-home" ANIMUS_DISCOVERY_EVERY=off QUARKUS_HTTP_PORT=$SERVICE_PORT \
  QUARKUS_LIQUIBASE_MIGRATE_AT_START=${MIGRATE:-false} \
    "$@" > "$BENCH_TMP/startup.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url" 2>/dev/null)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$BENCH_TMP/startup.log" >&2; die "start failed: $*"; }
    sleep 0.005
  done
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(ps -o rss= -p "$pid" | tr -d ' ')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

declare -A MS RSS
measure() {
  local name=$1 url=$2; shift 2
  local results=()
  for _ in $(seq 1 "$RUNS"); do results+=("$(time_start "$url" "$@")"); done
  MS[$name]=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | median)
  RSS[$name]=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2 | median)
  echo "$name: ${MS[$name]} ms, ${RSS[$name]} kB  (runs: $(printf '%s ' "${results[@]%% *}"))"
}

# The framework's floor: a bare Quarkus REST app of the same Quarkus version (not in the smoke run).
HELLO=$BENCH_TMP/hello
if [ -z "$SMOKE" ] && [ ! -f "$HELLO/target/quarkus-app/quarkus-run.jar" ]; then
  mkdir -p "$HELLO/src/main/java/hello"
  cat > "$HELLO/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>hello</artifactId><version>1</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencyManagement><dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId>
    <version>3.33.2</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
  <dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.33.2</version>
    <extensions>true</extensions><executions><execution><goals><goal>build</goal></goals></execution></executions></plugin></plugins></build>
</project>
POM
  cat > "$HELLO/src/main/java/hello/Hello.java" <<'JAVA'
package hello;
@jakarta.ws.rs.Path("/hello")
public class Hello {
    @jakarta.ws.rs.GET
    public String hello() { return "hello"; }
}
JAVA
  (cd "$BENCH_ROOT" && ./mvnw -B -q -f "$HELLO/pom.xml" package -DskipTests -Dquarkus.analytics.disabled=true)
fi

API="http://127.0.0.1:$SERVICE_PORT/api/v1/agents"
[ -z "$SMOKE" ] && measure "hello, fast-jar, Java 17" "http://127.0.0.1:$SERVICE_PORT/hello" "$JAVA17" $JVM_OPTS -jar "$HELLO/target/quarkus-app/quarkus-run.jar"
measure "registry, fast-jar, Java 17" "$API" "$JAVA17" $JVM_OPTS -jar "$APP/quarkus-run.jar"
[ -z "$SMOKE" ] && [ -x "$JAVA25" ] && measure "registry, fast-jar, Java 25" "$API" "$JAVA25" $JVM_OPTS -jar "$APP/quarkus-run.jar"
if [ -n "${AOT_APP:-}" ] && [ -f "$AOT_APP/app.aot" ]; then
  # AOTMode=on: stop rather than run without the cache (it is refused when a jar differs from the
  # trained one, a copy that lost the files' modification times included)
  measure "registry, AOT cache, Java 25" "$API" "$JAVA25" $JVM_OPTS -XX:AOTMode=on -XX:AOTCache="$AOT_APP/app.aot" -jar "$AOT_APP/quarkus-run.jar"
fi
if [ -n "${NATIVE_BIN:-}" ] && [ -x "$NATIVE_BIN" ]; then
  measure "registry, native" "$API" "$NATIVE_BIN" $NATIVE_OPTS
fi

floor=${MS["hello, fast-jar, Java 17"]:-}
echo
echo "JVM flags: $(bench_jvm_opts_text); MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; native flags: $NATIVE_OPTS"
printf '%-32s %10s %10s %12s\n' "variant (median of $RUNS)" "first 200" "RSS" "vs floor"
for name in "hello, fast-jar, Java 17" "registry, fast-jar, Java 17" "registry, fast-jar, Java 25" \
            "registry, AOT cache, Java 25" "registry, native"; do
  [ -n "${MS[$name]:-}" ] || continue
  printf '%-32s %8s ms %7s MB %11s\n' "$name" "${MS[$name]}" "$(( ${RSS[$name]} / 1024 ))" \
    "$([ -n "$floor" ] && awk -v a="${MS[$name]}" -v b="$floor" 'BEGIN {printf "%.2fx", a / b}' || echo -)"
done
