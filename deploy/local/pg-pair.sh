#!/usr/bin/env bash
# A local high-availability PostgreSQL pair: a primary and a streaming standby with synchronous commit (a commit is
# acknowledged only once the standby has flushed it), both on 127.0.0.1, both data dirs under $PG_PAIR_DIR. The
# failover is done by this script (kill the primary, promote the standby); in production an operator does it
# (Patroni, CloudNativePG, pg_auto_failover or a managed service: see deploy/kubernetes/README.md; docs/operations.md's
# "Database high availability" says how the silos connect and what the failover test measured).
#
#   deploy/local/pg-pair.sh start              # init (first time) and start both, apply the schema, print the string
#   deploy/local/pg-pair.sh connection-string  # the silos' multi-host Npgsql connection string
#   deploy/local/pg-pair.sh status             # each node: port, pid, role; the primary's replication state
#   deploy/local/pg-pair.sh kill-primary       # SIGKILL the primary's postmaster and all its processes (a crash)
#   deploy/local/pg-pair.sh kill-primary --immediate   # pg_ctl stop -m immediate instead
#   deploy/local/pg-pair.sh promote            # promote the standby (pg_ctl promote -w); it runs alone, unsynchronised
#   deploy/local/pg-pair.sh failover [SECONDS] # kill-primary, wait SECONDS (0; an operator's detection time), promote
#   deploy/local/pg-pair.sh rejoin             # the old primary, rewound (pg_rewind), back as synchronous standby
#   deploy/local/pg-pair.sh stop               # stop both (fast shutdown)
#   deploy/local/pg-pair.sh clean              # stop both and remove $PG_PAIR_DIR
#
# Nodes are "a" and "b"; the replication application_name of each is node_a / node_b. start is idempotent: running
# nodes are left alone, a stopped one is started in its recorded role, and a node that was the primary before a
# failover is rewound and rejoins as the standby (never two primaries). With one synchronous standby, writes wait
# while the standby is down; after a promotion the new primary runs without a synchronous standby until rejoin.
#
# Environment: PG_PAIR_DIR (/tmp/refundcluster-pg-pair), PG_PAIR_PORT_A / PG_PAIR_PORT_B (first start only; default
# the first free ports from 5441), REFUNDCLUSTER_DB (refundcluster), PG_BIN_ROOT (/usr/lib/postgresql),
# PG_PAIR_HOST_RECHECK (Npgsql "Host Recheck Seconds" in the printed string, 2), PG_START_TIMEOUT (seconds, 120).
# Runs as the current user, or, as root, runs the servers as the "postgres" OS user (PostgreSQL refuses root).
set -euo pipefail
me="pg-pair.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

dir="${PG_PAIR_DIR:-/tmp/refundcluster-pg-pair}"
dir="${dir%/}"
bin_root="${PG_BIN_ROOT:-/usr/lib/postgresql}"
start_timeout="${PG_START_TIMEOUT:-120}"
host_recheck="${PG_PAIR_HOST_RECHECK:-2}"
state="$dir/pair.env"

die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

[[ "$dir" == /* ]] || die "PG_PAIR_DIR must be an absolute path, got '$dir'"
[[ "$start_timeout" =~ ^[0-9]+$ ]] || die "PG_START_TIMEOUT must be a number of seconds"
[[ "$host_recheck" =~ ^[0-9]+$ ]] || die "PG_PAIR_HOST_RECHECK must be a number of seconds"

# ---- helpers -------------------------------------------------------------------------------------------------------

port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

free_port_from() {
    local p="$1" taken="${2:-}"
    while port_busy "$p" || [[ "$p" == "$taken" ]]; do p=$(( p + 1 )); done
    echo "$p"
}

find_bindir() {
    local want="${1:-}" d best=""
    for d in $(printf '%s\n' "$bin_root"/*/bin | sort -V); do
        [[ -x "$d/postgres" && -x "$d/pg_ctl" && -x "$d/initdb" && -x "$d/pg_basebackup" && -x "$d/pg_rewind" ]] || continue
        if [[ -n "$want" ]]; then [[ "$d" == "$bin_root/$want/bin" ]] && best="$d"; else best="$d"; fi
    done
    echo "$best"
}

