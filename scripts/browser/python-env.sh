#!/usr/bin/env bash
# Prints the path of a Python interpreter that has Playwright, pytest and websockets (pinned in
# requirements.txt beside this script), for the dashboard's browser tests in Tests/Browser.
# Playwright drives Debian's Chromium (scripts/browser/chromium.sh): no browser build is
# downloaded here.
#
# The first run creates a virtual environment at <repo>/.venv-browser and installs the
# requirements into it; later runs find it ready and print at once. Safe to run several times
# at once: one run installs while the others wait for it.
#
# Only the interpreter's path goes to stdout; everything else goes to stderr.
# Exit codes: 0 ready; 3 PyPI cannot be reached, so nothing could be installed; 1 anything else.
#
# Environment: PYTHON (default python3) makes the environment; ROTA_BROWSER_VENV overrides its path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${ROTA_BROWSER_VENV:-$repo/.venv-browser}"
requirements="$here/requirements.txt"
marker="$venv/.rota-browser-ready"

# shellcheck source=../lib/python-venv.sh
source "$here/../lib/python-venv.sh"

prepare_venv "$venv" "$requirements" "$marker" find_python_on_path
