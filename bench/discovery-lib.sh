# Helpers shared by the discovery benchmarks: a throwaway PostgreSQL, keys, an admin token and
# production instances of the packaged service. Source it; do not run it.
#
# Needs: a JDK 17, PostgreSQL's server binaries (Debian: apt-get install postgresql; initdb and
# pg_ctl are looked up on PATH and in /usr/lib/postgresql/*/bin), psql, openssl, curl, python3.
# Set BENCH_JDBC_URL (and BENCH_PSQL, a psql connection string for the same database) to use a
# PostgreSQL of your own instead of the throwaway one.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/results.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/migrate.sh"

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_TMP="${BENCH_TMP:-$(mktemp -d /tmp/animus-bench.XXXXXX)}"
BENCH_PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

pg_bin() {
    local tool=$1
    if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin/"$tool" 2>/dev/null | sort -V | tail -1 || true)
    [[ -n "$found" ]] || { echo "PostgreSQL's $tool is missing: apt-get install postgresql" >&2; exit 1; }
    echo "$found"
}

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root).
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts a throwaway PostgreSQL cluster; sets JDBC_URL and PSQL.
start_postgres() {
    if [[ -n "${BENCH_JDBC_URL:-}" ]]; then
        JDBC_URL=$BENCH_JDBC_URL
        PSQL=${BENCH_PSQL:?set BENCH_PSQL to a psql connection string for BENCH_JDBC_URL}
        return
    fi
    local initdb pg_ctl port
    initdb=$(pg_bin initdb)
    pg_ctl=$(pg_bin pg_ctl)
    port=$(free_port)
    PG_DATA="$BENCH_TMP/pgdata"
    mkdir -p "$PG_DATA"
    [[ $(id -u) -eq 0 ]] && chown postgres "$BENCH_TMP" "$PG_DATA"
    as_pg "$initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
    as_pg "$pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
        -o "-p $port -k $PG_DATA -c listen_addresses=localhost -c max_connections=100" start >/dev/null
    PG_CTL=$pg_ctl
    JDBC_URL="jdbc:postgresql://localhost:$port/postgres"
    PSQL="postgresql://postgres@localhost:$port/postgres"
    log "PostgreSQL $("$(pg_bin postgres)" --version | awk '{print $3}') on port $port (data in $PG_DATA)"
}

stop_postgres() {
    if [[ -n "${PG_DATA:-}" && -d "${PG_DATA:-}" ]]; then
        as_pg "$PG_CTL" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    fi
}

sql() { psql "$PSQL" -v ON_ERROR_STOP=1 -qAt -c "$1"; }

# Generates the RSA pair that signs and verifies access tokens, and the secrets key.
make_keys() {
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$BENCH_TMP/jwt-private.pem" 2>/dev/null
    openssl pkey -in "$BENCH_TMP/jwt-private.pem" -pubout -out "$BENCH_TMP/jwt-public.pem"
    SECRETS_KEY=$(openssl rand -base64 32)
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# An RS256 access token for user id $1 with role $2, signed with the bench key, valid one hour.
# The login endpoint is not needed: the token has the claims the registry checks.
mint_token() {
    local sub=$1 role=$2 now header payload signature
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"animus-registry","sub":"%s","upn":"bench-%s","groups":["%s"],"iat":%d,"exp":%d,"jti":"%s"}' \
        "$sub" "$role" "$role" "$now" $((now + 3600)) "$(openssl rand -hex 8)" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$BENCH_TMP/jwt-private.pem" | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# A user for the token's subject; answers its id.
bench_admin() {
    sql "INSERT INTO users (username, email, password_hash, role) VALUES ('bench-admin', 'bench-admin@example.org', 'x', 'admin')
         ON CONFLICT DO NOTHING;
         SELECT id FROM users WHERE username = 'bench-admin';" | tail -1
}

build_jar() {
    if [[ "${BENCH_SKIP_BUILD:-}" != 1 || ! -f "$BENCH_ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
        log "Packaging the service (./mvnw -B package -DskipTests)"
        (cd "$BENCH_ROOT" && ./mvnw -B -q package -DskipTests) >&2
    fi
}

# Starts the packaged service on port $1 with home $2 and interval $3; extra env may follow.
start_service() {
    local port=$1 home=$2 every=$3
    shift 3
    if [[ "${MIGRATED_URL:-}" != "$JDBC_URL" ]]; then
        bench_migrate "$JDBC_URL"
        MIGRATED_URL=$JDBC_URL
    fi
    env "$@" \
        QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
        QUARKUS_HTTP_PORT="$port" ANIMUS_HOME="$home" ANIMUS_DISCOVERY_EVERY="$every" \
        SMALLRYE_JWT_SIGN_KEY_LOCATION="$BENCH_TMP/jwt-private.pem" \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$BENCH_TMP/jwt-public.pem" \
        ANIMUS_SECRETS_KEY="$SECRETS_KEY" \
        java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$BENCH_ROOT/target/quarkus-app/quarkus-run.jar" \
        >"$BENCH_TMP/service-$port.log" 2>&1 &
    BENCH_PIDS+=($!)
    local deadline=$((SECONDS + 120))
    until curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
        if ((SECONDS > deadline)) || ! kill -0 "${BENCH_PIDS[-1]}" 2>/dev/null; then
            tail -40 "$BENCH_TMP/service-$port.log" >&2
            echo "the service on port $port did not start" >&2
            exit 1
        fi
        sleep 0.5
    done
    log "service ready on port $port (pid ${BENCH_PIDS[-1]}, log $BENCH_TMP/service-$port.log)"
}

cleanup() {
    for pid in "${BENCH_PIDS[@]:-}"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    stop_postgres
    if [[ "${BENCH_KEEP:-}" != 1 ]]; then rm -rf "$BENCH_TMP"; else log "kept $BENCH_TMP"; fi
}