# Who runs the servers: "postgres" as root (PostgreSQL refuses to run as root), else the current user.
owner="$(id -un)"
if [[ $EUID -eq 0 ]]; then
    owner="postgres"
    id postgres >/dev/null 2>&1 || die "running as root needs the OS user \"postgres\" (the Debian postgresql package creates it)"
fi
run_as() {
    if [[ "$owner" == "$(id -un)" ]]; then (cd / && "$@")
    elif command -v runuser >/dev/null; then (cd / && runuser -u "$owner" -- "$@")
    else (cd / && su -s /bin/bash "$owner" -c "$(printf '%q ' "$@")")
    fi
}

node_dir()  { echo "$dir/node-$1"; }
# The node's server log (pg_ctl -l, initdb, pg_basebackup, pg_rewind), made and owned by the server's OS user.
node_log()  {
    local log="$dir/node-$1.log"
    [[ -e "$log" ]] || { : >"$log"; [[ "$owner" == "$(id -un)" ]] || chown "$owner": "$log"; }
    echo "$log"
}
node_port() { if [[ "$1" == a ]]; then echo "$PORT_A"; else echo "$PORT_B"; fi; }
other()     { if [[ "$1" == a ]]; then echo b; else echo a; fi; }

load_state() {
    [[ -f "$state" ]] || return 1
    # shellcheck disable=SC1090
    source "$state"
    [[ "${PORT_A:-}" =~ ^[0-9]+$ && "${PORT_B:-}" =~ ^[0-9]+$ && "${PRIMARY:-}" =~ ^[ab]$ && -n "${DB:-}" ]] \
        || die "$state is damaged; remove $dir (deploy/local/pg-pair.sh clean) and start again"
}

save_state() {
    local tmp="$state.tmp"
    printf 'PORT_A=%q\nPORT_B=%q\nDB=%q\nPRIMARY=%q\n' "$PORT_A" "$PORT_B" "$DB" "$PRIMARY" >"$tmp"
    mv "$tmp" "$state"
}

require_state() { load_state || die "no pair in $dir (run: deploy/local/pg-pair.sh start)"; }

# The live postmaster of node $1 (postmaster.pid names a running postgres process working in that dir).
postmaster_pid() {
    local data pidfile pid cwd
    data="$(node_dir "$1")"; pidfile="$data/postmaster.pid"
    [[ -f "$pidfile" ]] || return 1
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ && -d "/proc/$pid" ]] || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres* ]] || return 1
    if cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" && [[ -n "$cwd" ]]; then
        [[ "$cwd" == "$(readlink -f "$data")" ]] || return 1
    fi
    echo "$pid"
}

psql_node() {
    local node="$1"; shift
    PGCONNECT_TIMEOUT=3 "$bindir/psql" -X -w -q -At -h 127.0.0.1 -p "$(node_port "$node")" -U postgres -d postgres "$@" </dev/null
}

# primary | standby | down (not running or not answering)
role() {
    local r
    postmaster_pid "$1" >/dev/null || { echo down; return; }
    r="$(psql_node "$1" -c 'select pg_is_in_recovery()' 2>/dev/null)" || { echo down; return; }
    if [[ "$r" == f ]]; then echo primary; elif [[ "$r" == t ]]; then echo standby; else echo down; fi
}

wait_answering() {
    local node="$1" deadline=$(( SECONDS + start_timeout ))
    until psql_node "$node" -c 'select 1' >/dev/null 2>&1; do
        (( SECONDS < deadline )) || die "node $node does not answer on 127.0.0.1:$(node_port "$node") after ${start_timeout} s (log: $(node_log "$node"))"
        sleep 0.3
    done
}

