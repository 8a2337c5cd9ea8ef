#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:${PGPORT:-5432} with a "postgres" superuser that
# 127.0.0.1 reaches with trust auth (what deploy/local/, deploy/postgres/verify and the CI use).
#
#   deploy/postgres/ensure-server.sh          # ensure it runs (idempotent)
#   deploy/postgres/ensure-server.sh --stop   # stop the private server in $PGDATA_DIR, if it runs
#                                             # (PG_STOP_MODE=immediate: without a checkpoint, as on a crash)
#
# - Something already answers on the port (any server, e.g. one you started yourself): it only checks
#   `psql -h 127.0.0.1 -U postgres -c 'select 1'` and never touches that server.
# - Nothing answers: it uses the newest /usr/lib/postgresql/*/bin (installing the Debian "postgresql" package
#   first if there is none: as root, or through `sudo -n`), initdb's a private data dir ($PGDATA_DIR, default
#   /tmp/refundcluster-pg; trust auth, superuser "postgres", UTF8) unless it exists already, and starts it
#   with pg_ctl on 127.0.0.1:$PGPORT. No systemd and no pg_ctlcluster: it works in a container as root. As
#   root the data dir belongs to the "postgres" OS user; otherwise to the current user.
#
# Environment: PGPORT (5432), PGDATA_DIR (/tmp/refundcluster-pg), PG_BIN_ROOT (/usr/lib/postgresql),
#              PG_START_TIMEOUT (seconds, 120), PG_STOP_MODE (pg_ctl's -m for --stop: smart, fast, immediate; fast).
# Prints one line saying what it did; exits non-zero with a message on stderr when it cannot.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

me="ensure-server.sh"
port="${PGPORT:-5432}"
datadir="${PGDATA_DIR:-/tmp/refundcluster-pg}"
datadir="${datadir%/}"
bin_root="${PG_BIN_ROOT:-/usr/lib/postgresql}"
start_timeout="${PG_START_TIMEOUT:-120}"
mode="ensure"
stop_mode="${PG_STOP_MODE:-fast}"

case "${1:-}" in
    "") ;;
    --stop) mode="stop" ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "$me: unknown argument '$1' (use --stop or nothing)" >&2; exit 2 ;;
esac

die() { echo "$me: $*" >&2; exit 1; }

[[ "$port" =~ ^[0-9]+$ ]] || die "PGPORT must be a number, got '$port'"
[[ "$datadir" == /* ]] || die "PGDATA_DIR must be an absolute path, got '$datadir'"
[[ "$stop_mode" =~ ^(smart|fast|immediate)$ ]] || die "PG_STOP_MODE must be smart, fast or immediate, got '$stop_mode'"

# Something accepts TCP connections on 127.0.0.1:$port (no client tools needed).
listening() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; }

# Newest server installation: a bin dir with postgres, pg_ctl and initdb (optionally of one major version).
find_bindir() {
    local want="${1:-}" dir best=""
    for dir in $(printf '%s\n' "$bin_root"/*/bin | sort -V); do
        [[ -x "$dir/postgres" && -x "$dir/pg_ctl" && -x "$dir/initdb" ]] || continue
        if [[ -n "$want" ]]; then [[ "$dir" == "$bin_root/$want/bin" ]] && best="$dir"; else best="$dir"; fi
    done
    echo "$best"
}

