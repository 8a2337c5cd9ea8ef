#!/usr/bin/env bash
# Apply the RefundCluster Orleans PostgreSQL schema (schema/*.sql, in name order).
#
# Idempotent: safe to run any number of times against the same database.
# Creates the target database first if it does not exist.
#
# Target selection (first match wins):
#   1. ORLEANS_PG_URL / $1 : a libpq connection URI, e.g.
#        postgresql://orleans:secret@db.internal:5432/refundcluster
#   2. the standard libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
#      (PGDATABASE defaults to "refundcluster").
# ORLEANS_PG_ADMIN_DB (default "postgres") is the maintenance database used to
# check for / create the target database.
#
# Examples:
#   PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=refundcluster ./apply.sh
#   ./apply.sh postgresql://postgres@127.0.0.1:5432/refundcluster
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
schema_dir="$here/schema"
url="${1:-${ORLEANS_PG_URL:-}}"
admin_db="${ORLEANS_PG_ADMIN_DB:-postgres}"

command -v psql >/dev/null || { echo "apply.sh: psql not found (apt-get install -y postgresql-client)" >&2; exit 2; }

if [[ -n "$url" ]]; then
    # Split the URI into "<base>/<db>?<query>" so we can point at the admin DB.
    rest="${url#*://}"; scheme="${url%%://*}"
    query=""; [[ "$rest" == *\?* ]] && { query="?${rest#*\?}"; rest="${rest%%\?*}"; }
    if [[ "$rest" == */* ]]; then authority="${rest%%/*}"; dbname="${rest#*/}"; else authority="$rest"; dbname=""; fi
    dbname="${dbname:-refundcluster}"
    target_conn="${scheme}://${authority}/${dbname}${query}"
    admin_conn="${scheme}://${authority}/${admin_db}${query}"
else
    dbname="${PGDATABASE:-refundcluster}"
    target_conn="dbname=${dbname}"
    admin_conn="dbname=${admin_db}"
fi

psql_opts=(-X -q -v ON_ERROR_STOP=1)

# psql variables are not expanded in -c, so feed the SQL on stdin.
exists="$(psql "${psql_opts[@]}" -At -d "$admin_conn" -v db="$dbname" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'db';
SQL
)"
if [[ "$exists" != "1" ]]; then
    echo "apply.sh: creating database \"$dbname\""
    psql "${psql_opts[@]}" -d "$admin_conn" -v db="$dbname" <<'SQL'
CREATE DATABASE :"db";
SQL
fi

shopt -s nullglob
files=("$schema_dir"/*.sql)
(( ${#files[@]} )) || { echo "apply.sh: no .sql files in $schema_dir" >&2; exit 2; }

# All files in one transaction: either the whole schema version lands or nothing does.
{
    echo 'BEGIN;'
    echo "SET LOCAL client_min_messages = warning;"
    for f in "${files[@]}"; do
        echo "\\echo applying $(basename "$f")"
        echo "\\ir $f"
    done
    echo 'COMMIT;'
} | psql "${psql_opts[@]}" -d "$target_conn"

echo "apply.sh: schema applied to database \"$dbname\" (${#files[@]} files)"