start_node() {
    local node="$1" data log port opts
    data="$(node_dir "$node")"; log="$(node_log "$node")"; port="$(node_port "$node")"
    if postmaster_pid "$node" >/dev/null; then wait_answering "$node"; return 0; fi
    port_busy "$port" && die "port $port (node $node) is taken by another server; remove $dir or free the port"
    # A crash leaves postmaster.pid behind; no live postmaster owns this dir (checked above), so it is stale.
    rm -f "$data/postmaster.pid" "$data"/.s.PGSQL.*
    # TCP only: a Unix socket in the data dir would stop pg_rewind (it cannot copy one).
    opts="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c cluster_name=node_$node"
    if ! run_as "$bindir/pg_ctl" -D "$data" -l "$log" -o "$opts" -w -t "$start_timeout" start >/dev/null 2>&1; then
        tail -n 20 "$log" >&2 2>/dev/null || true
        die "pg_ctl start failed for node $node on 127.0.0.1:$port (log: $log)"
    fi
    wait_answering "$node"
}

# The standby's own postgresql.auto.conf must not name a synchronous standby: it would be the primary's list, and
# after a promotion the new primary would wait for itself. Set on the primary only, with ALTER SYSTEM.
drop_sync_names() {
    local auto; auto="$(node_dir "$1")/postgresql.auto.conf"
    [[ -f "$auto" ]] && run_as sed -i '/^synchronous_standby_names/d' "$auto"
    return 0
}

require_sync_standby() {
    local primary="$1" standby="$2"
    psql_node "$primary" -c "alter system set synchronous_standby_names = 'node_$standby'" -c 'select pg_reload_conf()' >/dev/null
}

# Waits until the primary reports the standby streaming and synchronous.
wait_sync() {
    local primary="$1" standby="$2" deadline=$(( SECONDS + start_timeout )) s
    while true; do
        s="$(psql_node "$primary" -c "select state || '/' || sync_state from pg_stat_replication where application_name = 'node_$standby'" 2>/dev/null || true)"
        [[ "$s" == streaming/sync ]] && return 0
        (( SECONDS < deadline )) || die "node $standby is not a synchronous streaming standby of node $primary after ${start_timeout} s (pg_stat_replication: '${s:-none}'; logs in $dir)"
        sleep 0.3
    done
}

init_primary() {
    local node="$1" data; data="$(node_dir "$node")"
    mkdir -p "$data"; chown "$owner": "$data" 2>/dev/null || true; chmod 700 "$data"
    local initlog; initlog="$(node_log "$node")"
    if ! run_as "$bindir/initdb" -D "$data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >>"$initlog" 2>&1 \
        && ! { rm -rf "${data:?}"/*; run_as "$bindir/initdb" -D "$data" --auth=trust -U postgres -E UTF8 --locale=C >>"$initlog" 2>&1; }; then
        tail -n 20 "$initlog" >&2
        die "initdb failed for node $node (log: $initlog)"
    fi
    # Copied to the standby by pg_basebackup: both nodes run the same settings. wal_log_hints lets pg_rewind turn a
    # failed primary back into a standby; wal_keep_size keeps the WAL a briefly lagging standby still needs.
    run_as tee -a "$data/postgresql.conf" >/dev/null <<'CONF'

# ---- deploy/local/pg-pair.sh ----
wal_level = replica
max_wal_senders = 10
hot_standby = on
wal_log_hints = on
wal_keep_size = '512MB'
synchronous_commit = on
max_connections = 300
shared_buffers = '128MB'
CONF
}

