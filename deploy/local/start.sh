#!/usr/bin/env bash
# Start a local RefundCluster of $SILOS (3) silos on PostgreSQL, in the background, and wait until all are ready.
#
#   deploy/local/start.sh            # then deploy/local/status.sh, deploy/local/stop.sh
#
# 1. deploy/postgres/ensure-server.sh: a PostgreSQL server on 127.0.0.1:$PGPORT (starts or installs one if needed)
# 2. deploy/postgres/apply.sh: the Orleans schema in database $REFUNDCLUSTER_DB (idempotent)
# 3. dotnet build src/RefundCluster.Silo -c Release (skipped with NO_BUILD=1), then an API key in run/api-key
# 4. silo i = 1..SILOS: silo port SILO_PORT_BASE+i, gateway GATEWAY_PORT_BASE+i, HTTP HTTP_PORT_BASE+i
#    (11111.., 30001.., 5081..), log deploy/local/run/silo-i.log, pid deploy/local/run/silo-i.pid
# 5. waits until every http://127.0.0.1:<http port>/readyz answers 200 (READY_TIMEOUT, 90 s); on timeout it
#    prints the logs' tails, stops the silos (unless KEEP_ON_FAILURE=1) and fails.
# With PG_PAIR=1, steps 1 and 2 are deploy/local/pg-pair.sh start instead: a primary and a synchronous streaming
# standby (data in PG_PAIR_DIR), and the silos connect with its multi-host string (Target Session Attributes=primary),
# so they follow a promotion (deploy/local/pg-pair.sh failover).
# With TLS=1, deploy/local/dev-ca.sh first makes (or reuses) a development CA and a certificate per silo under
# TLS_DIR, and silo i runs with mutual TLS (SiloTls) on its silo and gateway ports with silo-i.crt/.key and ca.crt;
# an Orleans client of the gateway then needs client.crt/.key from there. The HTTP API stays plain HTTP.
#
# Environment: SILOS (3), PGPORT (5432), PGDATA_DIR (/tmp/refundcluster-pg, used only when a server has to be
# started), REFUNDCLUSTER_DB (refundcluster), CLUSTER_ID (refundcluster), SILO_PORT_BASE (11110),
# GATEWAY_PORT_BASE (30000), HTTP_PORT_BASE (5080), TIME_SCALE (passed as --time-scale when set),
# READY_TIMEOUT (90), NO_BUILD, KEEP_ON_FAILURE, TLS (unset: plain text; 1: mutual TLS), TLS_DIR (deploy/local/run/tls),
# PG_PAIR (unset: one server; 1: the pair), PG_PAIR_DIR (/tmp/refundcluster-pg-pair).
set -euo pipefail
me="start.sh"
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 0 ]] || { [[ "$1" == -h || "$1" == --help ]] && { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0; }; die "no arguments expected (settings come from the environment; see --help)"; }

# shellcheck disable=SC2119  # no "--from-run": the settings come from the environment
load_settings
ready_timeout="${READY_TIMEOUT:-90}"
[[ "$ready_timeout" =~ ^[0-9]+$ ]] || die "READY_TIMEOUT must be a number of seconds"
if [[ -n "$TIME_SCALE" && ! "$TIME_SCALE" =~ ^[0-9]+([.][0-9]+)?$ ]]; then die "TIME_SCALE must be a positive number, got '$TIME_SCALE'"; fi

# Nothing of ours may still run, and every port must be free (another silo, another local cluster...).
for i in $(silo_numbers); do
    if pid="$(silo_pid "$i")"; then
        die "silo $i is still running (pid $pid); run deploy/local/stop.sh first"
    fi
    rm -f "$run_dir/silo-$i.pid"
done
busy=()
for (( i = 1; i <= SILOS; i++ )); do
    for p in "$(silo_port "$i")" "$(gateway_port "$i")" "$(http_port "$i")"; do
        port_busy "$p" && busy+=("$p")
    done