# Run a command as root: directly, or through passwordless sudo.
have_root() { [[ $EUID -eq 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }
as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n env DEBIAN_FRONTEND=noninteractive "$@"; fi
} 9<&-

apt_log=""
apt_install() {
    command -v apt-get >/dev/null || die "need to install $* but there is no apt-get; install PostgreSQL (server and client) yourself"
    have_root || die "need to install $* (apt-get) but this is not root and there is no passwordless sudo; run this script as root, or install PostgreSQL yourself"
    apt_log="$(mktemp "${TMPDIR:-/tmp}/ensure-server-apt.XXXXXX")"
    local added_policy=""
    # Debian's package would otherwise try to start its own "main" cluster (service scripts, port 5432):
    # forbid service starts during the install unless a policy is in place already (Docker images have one).
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        added_policy=1
        trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT  # also when interrupted
    fi
    local ok=1
    as_root apt-get update -q </dev/null >>"$apt_log" 2>&1 \
        && as_root apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 \
               -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" </dev/null >>"$apt_log" 2>&1 \
        || ok=0
    if [[ -n "$added_policy" ]]; then as_root rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
    if (( ! ok )); then
        tail -n 20 "$apt_log" >&2
        die "apt-get install $* failed (full output: $apt_log)"
    fi
    rm -f "$apt_log"
}

psql_bin() {
    if command -v psql >/dev/null; then command -v psql
    elif [[ -n "${bindir:-}" && -x "$bindir/psql" ]]; then echo "$bindir/psql"
    fi
}

# The check every path ends with: the postgres superuser over TCP, no password prompt.
check_trust() {
    local psql out
    psql="$(psql_bin)"
    if [[ -z "$psql" ]]; then
        apt_install postgresql-client
        psql="$(psql_bin)"
        [[ -n "$psql" ]] || die "psql still not found after installing postgresql-client"
    fi
    if ! out="$(PGCONNECT_TIMEOUT=5 "$psql" -X -w -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'select 1' </dev/null 2>&1)" \
        || [[ "$out" != "1" ]]; then
        die "a server answers on 127.0.0.1:$port but \`psql -h 127.0.0.1 -p $port -U postgres -c 'select 1'\` failed: ${out//$'\n'/ }
$me: it needs a superuser \"postgres\" with trust auth from 127.0.0.1; or pick a free port (PGPORT=5433) to get a private server"
    fi
    PGCONNECT_TIMEOUT=5 "$psql" -X -w -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'show server_version' </dev/null 2>/dev/null || true
}

# Who runs initdb/pg_ctl: the data dir's owner if it exists, else "postgres" as root, else the current user.
owner=""
run_as() {
    if [[ "$owner" == "$(id -un)" ]]; then "$@"
    elif command -v runuser >/dev/null; then runuser -u "$owner" -- "$@"
    else su -s /bin/bash "$owner" -c "$(printf '%q ' "$@")"
    fi
} 9<&-  # the server must not inherit (and hold forever) the lock below
pick_owner() {
    owner=""
    if [[ -e "$datadir" ]]; then owner="$(stat -c %U "$datadir")"; fi
    if [[ $EUID -eq 0 && ( -z "$owner" || ( "$owner" == "root" && -z "$(ls -A "$datadir")" ) ) ]]; then
        owner="postgres"  # nothing there yet, or an empty dir made by root: chowned before initdb
    elif [[ -z "$owner" ]]; then
        owner="$(id -un)"
    fi
    [[ "$owner" != "root" ]] || die "$datadir belongs to root, but PostgreSQL refuses to run as root; remove it or chown it to postgres"
    if [[ "$owner" != "$(id -un)" && $EUID -ne 0 ]]; then
        die "$datadir belongs to $owner; run this as $owner or as root, or set PGDATA_DIR to a directory of your own"
    fi
    id "$owner" >/dev/null 2>&1 || die "OS user \"$owner\" does not exist (the Debian postgresql package creates \"postgres\")"
}

# The live postmaster of $datadir, if any (postmaster.pid names a running "postgres" process).
live_postmaster() {
    local pidfile="$datadir/postmaster.pid" pid
    [[ -f "$pidfile" ]] || return 1
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ && -d "/proc/$pid" ]] || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres* ]] || return 1
    # A postmaster works in its data dir: a recycled pid of another server (if we may look) does not count.
    local cwd
    if cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" && [[ -n "$cwd" ]]; then
        [[ "$cwd" == "$(readlink -f "$datadir")" ]] || return 1
    fi
    echo "$pid"
}

# ---------------------------------------------------------------------------------------------------------
if [[ "$mode" == "stop" ]]; then
    if pid="$(live_postmaster)"; then
        pick_owner
        bindir="$(find_bindir "$(cat "$datadir/PG_VERSION" 2>/dev/null || true)")"
        [[ -n "$bindir" ]] || bindir="$(find_bindir)"
        [[ -n "$bindir" ]] || die "a server (pid $pid) runs from $datadir but no pg_ctl was found under $bin_root"
        (cd / && run_as "$bindir/pg_ctl" -D "$datadir" -m "$stop_mode" -w -t 60 stop >/dev/null) \
            || die "pg_ctl stop failed for $datadir (pid $pid)"
        echo "$me: stopped the PostgreSQL server from $datadir (pid $pid, $stop_mode shutdown)"
    else
        echo "$me: no PostgreSQL server runs from $datadir; nothing to stop"
    fi
    exit 0
fi

already_running() {
    listening || return 1
    version="$(check_trust)" || exit $?
    echo "$me: PostgreSQL ${version:-?} already answers on 127.0.0.1:$port; nothing to do"
}
already_running && exit 0

