#!/usr/bin/env bash
# The framework's floor for the start-up and memory benches: a bare Quarkus REST "hello" app of the
# registry's Quarkus version, built once into $BENCH_TMP/hello. Source it after common.sh.
#
#   HELLO_NATIVE_BIN=path        its native binary (default: $BENCH_TMP/hello/target/hello-1-runner when it exists)
#   BUILD_HELLO_NATIVE=1         build that binary with the native-image toolchain when it is missing
#                                (NATIVE_TOOLCHAIN_HOME, default /opt/native-image-toolchain; minutes, ~5 GB)

HELLO=$BENCH_TMP/hello
HELLO_NATIVE_BIN=${HELLO_NATIVE_BIN:-$HELLO/target/hello-1-runner}

# Writes the pom of a one-extension Quarkus app of the registry's Quarkus version: hello_write_pom DIR ARTIFACT EXTENSION
# (bench/cli.sh builds its Picocli hello with it too).
hello_write_pom() {
  cat > "$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$2</artifactId><version>1</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencyManagement><dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId>
    <version>3.33.2</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
  <dependencies><dependency><groupId>io.quarkus</groupId><artifactId>$3</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.33.2</version>
    <extensions>true</extensions><executions><execution><goals><goal>build</goal></goals></execution></executions></plugin></plugins></build>
  <profiles><profile><id>native</id><activation><property><name>native</name></property></activation>
    <properties><quarkus.native.enabled>true</quarkus.native.enabled></properties></profile></profiles>
</project>
POM
}

hello_write_project() {
  mkdir -p "$HELLO/src/main/java/hello"
  hello_write_pom "$HELLO" hello quarkus-rest
  cat > "$HELLO/src/main/java/hello/Hello.java" <<'JAVA'
package hello;
@jakarta.ws.rs.Path("/hello")
public class Hello {
    @jakarta.ws.rs.GET
    public String hello() { return "hello"; }
}
JAVA
}

# Builds the hello fast-jar when missing (and its native binary when asked for and possible).
hello_build() {
  if [ ! -f "$HELLO/target/quarkus-app/quarkus-run.jar" ]; then
    hello_write_project
    (cd "$BENCH_ROOT" && ./mvnw -B -q -f "$HELLO/pom.xml" package -DskipTests -Dquarkus.analytics.disabled=true) \
      || die "building the hello app failed"
  fi
  local toolchain=${NATIVE_TOOLCHAIN_HOME:-/opt/native-image-toolchain}
  local builder=${NATIVE_BUILD:-$BENCH_ROOT/../shared/tools/native-image/native-build.sh}
  if [ -n "${BUILD_HELLO_NATIVE:-}" ] && [ ! -x "$HELLO_NATIVE_BIN" ] && [ -f "$toolchain/toolchain.env" ] && [ -x "$builder" ]; then
    echo "building the hello native binary with $builder (minutes)"
    cp -f "$BENCH_ROOT/mvnw" "$HELLO/" && cp -rf "$BENCH_ROOT/.mvn" "$HELLO/"
    "$builder" "$HELLO" -Dquarkus.analytics.disabled=true > "$BENCH_TMP/hello-native-build.log" 2>&1 \
      || echo "the hello native build failed (see $BENCH_TMP/hello-native-build.log); going on without it"
  fi
}
