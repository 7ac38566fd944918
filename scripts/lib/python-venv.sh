# Shared by the scripts that prepare a Python virtual environment for a compatibility test
# (scripts/compat/python-env.sh, scripts/fixinventory/python-env.sh); source it, then call
# prepare_venv. Messages go to stderr, the interpreter's path to stdout.

say() { echo "python-env: $*" >&2; }

# Whether the package index (PIP_INDEX_URL, else PyPI) answers; $1 is the Python that asks.
pypi_reachable() {
    "$1" - <<'PY' >&2
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

# A FIND_HOST for prepare_venv: sets host_python to $PYTHON (default python3), or says why there
# is none.
find_python_on_path() {
    host_python="${PYTHON:-python3}"
    if ! command -v "$host_python" >/dev/null; then
        say "no $host_python to make the environment with: install Python 3 or set PYTHON"
        return 1
    fi
}

# prepare_venv VENV REQUIREMENTS MARKER FIND_HOST: prints VENV's interpreter once VENV holds
# REQUIREMENTS. The first time, it calls the function FIND_HOST, which sets host_python to the
# interpreter that makes the environment (or says why there is none and fails), then creates
# VENV and installs REQUIREMENTS. The marker holds the requirements it was made for, so changing
# them installs again. One run installs while the others wait for it. Exits 0 when ready, 3 when
# PyPI cannot be reached, 1 when anything else fails.
prepare_venv() {
    local venv="$1" requirements="$2" marker="$3" find_host="$4"
    local python="$venv/bin/python"
    is_ready() { [[ -x "$python" && -f "$marker" ]] && cmp -s "$marker" "$requirements"; }
    if is_ready; then
        echo "$python"
        exit 0
    fi
    host_python=""
    "$find_host" || exit 1
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
    if ! pypi_reachable "$host_python"; then
        say "PyPI cannot be reached, so $(tr '\n' ' ' <"$requirements")could not be installed"
        exit 3
    fi
    say "creating $venv with $host_python ($("$host_python" --version 2>&1))"
    rm -f "$marker"
    "$host_python" -m venv "$venv" >&2
    say "installing $(tr '\n' ' ' <"$requirements")(once; about a minute)"
    if ! "$python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2; then
        if ! pypi_reachable "$host_python"; then
            say "PyPI could not be reached during the install"
            exit 3
        fi
        say "pip install failed"
        exit 1
    fi
    cp "$requirements" "$marker"
    echo "$python"
    exit 0
}