# Node $1 becomes a streaming standby of node $2: a base backup when it has no data yet, else pg_rewind.
make_standby() {
    local node="$1" source="$2" data conninfo
    data="$(node_dir "$node")"
    conninfo="host=127.0.0.1 port=$(node_port "$source") user=postgres application_name=node_$node"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        mkdir -p "$data"; chown "$owner": "$data" 2>/dev/null || true; chmod 700 "$data"
        if ! run_as "$bindir/pg_basebackup" -D "$data" -d "$conninfo" -R -X stream -c fast >>"$(node_log "$node")" 2>&1; then
            tail -n 20 "$(node_log "$node")" >&2
            die "pg_basebackup of node $node from node $source failed"
        fi
    else
        # The old primary may hold commits the new one never got (not acknowledged: they waited for the standby):
        # pg_rewind winds it back to the fork point (running crash recovery first if it was killed) and -R makes it
        # a standby of the new primary. It compares timelines from the source's control file, which a promotion
        # updates only at its first checkpoint: force that, or pg_rewind sees one timeline and rewinds nothing.
        psql_node "$source" -c checkpoint >/dev/null || die "checkpoint on node $source failed"
        if ! run_as "$bindir/pg_rewind" -D "$data" --source-server="$conninfo dbname=postgres" -R >>"$(node_log "$node")" 2>&1; then
            tail -n 20 "$(node_log "$node")" >&2
            die "pg_rewind of node $node from node $source failed; remove $(node_dir "$node") and run start to re-clone it"
        fi
    fi
    drop_sync_names "$node"
}

print_connection_string() {
    echo "Host=127.0.0.1:$PORT_A,127.0.0.1:$PORT_B;Target Session Attributes=primary;Host Recheck Seconds=$host_recheck;Username=postgres;Database=$DB"
}

# Whether a process still runs (a zombie nobody reaped yet does not).
alive() {
    local state
    state="$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z ]]
}

# Sets killed_at to the instant (UTC, ms) the signal went out, for a failover's timeline.
kill_node() {
    local node="$1" how="$2" pid data children
    data="$(node_dir "$node")"
    pid="$(postmaster_pid "$node")" || { say "node $node is not running"; return 0; }
    killed_at="$(date -u +%H:%M:%S.%3N)"
    if [[ "$how" == immediate ]]; then
        run_as "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
    else
        # A crash: the postmaster and every backend, WAL sender, checkpointer... at once, by pid (SIGKILL).
        # Its children from /proc (no procps on a slim Debian): "pid (comm) state ppid ...", comm may hold spaces.
        children="$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$pid" '{ id = $1; sub(/^.*\) /, ""); if ($2 == p) printf "%s ", id }')"
        # shellcheck disable=SC2086
        kill -KILL "$pid" $children 2>/dev/null || true
        local deadline=$(( SECONDS + 10 ))
        while alive "$pid" && (( SECONDS < deadline )); do sleep 0.05; done
    fi
}

do_kill_primary() {
    local how="$1" node
    require_state
    node="$PRIMARY"
    [[ "$(role "$node")" == primary ]] || { say "node $node (the recorded primary) is not running as primary; nothing to kill"; return 0; }
    killed_at=""
    kill_node "$node" "$how"
    say "killed the primary, node $node on 127.0.0.1:$(node_port "$node") ($how) at ${killed_at:-$(date -u +%H:%M:%S.%3N)}"
}

do_promote() {
    require_state
    local old="$PRIMARY" new t0
    new="$(other "$old")"
    case "$(role "$new")" in
        primary)
            [[ "$(role "$old")" == primary ]] && die "both nodes are primaries; stop one by hand"
            PRIMARY="$new"; save_state
            say "node $new is the primary already"; return 0 ;;
        down) die "node $new (the standby) is not running; nothing to promote" ;;
    esac
    [[ "$(role "$old")" == primary ]] && die "node $old is still a running primary: kill it first (kill-primary), never two primaries"
    t0="$(now)"
    # Record the switch first: a start from now on treats node $old as the one to rewind, never as a primary.
    PRIMARY="$new"; save_state
    run_as "$bindir/pg_ctl" -D "$(node_dir "$new")" -w -t "$start_timeout" promote >/dev/null \
        || die "pg_ctl promote of node $new failed (log: $(node_log "$new"))"
    local deadline=$(( SECONDS + start_timeout ))
    until [[ "$(role "$new")" == primary ]]; do
        (( SECONDS < deadline )) || die "node $new did not come up as primary within ${start_timeout} s of its promotion (log: $(node_log "$new"))"
        sleep 0.1
    done
    say "promoted node $new on 127.0.0.1:$(node_port "$new") to primary in $(elapsed "$t0" "$(now)") s at $(date -u +%H:%M:%S.%3N); it has no synchronous standby until: deploy/local/pg-pair.sh rejoin"
}

