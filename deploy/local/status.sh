#!/usr/bin/env bash
# Show the local cluster: each silo's pid, whether it is alive, its /readyz answer, and the cluster's membership
# rows in PostgreSQL. Exits 0 when every silo is alive and ready, 1 otherwise.
#
#   deploy/local/status.sh          # members not Dead, plus a count of Dead rows from earlier runs
#   deploy/local/status.sh --all    # every membership row of the cluster
set -euo pipefail
me="status.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

all=""
for arg in "$@"; do
    case "$arg" in
        --all) all=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$arg' (only --all)" ;;
    esac
done

if [[ -f "$cluster_env" ]]; then load_settings --from-run; else load_settings; fi

healthy=1
numbers="$(silo_numbers)"
if [[ -z "$numbers" ]]; then
    echo "silos: none started (no pid files in ${run_dir#"$root"/}; deploy/local/start.sh starts them)"
    healthy=0
else
    echo "silos of cluster \"$CLUSTER_ID\":"
    for i in $numbers; do
        pid="$(cat "$run_dir/silo-$i.pid")"
        if silo_pid "$i" >/dev/null; then state="alive"; else state="NOT RUNNING"; healthy=0; fi
        http_get "$(http_port "$i")" /readyz
        [[ "$http_code" == 200 ]] || healthy=0
        answer="$http_code ${http_body:-}"; [[ "$http_code" == 000 ]] && answer="no answer"
        printf '  silo %s  pid %-7s %-11s http://127.0.0.1:%s/readyz -> %s\n' "$i" "$pid" "$state" "$(http_port "$i")" "$answer"
    done
fi

pg_hosts=127.0.0.1 pg_ports="$PGPORT" pg_db="$REFUNDCLUSTER_DB" pg_label="127.0.0.1:$PGPORT/$REFUNDCLUSTER_DB"
if [[ -n "${PG_PAIR:-}" ]]; then
    # Started with PG_PAIR=1: whichever node of the pair is the primary now.
    echo "PostgreSQL pair ($PG_PAIR_DIR):"
    PG_PAIR_DIR="$PG_PAIR_DIR" "$root/deploy/local/pg-pair.sh" status 2>&1 | sed 's/^/  /' || healthy=0
    pg_hosts=127.0.0.1,127.0.0.1
    # shellcheck disable=SC1091  # pg-pair.sh's state: PORT_A, PORT_B, DB, PRIMARY
    pg_ports="$(. "$PG_PAIR_DIR/pair.env" && echo "$PORT_A,$PORT_B")"
    # shellcheck disable=SC1091
    pg_db="$(. "$PG_PAIR_DIR/pair.env" && echo "$DB")"
    export PGTARGETSESSIONATTRS=primary
    pg_label="the pair's primary/$pg_db"
fi
echo "membership (PostgreSQL $pg_label, orleansmembershiptable, deploymentid = '$CLUSTER_ID'):"
psql_cmd=(psql -X -w -q -h "$pg_hosts" -p "$pg_ports" -U postgres -d "$pg_db" -v ON_ERROR_STOP=1
          -v cid="$CLUSTER_ID" -v all="${all:-0}")
if ! command -v psql >/dev/null; then
    echo "  (psql not found: deploy/postgres/ensure-server.sh installs it)"
    exit 1
fi
# Status codes are Orleans' SiloStatus: 0 None, 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
if ! PGCONNECT_TIMEOUT=5 "${psql_cmd[@]}" -P footer=off <<'SQL' 2>&1 | sed '/^$/d; s/^/  /'
SELECT address || ':' || port AS silo,
       proxyport AS gateway,
       CASE status WHEN 0 THEN 'None' WHEN 1 THEN 'Created' WHEN 2 THEN 'Joining' WHEN 3 THEN 'Active'
                   WHEN 4 THEN 'ShuttingDown' WHEN 5 THEN 'Stopping' WHEN 6 THEN 'Dead' ELSE status::text END AS status,
       generation, siloname, hostname,
       to_char(starttime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS started_utc,
       to_char(iamalivetime AT TIME ZONE 'UTC', 'HH24:MI:SS') AS alive_utc,
       coalesce(nullif(suspecttimes, ''), '-') AS suspicions
FROM orleansmembershiptable
WHERE deploymentid = :'cid' AND (status <> 6 OR :all::int = 1)
ORDER BY status <> 3, port, generation;
\pset tuples_only on
\pset format unaligned
SELECT count(*) FILTER (WHERE status = 3) || ' active, '
       || count(*) FILTER (WHERE status NOT IN (3, 6)) || ' other, '
       || count(*) FILTER (WHERE status = 6) || ' dead (from earlier runs or stopped silos'
       || CASE WHEN :all::int = 1 THEN ')' ELSE '; --all lists them)' END
FROM orleansmembershiptable
WHERE deploymentid = :'cid';
SQL
then
    healthy=0
fi
(( healthy )) || exit 1
