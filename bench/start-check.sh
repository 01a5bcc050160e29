#!/usr/bin/env bash
# The start check of the stored secrets (EncryptedValuesCheck) against a long configuration history:
# ROWS rows of config_history (default 1,000,000, a tenth of them encrypted under one key), then the
# check's query, which skips from one key id to the next along the key-id indexes, against the query it
# replaced, which read every encrypted value (one aggregate over the five places). Median of 5 runs each,
# in PostgreSQL's own timing (psql \timing), on a warm cache. The floor is the full read: the ratio says
# how many times less the start pays. StoredKeyIdsTest holds the service's query to the indexes.
#   bench/start-check.sh --smoke    10,000 rows, the same comparison; exits non-zero when the two queries
#                                   find different key ids
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/results.sh"
bench_args "$@"
need psql
ROWS=${ROWS:-1000000}; [ -n "$SMOKE" ] && ROWS=10000
trap 'bench_service_stop; psql -qc "DROP DATABASE IF EXISTS start_check" 2>/dev/null; bench_pg_stop' EXIT

bench_pg_start
# The registry's schema, migrated by the packaged service itself, copied into a database of its own.
bench_service_start
bench_service_stop
psql -qc "DROP DATABASE IF EXISTS start_check" 2>/dev/null; psql -qc "CREATE DATABASE start_check TEMPLATE registry"

psql -d start_check -qc "INSERT INTO config_history (table_name, entry_key, version, action, old_value, old_type, old_encrypted,
    new_value, new_type, new_encrypted)
  SELECT 'system_config', 'bench.key.' || (g % 1000), g / 1000 + 1, 'update',
    CASE WHEN g % 10 = 0 THEN 'enc:v1:b3nch001:' || md5(g::text) ELSE md5(g::text) END, 'string', g % 10 = 0,
    CASE WHEN g % 10 = 0 THEN 'enc:v1:b3nch001:' || md5((g + 1)::text) ELSE md5((g + 1)::text) END, 'string', g % 10 = 0
  FROM generate_series(1, $ROWS) g" -c "VACUUM ANALYZE"

READ_ALL="SELECT DISTINCT CASE WHEN v LIKE 'enc:v1:%' THEN split_part(v, ':', 3) ELSE '' END AS key_id
  FROM (SELECT value AS v FROM configurations WHERE is_encrypted
        UNION ALL SELECT config_value FROM system_config WHERE is_encrypted
        UNION ALL SELECT var_value FROM env_vars WHERE is_encrypted
        UNION ALL SELECT config_value FROM agent_configs WHERE is_encrypted
        UNION ALL SELECT old_value FROM config_history WHERE old_encrypted
        UNION ALL SELECT new_value FROM config_history WHERE new_encrypted) AS stored
  WHERE v IS NOT NULL ORDER BY 1"
skip() { # the distinct key ids of one place, along its index (as EncryptedValuesCheck writes it)
  local rows="FROM $1 WHERE $3 AND $2 IS NOT NULL" id="secret_key_id($2)"
  echo "(WITH RECURSIVE ids(id) AS (SELECT min($id) $rows UNION ALL SELECT (SELECT min($id) $rows AND $id > ids.id)
    FROM ids WHERE ids.id IS NOT NULL) SELECT id FROM ids WHERE id IS NOT NULL)"
}
SKIP="SELECT id FROM ($(skip configurations value is_encrypted) UNION $(skip system_config config_value is_encrypted)
  UNION $(skip env_vars var_value is_encrypted) UNION $(skip agent_configs config_value is_encrypted)
  UNION $(skip config_history old_value old_encrypted) UNION $(skip config_history new_value new_encrypted)) AS found ORDER BY 1"

[ "$(psql -d start_check -Atc "$READ_ALL")" = "$(psql -d start_check -Atc "$SKIP")" ] \
  || die "the two queries found different key ids"
psql -d start_check -Atc "EXPLAIN $SKIP" | grep -q "idx_config_history_new_key_id" || die "the check does not read the key-id index"

median_ms() { # median of 5 timings of query $1, in ms
  for _ in 1 2 3 4 5; do
    psql -d start_check -c '\timing on' -c "$1" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p'
  done | sort -n | sed -n 3p
}
load=$(bench_load)
psql -d start_check -Atc "$READ_ALL" >/dev/null   # warm the cache for both
full=$(median_ms "$READ_ALL")
indexed=$(median_ms "$SKIP")
ratio=$(awk -v f="$full" -v i="$indexed" 'BEGIN { printf "%.1f", f / i }')
echo "start check over $ROWS history rows: reading every encrypted value $full ms, along the key-id indexes $indexed ms"
bench_result "start check of stored secrets, $ROWS history rows${SMOKE:+ (smoke)}" "$indexed ms" \
  "read every value $full ms" "$ratio x faster" "$load"