do_rejoin() {
    require_state
    local primary="$PRIMARY" standby
    standby="$(other "$primary")"
    [[ "$(role "$primary")" == primary ]] || die "node $primary (the recorded primary) is not running as primary"
    case "$(role "$standby")" in
        standby) require_sync_standby "$primary" "$standby"; wait_sync "$primary" "$standby"; say "node $standby is the synchronous standby already"; return 0 ;;
        primary) die "node $standby runs as a second primary; stop it (it is not the recorded one) and run rejoin" ;;
    esac
    if postmaster_pid "$standby" >/dev/null; then
        run_as "$bindir/pg_ctl" -D "$(node_dir "$standby")" -m fast -w stop >/dev/null || true
    fi
    if [[ ! -f "$(node_dir "$standby")/standby.signal" ]]; then
        make_standby "$standby" "$primary"
    fi
    drop_sync_names "$standby"
    start_node "$standby"
    require_sync_standby "$primary" "$standby"
    wait_sync "$primary" "$standby"
    say "node $standby on 127.0.0.1:$(node_port "$standby") rejoined as the synchronous standby of node $primary"
}

do_start() {
    bindir="$(find_bindir)"
    [[ -n "$bindir" ]] || die "no PostgreSQL server binaries under $bin_root (apt-get install postgresql, or run deploy/postgres/ensure-server.sh once as root)"
    if [[ ! -d "$dir" ]]; then mkdir -p "$dir"; fi
    [[ $EUID -eq 0 ]] && chown "$owner": "$dir"
    if ! load_state; then
        [[ -z "$(ls -A "$dir")" ]] || die "$dir is not empty and holds no pair (no pair.env); remove it or set PG_PAIR_DIR"
        PORT_A="${PG_PAIR_PORT_A:-$(free_port_from 5441)}"
        PORT_B="${PG_PAIR_PORT_B:-$(free_port_from $(( PORT_A + 1 )) "$PORT_A")}"
        DB="${REFUNDCLUSTER_DB:-refundcluster}"
        PRIMARY=a
        [[ "$PORT_A" =~ ^[0-9]+$ && "$PORT_B" =~ ^[0-9]+$ && "$PORT_A" != "$PORT_B" ]] || die "PG_PAIR_PORT_A and PG_PAIR_PORT_B must be two different numbers"
        for p in "$PORT_A" "$PORT_B"; do port_busy "$p" && die "port $p on 127.0.0.1 is in use; set PG_PAIR_PORT_A / PG_PAIR_PORT_B"; done
        save_state
    fi
    local want; want="$(cat "$(node_dir "$PRIMARY")/PG_VERSION" 2>/dev/null || true)"
    [[ -n "$want" ]] && bindir="$(find_bindir "$want")"
    [[ -n "$bindir" ]] || die "the pair was initialised by PostgreSQL $want, which is not installed"

    local primary="$PRIMARY" standby
    standby="$(other "$primary")"
    [[ -f "$(node_dir "$primary")/PG_VERSION" ]] || init_primary "$primary"
    [[ "$(role "$standby")" == primary ]] && die "node $standby runs as a primary but node $primary is the recorded one; stop node $standby first"
    start_node "$primary"
    [[ "$(role "$primary")" == primary ]] || die "node $primary started but is not a primary (see $(node_log "$primary"))"

    if [[ "$(role "$standby")" != standby ]]; then
        if [[ ! -f "$(node_dir "$standby")/standby.signal" ]]; then
            make_standby "$standby" "$primary"   # a first clone, or the old primary after a failover
        fi
        drop_sync_names "$standby"
        start_node "$standby"
    fi
    require_sync_standby "$primary" "$standby"
    wait_sync "$primary" "$standby"

    local out
    if ! out="$(PGHOST=127.0.0.1 PGPORT="$(node_port "$primary")" PGUSER=postgres PGDATABASE="$DB" "$root/deploy/postgres/apply.sh" 2>&1)"; then
        echo "$out" >&2
        die "applying the schema on node $primary failed"
    fi
    say "${out##*$'\n'}"
    say "primary node $primary on 127.0.0.1:$(node_port "$primary"), synchronous standby node $standby on 127.0.0.1:$(node_port "$standby")"
    echo "  data and logs: $dir    connection string (ConnectionStrings__RefundCluster / --connection):"
    echo "  $(print_connection_string)"
}

