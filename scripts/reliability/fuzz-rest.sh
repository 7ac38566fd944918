#!/usr/bin/env bash
# Fuzzes every operation of the core's REST API as its served OpenAPI document describes it,
# with schemathesis: builds `rota`, starts `rota core` on a fresh database and a free port,
# runs schemathesis against GET /openapi.yaml, and stops the core.
#
# It passes when no request gets a 5xx, no answer contradicts the document (status codes,
# content types, headers, bodies), invalid data is refused and valid data accepted, and the
# core is still alive at the end. Failures are printed by schemathesis with a curl command
# that repeats each one. The checks and their exceptions, each with its reason, are in
# schemathesis.toml beside this script.
#
# Usage: scripts/reliability/fuzz-rest.sh [extra arguments for `st run`]
#   e.g. scripts/reliability/fuzz-rest.sh --max-examples 200 --seed 7
#
# The first run creates a virtual environment at <repo>/.venv-reliability and installs the
# requirements beside this script into it (about a minute); later runs find it ready.
# Environment: PYTHON (default python3) makes the environment; ROTA_RELIABILITY_VENV
# overrides its path; ROTA_FUZZ_EXAMPLES (default 100) is the number of test cases per operation and phase;
# ROTA_BINARY runs that `rota` instead of building one.
# Exit codes: 0 nothing found; 1 schemathesis found failures or the core died; 3 PyPI cannot
# be reached, so schemathesis could not be installed; anything else: the build or start failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
host_python="${PYTHON:-python3}"
venv="${ROTA_RELIABILITY_VENV:-$repo/.venv-reliability}"
requirements="$here/requirements.txt"
marker="$venv/.rota-reliability-ready"
examples="${ROTA_FUZZ_EXAMPLES:-100}"

say() { echo "fuzz-rest: $*" >&2; }

# The marker holds the requirements it was made for, so changing them installs again.
is_ready() {
    [[ -x "$venv/bin/st" && -f "$marker" ]] && cmp -s "$marker" "$requirements"
}

install_schemathesis() {
    mkdir -p "$venv"
    exec 9>"$venv/.lock"
    flock 9
    if is_ready; then return 0; fi
    say "creating $venv and installing $(tr '\n' ' ' <"$requirements")(once; about a minute)"
    rm -f "$marker"
    "$host_python" -m venv "$venv" >&2
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2; then
        if ! "$venv/bin/python" -m pip download --quiet --no-deps --dest "$venv/.probe" pip >/dev/null 2>&1; then
            say "PyPI cannot be reached, so schemathesis could not be installed"
            exit 3
        fi
        say "pip install failed"
        exit 1
    fi
    cp "$requirements" "$marker"
}

is_ready || install_schemathesis

if [[ -n "${ROTA_BINARY:-}" ]]; then
    rota="$ROTA_BINARY"
else
    say "building rota"
    (cd "$repo" && swift build --product rota >&2)
    rota="$(cd "$repo" && swift build --show-bin-path)/rota"
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/rota-fuzz-rest.XXXXXX")"
port="$("$host_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
core_pid=""
stop_core() {
    if [[ -n "$core_pid" ]] && kill -0 "$core_pid" 2>/dev/null; then
        kill -TERM "$core_pid"
        wait "$core_pid" || true
    fi
    rm -rf "$workdir"
}
trap stop_core EXIT

say "starting rota core on port $port with the database in $workdir"
"$rota" core --port "$port" --db "$workdir/rota.db" --log-level warning >"$workdir/core.log" 2>&1 &
core_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    if curl --silent --fail "$base/system/ping" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$core_pid" 2>/dev/null; then
        say "rota core stopped before it answered:"
        cat "$workdir/core.log" >&2
        exit 2
    fi
    sleep 0.1
done

say "schemathesis $("$venv/bin/st" --version | awk '{print $NF}') against $base/openapi.yaml"
status=0
(cd "$workdir" && "$venv/bin/st" --config-file "$here/schemathesis.toml" run "$base/openapi.yaml" --url "$base" \
    --max-examples "$examples" --workers 1 --suppress-health-check all --request-timeout 10 "$@") || status=$?

if ! kill -0 "$core_pid" 2>/dev/null; then
    wait "$core_pid" && exit_code=0 || exit_code=$?
    core_pid=""
    say "rota core died during the run (exit $exit_code); its log:"
    tail -50 "$workdir/core.log" >&2
    exit 1
fi
if grep -q -i -E "fatal error|crash" "$workdir/core.log"; then
    say "rota core logged a crash:"
    grep -i -E "fatal error|crash" "$workdir/core.log" >&2
    status=1
fi
exit $status
