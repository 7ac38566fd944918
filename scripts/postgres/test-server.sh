#!/usr/bin/env bash
# A throwaway PostgreSQL server for Rota's tests.
#
#   test-server.sh install            installs PostgreSQL's server (Debian's packages) when missing
#   test-server.sh start DIR [OWNER]  creates a server in DIR, starts it on a free loopback port
#                                     and prints its URL; it is stopped when process OWNER ends
#                                     (default: the caller)
#   test-server.sh stop DIR           stops the server in DIR
#
# The server trusts every connection, so it listens on 127.0.0.1 and its own unix socket in DIR
# only, and writes without fsync: it holds test data and nothing else. Every running server is
# recorded under $ROTA_TEST_POSTGRES_REGISTRY (default /tmp/rota-test-postgres) with the process
# it belongs to; each start stops the servers whose process has ended, and each server has a
# watcher that stops it when its process ends, so no server outlives its tests.
# Messages go to stderr, the URL to stdout; the exit code is 0 on success, 1 otherwise.
set -euo pipefail

registry="${ROTA_TEST_POSTGRES_REGISTRY:-/tmp/rota-test-postgres}"

say() { echo "test-server: $*" >&2; }
fail() { say "$*"; exit 1; }

# Runs a command as the user the server runs as: postgres when we are root (initdb and the server
# refuse to run as root), else ourselves.
as_server_user() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Prints the directory holding initdb, pg_ctl and postgres, or fails.
find_bindir() {
    local candidates=() dir
    if command -v pg_config >/dev/null 2>&1; then
        candidates+=("$(pg_config --bindir 2>/dev/null || true)")
    fi
    while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -rn)
    if command -v initdb >/dev/null 2>&1; then
        candidates+=("$(dirname "$(readlink -f "$(command -v initdb)")")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

# Installs Debian's postgresql package unless the server's programs are already there. The
# package would create and start a default cluster; createcluster.conf, when we write it, says not to.
install_server() {
    if find_bindir >/dev/null; then return 0; fi
    command -v apt-get >/dev/null 2>&1 || fail "PostgreSQL's server (initdb, pg_ctl, postgres) is missing and there is no apt-get to install it; install PostgreSQL and put pg_config on PATH"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || fail "PostgreSQL's server is missing; installing it needs root (run: sudo apt-get install -y postgresql)"
        sudo=(sudo -n)
    fi
    mkdir -p "$registry"
    exec 8>"$registry/.install-lock"
    flock 8
    if find_bindir >/dev/null; then return 0; fi
    if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
        "${sudo[@]}" mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    say "installing PostgreSQL's server (apt-get install -y postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y -q postgresql >&2; then
        "${sudo[@]}" apt-get update -q >&2 || fail "apt-get update failed; PostgreSQL's server could not be installed"
        "${sudo[@]}" apt-get install -y -q postgresql >&2 || fail "apt-get install -y postgresql failed"
    fi
    find_bindir >/dev/null || fail "postgresql was installed but initdb, pg_ctl and postgres are in neither \`pg_config --bindir\` nor /usr/lib/postgresql/*/bin"
}

# The start time of process $1 (clock ticks after boot), which tells it apart from a later
# process given the same id; empty when there is no such process.
start_time() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    awk '{ print $20 }' <<<"$stat"
}

# Whether process $1 still runs and is the one that started at $2.
still_running() {
    [[ -n "$2" && "$(start_time "$1")" == "$2" ]]
}

# Stops the server whose data directory is $2/data, at once (the data is thrown away).
stop_server() {
    local bindir="$1" dir="$2"
    [[ -f "$dir/data/postmaster.pid" ]] || return 0
    as_server_user "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1 ||
        as_server_user "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
}

# Stops and removes every recorded server whose owning process has ended.
reap_orphans() {
    local bindir="$1" record owner owner_start dir
    for record in "$registry"/server-*; do
        [[ -f "$record" ]] || continue
        read -r owner owner_start dir <"$record" || continue
        if ! still_running "$owner" "$owner_start"; then
            say "stopping the server in $dir: the process $owner it belonged to has ended"
            stop_server "$bindir" "$dir"
            [[ -f "$dir/.rota-test-server" ]] && rm -rf "$dir"
            rm -f "$record"
        fi
    done
}

