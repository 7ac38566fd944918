#!/usr/bin/env bash
# Prints the path of a Python interpreter that has Fix Inventory's worker (fixworker), its
# example collector plugin and its metrics exporter (fixmetrics), pinned in requirements.txt
# beside this script, for the compatibility test that runs them against a real core.
#
# The first run creates a virtual environment at <repo>/.venv-fixinventory and installs the
# requirements into it; later runs find it ready and print at once. Safe to run several times
# at once: one run installs while the others wait for it.
#
# These packages need Python 3.12 or later. The interpreter that makes the environment is
# PYTHON when set; otherwise the first of python3.13 and python3.12 on PATH that runs; otherwise
# the first $(pyenv root)/versions/3.1[2-9]*/bin/python.
#
# Only the interpreter's path goes to stdout; everything else goes to stderr.
# Exit codes: 0 ready; 3 PyPI cannot be reached, so nothing could be installed; 1 anything else.
#
# Environment: PYTHON chooses the interpreter; ROTA_FIXINVENTORY_VENV overrides the environment's path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${ROTA_FIXINVENTORY_VENV:-$repo/.venv-fixinventory}"
requirements="$here/requirements.txt"
marker="$venv/.rota-fixinventory-ready"

# shellcheck source=../lib/python-venv.sh
source "$here/../lib/python-venv.sh"

# Whether $1 runs and is Python 3.12 or later (a pyenv shim of a version not selected does not run).
is_recent_python() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

# Sets host_python to the interpreter that makes the environment, or says what was tried.
find_host_python() {
    local tried=()
    if [[ -n "${PYTHON:-}" ]]; then
        if is_recent_python "$PYTHON"; then
            host_python="$PYTHON"
            return 0
        fi
        say "PYTHON=$PYTHON does not run or is older than Python 3.12"
        return 1
    fi
    local candidate
    for candidate in python3.13 python3.12; do
        tried+=("$candidate on PATH")
        if command -v "$candidate" >/dev/null && is_recent_python "$candidate"; then
            host_python="$(command -v "$candidate")"
            return 0
        fi
    done
    if command -v pyenv >/dev/null; then
        local root
        root="$(pyenv root)"
        tried+=("$root/versions/3.1[2-9]*/bin/python")
        for candidate in "$root"/versions/3.1[2-9]*/bin/python; do
            if [[ -x "$candidate" ]] && is_recent_python "$candidate"; then
                host_python="$candidate"
                return 0
            fi
        done
    else
        tried+=("pyenv (not installed)")
    fi
    say "no Python 3.12 or later found; tried: $(IFS=','; echo "${tried[*]}" | sed 's/,/, /g')"
    say "install Python 3.12 or later, or set PYTHON to one"
    return 1
}

prepare_venv "$venv" "$requirements" "$marker" find_host_python
