# Shared by deploy/local/{start,stop,status}.sh; sourced, not run.
# shellcheck shell=bash disable=SC2034  # variables used by the scripts that source this

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
run_dir="$root/deploy/local/run"
cluster_env="$run_dir/cluster.env"
silo_project="$root/src/RefundCluster.Silo"
silo_bin="$silo_project/bin/Release/net10.0"
silo_dll="RefundCluster.Silo.dll"

die() { echo "${me:-local}: $*" >&2; exit 1; }

# The settings of a cluster: from the environment for start.sh, from run/cluster.env (what start.sh used)
# for stop.sh and status.sh.
load_settings() {
    if [[ "${1:-}" == "--from-run" && -f "$cluster_env" ]]; then
        # shellcheck disable=SC1090
        source "$cluster_env"
        return
    fi
    SILOS="${SILOS:-3}"
    PGPORT="${PGPORT:-5432}"
    PGDATA_DIR="${PGDATA_DIR:-/tmp/refundcluster-pg}"
    REFUNDCLUSTER_DB="${REFUNDCLUSTER_DB:-refundcluster}"
    CLUSTER_ID="${CLUSTER_ID:-refundcluster}"
    SILO_PORT_BASE="${SILO_PORT_BASE:-11110}"
    GATEWAY_PORT_BASE="${GATEWAY_PORT_BASE:-30000}"
    HTTP_PORT_BASE="${HTTP_PORT_BASE:-5080}"
    TIME_SCALE="${TIME_SCALE:-}"
    TLS="${TLS:-}"
    TLS_DIR="${TLS_DIR:-$run_dir/tls}"
    PG_PAIR="${PG_PAIR:-}"
    PG_PAIR_DIR="${PG_PAIR_DIR:-/tmp/refundcluster-pg-pair}"
    local n
    for n in SILOS PGPORT SILO_PORT_BASE GATEWAY_PORT_BASE HTTP_PORT_BASE; do
        [[ "${!n}" =~ ^[0-9]+$ ]] || die "$n must be a number, got '${!n}'"
    done
    (( SILOS >= 1 )) || die "SILOS must be at least 1"
    [[ -z "$TLS" || "$TLS" == 0 || "$TLS" == 1 ]] || die "TLS must be 1 (mutual TLS between silos) or 0/unset, got '$TLS'"
    [[ "$TLS" == 0 ]] && TLS=""
    [[ -z "$PG_PAIR" || "$PG_PAIR" == 0 || "$PG_PAIR" == 1 ]] || die "PG_PAIR must be 1 (a primary and a synchronous standby) or 0/unset, got '$PG_PAIR'"
    [[ "$PG_PAIR" == 0 ]] && PG_PAIR=""
    return 0
}

save_settings() {
    mkdir -p "$run_dir"
    {
        local n
        for n in SILOS PGPORT PGDATA_DIR REFUNDCLUSTER_DB CLUSTER_ID SILO_PORT_BASE GATEWAY_PORT_BASE HTTP_PORT_BASE TIME_SCALE TLS TLS_DIR PG_PAIR PG_PAIR_DIR; do
            printf '%s=%q\n' "$n" "${!n}"
        done
    } >"$cluster_env"
}

silo_port()    { echo $(( SILO_PORT_BASE + $1 )); }
gateway_port() { echo $(( GATEWAY_PORT_BASE + $1 )); }
http_port()    { echo $(( HTTP_PORT_BASE + $1 )); }

# The pid in run/silo-$i.pid if that process is alive and is one of our silos (not a recycled pid).
silo_pid() {
    local file="$run_dir/silo-$1.pid" pid
    [[ -f "$file" ]] || return 1
    pid="$(cat "$file")"
    [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$silo_dll" || return 1
    [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$silo_bin" ]] || return 1  # ours, not a test's silo
    echo "$pid"
}

# Silo numbers that have a pid file, in order.
silo_numbers() {
    local f
    for f in "$run_dir"/silo-*.pid; do
        [[ -e "$f" ]] || continue
        f="${f##*/silo-}"; echo "${f%.pid}"
    done | sort -n
}

# A running process (a zombie waiting for a parent that may never reap it does not count).
alive() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [[ "${stat%% *}" != "Z" ]]
}

# Something accepts TCP connections on 127.0.0.1:$1.
port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# GET http://127.0.0.1:$1$2 -> sets http_code (000 when nothing answers) and http_body. curl if present,
# else plain bash, so a machine with only the .NET SDK works too.
http_get() {
    local port="$1" path="$2" out
    http_code="000"; http_body=""
    if command -v curl >/dev/null; then
        out="$(curl -s --max-time 3 -w '\n%{http_code}' "http://127.0.0.1:$port$path" 2>/dev/null)" || true
        [[ -n "$out" ]] || return 0
        http_code="${out##*$'\n'}"; http_body="${out%$'\n'*}"
        [[ "$http_code" =~ ^[0-9]{3}$ ]] || http_code="000"
    else
        out="$(timeout 3 bash -c '
            exec 3<>/dev/tcp/127.0.0.1/'"$port"' || exit 1
            printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "'"$path"'" >&3
            cat <&3' 2>/dev/null | tr -d '\r')" || true
        [[ "$out" == HTTP/* ]] || return 0
        http_code="$(head -n 1 <<<"$out" | cut -d' ' -f2)"
        http_body="${out#*$'\n\n'}"
    fi
}

# Stops the silos that have pid files: SIGTERM, up to $1 seconds for a graceful shutdown (Orleans hands its
# grains over and marks itself Dead in the membership table), then SIGKILL. Removes the pid files.
stop_silos() {
    local timeout="${1:-30}" i pid
    local -A pids=()
    for i in $(silo_numbers); do
        if pid="$(silo_pid "$i")"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids[$i]="$pid"
        else
            echo "silo $i: not running"
            rm -f "$run_dir/silo-$i.pid"
        fi
    done
    local deadline=$(( SECONDS + timeout ))
    while (( ${#pids[@]} )); do
        for i in $(printf '%s\n' "${!pids[@]}" | sort -n); do
            if ! alive "${pids[$i]}"; then
                echo "silo $i: stopped (pid ${pids[$i]})"
                rm -f "$run_dir/silo-$i.pid"; unset "pids[$i]"
            fi
        done
        (( ${#pids[@]} )) || break
        if (( SECONDS >= deadline )); then
            for i in $(printf '%s\n' "${!pids[@]}" | sort -n); do
                kill -KILL "${pids[$i]}" 2>/dev/null || true
                echo "silo $i: killed (pid ${pids[$i]}) after ${timeout} s without a graceful shutdown"
                rm -f "$run_dir/silo-$i.pid"
            done
            break
        fi
        sleep 0.5
    done
}
