#!/bin/sh
# A Rota collector in shell, for `rota worker --collector exec:/path/to/exec-collector.sh`.
#
#   exec-collector.sh collect       prints the resources of a made-up cloud, one JSON line each
#   exec-collector.sh delete <id>   deletes one (the resource's JSON line comes on standard input)
#
# Its cloud lives in a file of JSON lines named by ROTA_EXEC_STATE (default:
# rota-exec-collector.state in the temporary directory); delete the file to start again.
set -eu

state="${ROTA_EXEC_STATE:-${TMPDIR:-/tmp}/rota-exec-collector.state}"

create_state() {
    cat > "$state" <<'LINES'
{"id":"shell:demo:instance:vm-1","kind":"instance","name":"vm-1","cloud":"shell","account":"demo","region":"home-1","tags":{"owner":"bob","rota:expires":"2020-01-01T00:00:00Z"},"ctime":"2019-06-01T08:00:00Z","attributes":{"instance_cores":2,"instance_memory":4,"instance_status":"running"}}
{"id":"shell:demo:volume:vm-1-root","kind":"volume","name":"vm-1-root","cloud":"shell","account":"demo","region":"home-1","parent":"shell:demo:instance:vm-1","tags":{"owner":"bob","rota:expires":"2020-01-01T00:00:00Z"},"ctime":"2019-06-01T08:00:00Z","attributes":{"volume_size":20,"volume_type":"ssd"}}
{"id":"shell:demo:bucket:photos","kind":"bucket","name":"photos","cloud":"shell","account":"demo","region":"home-1","tags":{"owner":"bob","expiration":"never"},"ctime":"2018-03-15T12:00:00Z","attributes":{"bucket_objects":1250}}
LINES
}

case "${1:-}" in
collect)
    [ -f "$state" ] || create_state
    # The account line first: account demo was read, even when all its resources are gone.
    echo '{"cloud":"shell","account":"demo"}'
    cat "$state"
    echo "read $(wc -l < "$state" | tr -d ' ') resources from $state" >&2
    ;;
delete)
    id="${2:?usage: $0 delete <id>}"
    resource=$(cat)
    [ -f "$state" ] || create_state
    if ! grep -qF "\"id\":\"$id\"" "$state"; then
        echo "no resource $id" >&2
        exit 1
    fi
    if grep -qF "\"parent\":\"$id\"" "$state"; then
        echo "$id still has resources attached; delete them first" >&2
        exit 1
    fi
    grep -vF "\"id\":\"$id\"" "$state" > "$state.new" || true
    mv "$state.new" "$state"
    echo "deleted $resource" >&2
    ;;
*)
    echo "usage: $0 collect | delete <id>" >&2
    exit 2
    ;;
esac
