#!/usr/bin/env bash
# Stop the local cluster's silos (those with a pid file in deploy/local/run/): SIGTERM, up to STOP_TIMEOUT (30) s
# for a graceful shutdown, then SIGKILL. PostgreSQL keeps running.
#
#   deploy/local/stop.sh                   # silos only
#   deploy/local/stop.sh --with-postgres   # also the private server ensure-server.sh started from $PGDATA_DIR
#                                          # (/tmp/refundcluster-pg); a server it did not start is never stopped;
#                                          # for a cluster started with PG_PAIR=1, both nodes of the pair
set -euo pipefail
me="stop.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_postgres=""
for arg in "$@"; do
    case "$arg" in
        --with-postgres) with_postgres=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$arg' (only --with-postgres)" ;;
    esac
done
stop_timeout="${STOP_TIMEOUT:-30}"
[[ "$stop_timeout" =~ ^[0-9]+$ ]] || die "STOP_TIMEOUT must be a number of seconds"

if [[ -n "$(silo_numbers)" ]]; then
    stop_silos "$stop_timeout"
else
    echo "$me: no silos to stop (no pid files in ${run_dir#"$root"/})"
fi

if [[ -n "$with_postgres" && -f "$cluster_env" ]] && (load_settings --from-run; [[ -n "${PG_PAIR:-}" ]]); then
    PG_PAIR_DIR="$(load_settings --from-run; echo "$PG_PAIR_DIR")" "$root/deploy/local/pg-pair.sh" stop
elif [[ -n "$with_postgres" ]]; then
    # The data dir the cluster was started with (run/cluster.env), else $PGDATA_DIR or the default.
    pgdata="${PGDATA_DIR:-}"
    if [[ -z "$pgdata" && -f "$cluster_env" ]]; then pgdata="$(load_settings --from-run; echo "$PGDATA_DIR")"; fi
    PGDATA_DIR="${pgdata:-/tmp/refundcluster-pg}" "$root/deploy/postgres/ensure-server.sh" --stop
fi