do_status() {
    require_state
    local node pid r note
    for node in a b; do
        r="$(role "$node")"; pid="$(postmaster_pid "$node" || echo -)"
        note=""; [[ "$node" == "$PRIMARY" ]] && note="  (recorded primary)"
        printf 'node %s  127.0.0.1:%-5s  pid %-7s  %s%s\n' "$node" "$(node_port "$node")" "$pid" "$r" "$note"
        if [[ "$r" == primary ]]; then
            psql_node "$node" -F ' ' -c "select '  replica ' || application_name, state, sync_state, 'replay lag ' || coalesce(replay_lag::text, '0') from pg_stat_replication" 2>/dev/null || true
            printf '  synchronous_standby_names = %s\n' "$(psql_node "$node" -c 'show synchronous_standby_names' 2>/dev/null || echo '?')"
        fi
    done
}

do_stop() {
    load_state || { say "no pair in $dir; nothing to stop"; return 0; }
    local node pid
    # The standby first: a primary stopping with its synchronous standby gone would make nothing wait, but a
    # standby stopped second would only log reconnect attempts.
    for node in "$(other "$PRIMARY")" "$PRIMARY"; do
        if pid="$(postmaster_pid "$node")"; then
            run_as "$bindir/pg_ctl" -D "$(node_dir "$node")" -m fast -w -t 60 stop >/dev/null || die "pg_ctl stop failed for node $node (pid $pid)"
            say "stopped node $node (pid $pid)"
        fi
    done
}

# ---- main ----------------------------------------------------------------------------------------------------------
command="${1:-}"
[[ $# -gt 0 ]] && shift
bindir="$(find_bindir)"
if [[ -f "$state" && -n "$bindir" ]]; then
    load_state
    v="$(cat "$(node_dir "$PRIMARY")/PG_VERSION" 2>/dev/null || true)"
    [[ -n "$v" && -n "$(find_bindir "$v")" ]] && bindir="$(find_bindir "$v")"
fi

case "$command" in
    start) [[ $# -eq 0 ]] || die "start takes no arguments"; do_start ;;
    connection-string|conn) require_state; print_connection_string ;;
    status) [[ -n "$bindir" ]] || die "no PostgreSQL binaries"; do_status ;;
    kill-primary)
        how="kill"
        case "${1:-}" in "") ;; --immediate) how=immediate ;; *) die "kill-primary takes only --immediate" ;; esac
        do_kill_primary "$how" ;;
    promote) do_promote ;;
    failover)
        wait_s="${1:-0}"
        [[ "$wait_s" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "failover takes a number of seconds to wait between the kill and the promotion"
        t0="$(now)"
        do_kill_primary kill
        sleep "$wait_s"
        do_promote
        say "failover done $(elapsed "$t0" "$(now)") s after the kill" ;;
    rejoin) do_rejoin ;;
    stop) do_stop ;;
    clean)
        do_stop
        if [[ -d "$dir" ]]; then
            [[ -f "$state" ]] || die "$dir holds no pair.env; not removing it"
            rm -rf "$dir"; say "removed $dir"
        fi
        ;;
    -h|--help|help) usage ;;
    "") usage >&2; exit 2 ;;
    *) die "unknown command '$command' (start, connection-string, status, kill-primary, promote, failover, rejoin, stop, clean)" ;;
esac