# Whether something listens on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    local dir="${1:-}" owner="${2:-$PPID}"
    [[ -n "$dir" ]] || fail "usage: test-server.sh start DIR [OWNER_PID]"
    install_server
    local bindir owner_start
    bindir=$(find_bindir)
    owner_start=$(start_time "$owner")
    [[ -n "$owner_start" ]] || fail "there is no process $owner to tie the server to"

    mkdir -p "$registry" "$dir"
    chmod 1777 "$registry" 2>/dev/null || true
    dir=$(cd "$dir" && pwd)
    [[ ! -e "$dir/data" ]] || fail "$dir already holds a server (stop it first, or give an empty directory)"
    (( ${#dir} <= 80 )) || fail "$dir is too long a path for the server's unix socket; use a shorter one"
    exec 9>"$registry/.lock"
    flock 9
    reap_orphans "$bindir"
    flock -u 9

    touch "$dir/.rota-test-server"
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$dir"
        chmod 700 "$dir"
        runuser -u postgres -- test -x "$dir" || fail "the postgres user cannot reach $dir; give a directory under one it can enter (such as /tmp)"
    fi
    as_server_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
        fail "initdb failed in $dir/data: $(tail -n 5 "$dir/initdb.log")"
    cat >"$dir/data/pg_hba.conf" <<'HBA'
# Trust on loopback and the server's own socket only: this server holds test data.
local all all               trust
host  all all 127.0.0.1/32  trust
host  all all ::1/128       trust
HBA
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

    local attempt port started=""
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        port_in_use "$port" && continue
        if as_server_user "$bindir/pg_ctl" start -D "$dir/data" -o "-p $port" -l "$dir/server.log" -w -t 60 >/dev/null 2>&1; then
            started=yes
            break
        fi
        grep -qiE "could not bind|address already in use|could not create any TCP/IP sockets" "$dir/server.log" 2>/dev/null ||
            fail "the server in $dir did not start: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
    done
    [[ -n "$started" ]] || fail "the server in $dir found no free port after 10 tries: $(tail -n 5 "$dir/server.log" 2>/dev/null)"

    local postmaster
    postmaster=$(head -n 1 "$dir/data/postmaster.pid")
    echo "$owner $owner_start $dir" >"$registry/server-$postmaster"
    echo "$port" >"$dir/port"
    watch_owner "$bindir" "$dir" "$owner" "$owner_start" "$registry/server-$postmaster"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
}

# Starts a watcher, detached from the caller and its output, that stops the server in $2 when
# process $3 (started at $4) ends, or just ends when the server is stopped first; its process id
# goes to $2/watcher.pid.
watch_owner() {
    local bindir="$1" dir="$2" owner="$3" owner_start="$4" record="$5"
    setsid bash -c '
        bindir=$1 dir=$2 owner=$3 owner_start=$4 record=$5
        alive() { local stat; stat=$(cat "/proc/$owner/stat" 2>/dev/null) || return 1; stat=${stat##*) }; [[ "$(awk "{ print \$20 }" <<<"$stat")" == "$owner_start" ]]; }
        as_user() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
        while alive && [[ -f "$dir/data/postmaster.pid" ]]; do sleep 2; done
        if [[ -f "$dir/data/postmaster.pid" ]]; then
            as_user "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 || as_user "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30
            rm -rf "$dir"
        fi
        rm -f "$record"
    ' rota-test-server-watch "$bindir" "$dir" "$owner" "$owner_start" "$record" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/watcher.pid"
}

stop() {
    local dir="${1:-}"
    [[ -n "$dir" ]] || fail "usage: test-server.sh stop DIR"
    [[ -d "$dir" ]] || fail "$dir does not exist"
    dir=$(cd "$dir" && pwd)
    local bindir postmaster=""
    bindir=$(find_bindir) || fail "PostgreSQL's server programs cannot be found"
    [[ -f "$dir/data/postmaster.pid" ]] && postmaster=$(head -n 1 "$dir/data/postmaster.pid")
    stop_server "$bindir" "$dir"
    [[ ! -f "$dir/data/postmaster.pid" ]] || fail "the server in $dir did not stop: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
    [[ -z "$postmaster" ]] || rm -f "$registry/server-$postmaster"
}

case "${1:-}" in
    install) install_server ;;
    start) start "${2:-}" "${3:-}" ;;
    stop) stop "${2:-}" ;;
    *) fail "usage: test-server.sh install | start DIR [OWNER_PID] | stop DIR" ;;
esac