# Two of us at once (two CI steps, two terminals) must not both initdb/start: take a lock on the data dir's
# parent directory (no lock file left behind), then look again.
parent="$(dirname "$datadir")"
mkdir -p "$parent"
if command -v flock >/dev/null && { exec 9<"$parent"; } 2>/dev/null; then
    flock -w 300 9 || die "waited 300 s for the lock on $parent"
fi
already_running && exit 0

# Nothing listens: start (and if needed install and initialise) the private server.
did=()
want_version=""
[[ -f "$datadir/PG_VERSION" ]] && want_version="$(cat "$datadir/PG_VERSION")"
bindir="$(find_bindir "$want_version")"
if [[ -z "$bindir" ]]; then
    if [[ -n "$want_version" && -n "$(find_bindir)" ]]; then
        die "$datadir was initialised by PostgreSQL $want_version, which is not installed ($(find_bindir) is); remove $datadir or set PGDATA_DIR"
    fi
    apt_install postgresql
    did+=("installed the postgresql package")
    # The package's postinst may have started its own cluster despite everything: then that one answers.
    if listening; then
        version="$(check_trust)"
        echo "$me: ${did[*]}; PostgreSQL ${version:-?} answers on 127.0.0.1:$port"
        exit 0
    fi
    bindir="$(find_bindir "$want_version")"
    [[ -n "$bindir" ]] || die "installed postgresql, but found no server binaries under $bin_root/*/bin"
fi

pick_owner

if pid="$(live_postmaster)"; then
    # Its own server is alive but did not answer on our port: still starting up (crash recovery), or elsewhere.
    pidport="$(sed -n 4p "$datadir/postmaster.pid" 2>/dev/null || true)"
    [[ "$pidport" == "$port" ]] || die "a PostgreSQL server (pid $pid) already runs from $datadir on port ${pidport:-?}, not $port; set PGPORT=${pidport:-?} or stop it with: PGDATA_DIR=$datadir $0 --stop"
    for _ in $(seq "$start_timeout"); do listening && break; sleep 1; done
    listening || die "the PostgreSQL server from $datadir (pid $pid) does not answer on 127.0.0.1:$port after ${start_timeout} s; see $datadir/server.log"
    version="$(check_trust)"
    echo "$me: PostgreSQL ${version:-?} from $datadir (pid $pid) finished starting on 127.0.0.1:$port"
    exit 0
fi

if [[ -f "$datadir/PG_VERSION" ]]; then
    did+=("reused the data dir $datadir")
elif [[ -d "$datadir" && -n "$(ls -A "$datadir" 2>/dev/null)" ]]; then
    die "$datadir exists, is not empty and is no PostgreSQL data dir (no PG_VERSION); remove it or set PGDATA_DIR"
else
    if [[ ! -d "$datadir" ]]; then
        mkdir -p "$datadir"
    fi
    [[ "$owner" == "$(id -un)" ]] || chown "$owner": "$datadir"
    chmod 700 "$datadir"
    initlog="$(mktemp "${TMPDIR:-/tmp}/ensure-server-initdb.XXXXXX")"
    chmod 644 "$initlog"
    if ! (cd / && run_as "$bindir/initdb" -D "$datadir" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >"$initlog" 2>&1) \
        && ! (cd / && run_as "$bindir/initdb" -D "$datadir" --auth=trust -U postgres -E UTF8 --locale=C >"$initlog" 2>&1); then
        tail -n 20 "$initlog" >&2
        die "initdb failed for $datadir (full output: $initlog)"
    fi
    rm -f "$initlog"
    did+=("initialised $datadir")
fi

# After a crash postmaster.pid (and the socket lock) stay behind; the server removes them itself unless their
# pid now belongs to another process, which it then mistakes for a running postmaster. No live postmaster
# owns this dir (checked above), so they are stale.
rm -f "$datadir/postmaster.pid" "$datadir"/.s.PGSQL.*

logfile="$datadir/server.log"
opts="-c listen_addresses=127.0.0.1 -p $port -k $datadir -c max_connections=300 -c shared_buffers=256MB"
if ! (cd / && run_as "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -o "$opts" -w -t "$start_timeout" start >/dev/null 2>&1); then
    tail -n 20 "$logfile" >&2 2>/dev/null || true
    die "pg_ctl start failed for $datadir on 127.0.0.1:$port (log: $logfile)"
fi
version="$(check_trust)"
did+=("started PostgreSQL ${version:-?} on 127.0.0.1:$port (as $owner, log $logfile)")
line="${did[0]}"; for d in "${did[@]:1}"; do line+="; $d"; done
echo "$me: $line"