done
(( ${#busy[@]} == 0 )) || die "port(s) ${busy[*]} on 127.0.0.1 already in use; free them or move the cluster with SILO_PORT_BASE / GATEWAY_PORT_BASE / HTTP_PORT_BASE"

command -v dotnet >/dev/null || die "dotnet not found (the .NET 10 SDK is needed)"

if [[ -n "$PG_PAIR" ]]; then
    # The pair's database is the one it was first started with (its pair.env), which the string names.
    PG_PAIR_DIR="$PG_PAIR_DIR" REFUNDCLUSTER_DB="$REFUNDCLUSTER_DB" "$root/deploy/local/pg-pair.sh" start
    connection="$(PG_PAIR_DIR="$PG_PAIR_DIR" "$root/deploy/local/pg-pair.sh" connection-string)"
else
    export PGPORT PGDATA_DIR
    "$root/deploy/postgres/ensure-server.sh"
    if ! out="$(PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE="$REFUNDCLUSTER_DB" "$root/deploy/postgres/apply.sh" 2>&1)"; then
        echo "$out" >&2
        die "applying the schema failed"
    fi
    grep -v '^applying ' <<<"$out" || true
    connection="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$REFUNDCLUSTER_DB"
fi

if [[ -z "${NO_BUILD:-}" ]]; then
    echo "$me: dotnet build src/RefundCluster.Silo -c Release"
    build_log="$(mktemp "${TMPDIR:-/tmp}/refundcluster-build.XXXXXX")"
    if ! (cd "$root" && dotnet build src/RefundCluster.Silo -c Release -nologo >"$build_log" 2>&1); then
        grep -E ' error |error:' "$build_log" | sort -u | tail -n 30 >&2 || tail -n 30 "$build_log" >&2
        die "the build failed (full output: $build_log)"
    fi
    rm -f "$build_log"
fi
[[ -f "$silo_bin/$silo_dll" ]] || die "$silo_bin/$silo_dll not found; build it (without NO_BUILD=1)"

mkdir -p "$run_dir"
save_settings
extra=()
[[ -n "$TIME_SCALE" ]] && extra+=(--time-scale "$TIME_SCALE")
if [[ -n "$TLS" ]]; then
    SILOS="$SILOS" TLS_DIR="$TLS_DIR" "$root/deploy/local/dev-ca.sh" || die "making the development certificates failed"
fi

# An API key for this cluster (integrator + operator), made once per database and kept in run/ (mode 600): only its
# hash is in the database, so a lost file, or another REFUNDCLUSTER_DB or server, means a new key (a new id).
key_file="$run_dir/api-key"
key_database="$run_dir/api-key.database"
if [[ ! -s "$key_file" || "$(cat "$key_database" 2>/dev/null)" != "$connection" ]]; then
    out="$(cd "$silo_bin" && dotnet "$silo_dll" keys create --id "local-$(date +%s)" --role integrator,operator --connection "$connection" 2>&1)" \
        || die "creating an API key failed: $out"
    (umask 077; grep -o 'rck\.[^ ]*' <<<"$out" >"$key_file")
    printf '%s\n' "$connection" >"$key_database"
fi

for (( i = 1; i <= SILOS; i++ )); do
    log="$run_dir/silo-$i.log"
    tls=()
    if [[ -n "$TLS" ]]; then
        tls=(--SiloTls:Enabled=true --SiloTls:CertificatePath="$TLS_DIR/silo-$i.crt" --SiloTls:KeyPath="$TLS_DIR/silo-$i.key"
             --SiloTls:CaCertificatePath="$TLS_DIR/ca.crt")
    fi
    # From the build output directory, so the silo finds its appsettings.json (the content root is the working
    # directory); setsid + no stdin: it outlives this script and its terminal.
    (
        cd "$silo_bin"
        exec setsid dotnet "$silo_dll" \
            --storage PostgreSql --connection "$connection" --cluster-id "$CLUSTER_ID" \
            --silo-port "$(silo_port "$i")" --gateway-port "$(gateway_port "$i")" --http-port "$(http_port "$i")" \
            "${extra[@]}" "${tls[@]}" </dev/null >"$log" 2>&1
    ) &
    echo "$!" >"$run_dir/silo-$i.pid"
    disown "$!"  # no "Killed"/"Aborted" job notices from this shell
done

# Wait for every silo's readiness probe (Active in the membership table).
deadline=$(( SECONDS + ready_timeout ))
declare -A ready=()
failed=""
while (( ${#ready[@]} < SILOS )); do
    for (( i = 1; i <= SILOS; i++ )); do
        [[ -n "${ready[$i]:-}" ]] && continue
        if ! alive "$(cat "$run_dir/silo-$i.pid")"; then failed="silo $i exited"; break 2; fi
        http_get "$(http_port "$i")" /readyz
        [[ "$http_code" == 200 ]] && ready[$i]=1
    done
    (( ${#ready[@]} == SILOS )) && break
    if (( SECONDS >= deadline )); then failed="not all silos ready after ${ready_timeout} s"; break; fi
    sleep 1
done

if [[ -n "$failed" ]]; then
    for (( i = 1; i <= SILOS; i++ )); do
        if [[ -n "${ready[$i]:-}" ]]; then echo "---- silo $i: ready" >&2; continue; fi
        http_get "$(http_port "$i")" /readyz
        answer="$http_code ${http_body}"; [[ "$http_code" == 000 ]] && answer="no answer"
        alive "$(cat "$run_dir/silo-$i.pid")" || answer="process exited"
        echo "---- silo $i: not ready (readyz: $answer); last lines of ${run_dir#"$root"/}/silo-$i.log:" >&2
        tail -n 25 "$run_dir/silo-$i.log" >&2 || true
    done
    if [[ -z "${KEEP_ON_FAILURE:-}" ]]; then
        stop_silos 30 >&2
    fi
    die "$failed (logs in $run_dir)"
fi

database="PostgreSQL 127.0.0.1:$PGPORT/$REFUNDCLUSTER_DB"
[[ -n "$PG_PAIR" ]] && database="the PostgreSQL pair in $PG_PAIR_DIR ($connection)"
echo "$me: cluster \"$CLUSTER_ID\" ready: $SILOS silos on $database${TIME_SCALE:+, time scale $TIME_SCALE}${TLS:+, mutual TLS on silo and gateway ports}"
for (( i = 1; i <= SILOS; i++ )); do
    printf '  silo %d  http://127.0.0.1:%-5s  silo 127.0.0.1:%s  gateway %s  pid %s  log %s\n' \
        "$i" "$(http_port "$i")" "$(silo_port "$i")" "$(gateway_port "$i")" "$(cat "$run_dir/silo-$i.pid")" \
        "${run_dir#"$root"/}/silo-$i.log"
done
[[ -n "$TLS" ]] && echo "  TLS: CA and certificates in ${TLS_DIR#"$root"/} (an Orleans client of the gateway: client.crt, client.key, ca.crt)"
echo "  API key (integrator + operator): key=\$(cat ${key_file#"$root"/})   send it as X-Api-Key"
echo "  OpenAPI: http://127.0.0.1:$(http_port 1)/openapi/v1.json   status: deploy/local/status.sh   stop: deploy/local/stop.sh"
