#!/usr/bin/env bash
# Shared helpers of the benchmark scripts: a private PostgreSQL (migrated), keys, the packaged service, tokens.
# Source it; it needs openssl, curl, and Debian's PostgreSQL server binaries (apt-get install postgresql).

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_TMP=${BENCH_TMP:-/tmp/animus-bench}
PGPORT=${PGPORT:-55432}
SERVICE_PORT=${SERVICE_PORT:-8089}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
JAVA_BIN=${JAVA_BIN:-java}
export PGHOST=127.0.0.1 PGPORT PGUSER=postgres

die() { echo "bench: $*" >&2; exit 1; }

source "$(dirname "${BASH_SOURCE[0]}")/migrate.sh"

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing (${2:-install it})"; }

# Runs a PostgreSQL binary as the postgres user when we are root (PostgreSQL refuses root).
pg_run() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}

bench_pg_start() {
  [ -x "$PG_BIN/pg_ctl" ] || die "no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN)"
  mkdir -p "$BENCH_TMP"
  local data="$BENCH_TMP/pgdata"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown -R postgres "$BENCH_TMP"
    pg_run "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 >/dev/null
  fi
  [ "$(id -u)" = 0 ] && chown -R postgres "$BENCH_TMP"
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    BENCH_PG_SHARED=1   # left running by an earlier run: use it, and leave it running
  else
    pg_run "$PG_BIN/pg_ctl" -D "$data" -l "$BENCH_TMP/postgres.log" -w \
      -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  fi
  psql -qAtc "SELECT 1 FROM pg_database WHERE datname = 'registry'" | grep -q 1 || psql -qc "CREATE DATABASE registry"
  bench_migrate "jdbc:postgresql://127.0.0.1:$PGPORT/registry"
}

bench_pg_stop() {
  [ -n "${BENCH_PG_SHARED:-}" ] && return 0
  pg_run "$PG_BIN/pg_ctl" -D "$BENCH_TMP/pgdata" -m fast stop >/dev/null 2>&1 || true
}

bench_keys() {
  mkdir -p "$BENCH_TMP/keys"
  if [ ! -f "$BENCH_TMP/keys/private.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$BENCH_TMP/keys/private.pem" 2>/dev/null
    openssl pkey -in "$BENCH_TMP/keys/private.pem" -pubout -out "$BENCH_TMP/keys/public.pem"
    head -c 32 /dev/urandom | base64 > "$BENCH_TMP/keys/secrets.key"
  fi
}

# The packaged service (target/quarkus-app), built when missing, started against the private PostgreSQL
# on SERVICE_PORT, logging to SERVICE_LOG (default $BENCH_TMP/service.log); its pid in SERVICE_PID.
bench_service_start() {
  local jar="${SERVICE_APP:-$BENCH_ROOT/target/quarkus-app}/quarkus-run.jar"
  [ -f "$jar" ] || (cd "$BENCH_ROOT" && ./mvnw -B -q package -DskipTests) || die "build failed"
  bench_keys
  BENCH_ADMIN_PASSWORD=${BENCH_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/registry" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
  SMALLRYE_JWT_SIGN_KEY_LOCATION="$BENCH_TMP/keys/private.pem" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$BENCH_TMP/keys/public.pem" \
  ANIMUS_SECRETS_KEY=$(cat "$BENCH_TMP/keys/secrets.key") \
  ANIMUS_ADMIN_INITIAL_PASSWORD="$BENCH_ADMIN_PASSWORD" \
  ANIMUS_HOME="${ANIMUS_HOME:-$BENCH_TMP/animus-home}" ANIMUS_DISCOVERY_EVERY=${ANIMUS_DISCOVERY_EVERY:-off} \
  QUARKUS_HTTP_PORT=$SERVICE_PORT \
    "$JAVA_BIN" ${SERVICE_JAVA_OPTS:--Xmx256m} -jar "$jar" > "${SERVICE_LOG:-$BENCH_TMP/service.log}" 2>&1 &
  SERVICE_PID=$!
  # up to SERVICE_START_TIMEOUT seconds (default 120): a start on a busy 2-core machine takes far longer than on a quiet one
  for _ in $(seq 1 $((${SERVICE_START_TIMEOUT:-120} * 2))); do
    curl -fs "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -n 30 "${SERVICE_LOG:-$BENCH_TMP/service.log}"; die "the service did not start"; }
    sleep 0.5
  done
  die "the service did not become ready"
}

bench_service_stop() {
  [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# An RS256 access token for user id $1 named $2 with role $3, signed with the bench key.
mint_token() {
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"animus-registry","sub":"%s","upn":"%s","groups":["%s"],"iat":%s,"exp":%s,"jti":"%s"}' \
    "$1" "$2" "$3" "$now" "$((now + 3600))" "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$BENCH_TMP/keys/private.pem" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# A user row for tokens (id printed), created directly in the database.
bench_user() {
  psql -d registry -qAtc "INSERT INTO users (username, email, password_hash, role) VALUES ('$1', '$1@bench.test', '!', '$2')
    ON CONFLICT DO NOTHING; SELECT id FROM users WHERE username = '$1'" | tail -n 1
}

# pgbench -S (select-only) transactions per second on the same server: $1 clients, $2 seconds.
pgbench_select_tps() {
  psql -qAtc "SELECT 1 FROM pg_database WHERE datname = 'pgbench'" | grep -q 1 || {
    psql -qc "CREATE DATABASE pgbench"
    "$PG_BIN/pgbench" -q -i -s 10 pgbench >/dev/null 2>&1
  }
  "$PG_BIN/pgbench" -S -c "$1" -j 2 -T "$2" pgbench 2>/dev/null | awk '/^tps/ {print $3; exit}'
}

source "$(dirname "${BASH_SOURCE[0]}")/results.sh"
