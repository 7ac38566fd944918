#!/usr/bin/env bash
# Prints the path of a Python interpreter that has the Python side of the actor protocol
# (fixinventorylib, pinned in requirements.txt beside this script), for compatibility tests.
#
# The first run creates a virtual environment at <repo>/.venv-compat and installs the
# requirements into it; later runs find it ready and print at once. Safe to run several times
# at once: one run installs while the others wait for it.
#
# Only the interpreter's path goes to stdout; everything else goes to stderr.
# Exit codes: 0 ready; 3 PyPI cannot be reached, so nothing could be installed; 1 anything else.
#
# Environment: PYTHON (default python3) makes the environment; ROTA_COMPAT_VENV overrides its path.
set -euo pipefail

host_python="${PYTHON:-python3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${ROTA_COMPAT_VENV:-$repo/.venv-compat}"
requirements="$here/requirements.txt"
python="$venv/bin/python"
marker="$venv/.rota-compat-ready"

say() { echo "python-env: $*" >&2; }

# The marker holds the requirements it was made for, so changing them installs again.
is_ready() {
    [[ -x "$python" && -f "$marker" ]] && cmp -s "$marker" "$requirements"
}

pypi_reachable() {
    "$host_python" - <<'PY' >&2
import os, ssl, sys, urllib.request
index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/").rstrip("/") + "/"
cafile = os.environ.get("PIP_CERT") or None
try:
    context = ssl.create_default_context(cafile=cafile)
    urllib.request.urlopen(index + "pip/", timeout=10, context=context).close()
except Exception as error:
    print(f"python-env: cannot reach {index}: {error}", file=sys.stderr)
    sys.exit(1)
PY
}

if is_ready; then
    echo "$python"
    exit 0
fi

if ! command -v "$host_python" >/dev/null; then
    say "no $host_python to make the environment with: install Python 3 or set PYTHON"
    exit 1
fi

mkdir -p "$venv"
exec 9>"$venv/.lock"
if ! flock --nonblock 9; then
    say "another run is preparing $venv: waiting for it"
    flock 9
fi
if is_ready; then
    echo "$python"
    exit 0
fi

if ! pypi_reachable; then
    say "PyPI cannot be reached, so $(tr '\n' ' ' <"$requirements")could not be installed"
    exit 3
fi

say "creating $venv"
rm -f "$marker"
"$host_python" -m venv "$venv" >&2
say "installing $(tr '\n' ' ' <"$requirements")(once; about a minute)"
if ! "$python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2; then
    if ! pypi_reachable; then
        say "PyPI could not be reached during the install"
        exit 3
    fi
    say "pip install failed"
    exit 1
fi
cp "$requirements" "$marker"
echo "$python"
