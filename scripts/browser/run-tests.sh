#!/usr/bin/env bash
# Runs the dashboard's browser tests (Tests/Browser, pytest and Playwright) against the rota
# binary that `swift build` made, in Debian's headless Chromium. Prepares their Python
# environment (python-env.sh) and Chromium (chromium.sh) first; both are made once.
#
#   run-tests.sh [PYTEST ARGUMENTS...]     e.g. run-tests.sh -k login -x
#   run-tests.sh Tests/Browser/test_login.py   only that file (any path below Tests/Browser)
#
# Environment: ROTA_BIN, the rota binary (default <repo>/.build/debug/rota);
# ROTA_SCREENSHOTS, the folder the tests save a screenshot of each page into
# (default <repo>/.build/browser-screenshots).
# Exit code: pytest's; 1 (or python-env.sh's 3) when something the tests need is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

say() { echo "run-tests: $*" >&2; }

rota_bin="${ROTA_BIN:-$repo/.build/debug/rota}"
if [[ ! -x "$rota_bin" ]]; then
    say "$rota_bin is missing: run \`swift build\` first (or set ROTA_BIN)"
    exit 1
fi
python="$(bash "$here/python-env.sh")"
chromium="$(bash "$here/chromium.sh")"
screenshots="${ROTA_SCREENSHOTS:-$repo/.build/browser-screenshots}"
mkdir -p "$screenshots"

export ROTA_BIN="$rota_bin" ROTA_CHROMIUM="$chromium" ROTA_SCREENSHOTS="$screenshots"
cd "$repo"
# Every test of Tests/Browser, unless the arguments name some of its files or folders.
targets=(Tests/Browser)
for argument in "$@"; do
    if [[ "$argument" == Tests/Browser/* ]]; then targets=(); fi
done
say "screenshots go to $screenshots"
exec "$python" -m pytest "${targets[@]}" "$@"
