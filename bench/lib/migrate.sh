#!/usr/bin/env bash
# The registry's one-shot migration (migrate/, animus-registry-migrate) for the benches: the serving
# application never migrates, so every bench database is migrated with it first, as a deployment's is.
# Source it; bench_migrate <jdbc-url> [user] applies the changelogs (building the artifact when missing).

BENCH_MIGRATE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

bench_migrate() {
  local url=$1 user=${2:-postgres}
  local jar="${MIGRATE_APP:-$BENCH_MIGRATE_ROOT/migrate/target/quarkus-app}/quarkus-run.jar"
  local log="${BENCH_TMP:-/tmp}/migrate.log"
  if [ ! -f "$jar" ]; then
    (cd "$BENCH_MIGRATE_ROOT" && ./mvnw -B -q -f migrate/pom.xml package -DskipTests </dev/null) >&2 \
      || { echo "bench: the migration artifact's build failed" >&2; exit 1; }
  fi
  mkdir -p "$(dirname "$log")"
  QUARKUS_DATASOURCE_JDBC_URL="$url" QUARKUS_DATASOURCE_USERNAME="$user" QUARKUS_DATASOURCE_PASSWORD=unused \
    "${JAVA_MIGRATE_BIN:-java}" -Xmx64m -XX:TieredStopAtLevel=1 -jar "$jar" > "$log" 2>&1 \
    || { tail -n 20 "$log" >&2; echo "bench: the migration of $url failed" >&2; exit 1; }
}
