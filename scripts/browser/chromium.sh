#!/usr/bin/env bash
# Prints the path of a Chromium executable for the dashboard's browser tests (Playwright drives
# it; no browser build is ever downloaded). When /usr/bin/chromium is missing, installs Debian's
# chromium package with apt-get, as root or through sudo when it needs no password. Safe to run
# several times at once: one run installs while the others wait for it.
#
# Only the executable's path goes to stdout; everything else goes to stderr.
# Exit codes: 0 ready; 1 Chromium is missing and cannot be installed here (the message says why).
#
# Environment: ROTA_CHROMIUM names an executable to use instead of /usr/bin/chromium.
set -euo pipefail

chromium="${ROTA_CHROMIUM:-/usr/bin/chromium}"
lock_dir="${ROTA_BROWSER_LOCK_DIR:-/tmp/rota-browser}"

say() { echo "chromium: $*" >&2; }
fail() { say "$*"; exit 1; }

# Prints the executable and exits when it is there.
print_if_ready() {
    if [[ -x "$chromium" ]]; then
        echo "$chromium"
        exit 0
    fi
}

print_if_ready
[[ -n "${ROTA_CHROMIUM:-}" ]] && fail "ROTA_CHROMIUM=$ROTA_CHROMIUM is not an executable"
command -v apt-get >/dev/null 2>&1 || fail "$chromium is missing and there is no apt-get to install it; install Chromium or set ROTA_CHROMIUM to one"
sudo=()
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || fail "$chromium is missing; installing it needs root (run: sudo apt-get install -y chromium)"
    sudo=(sudo -n)
fi
mkdir -p "$lock_dir"
exec 8>"$lock_dir/.install-lock"
if ! flock --nonblock 8; then
    say "another run is installing Chromium: waiting for it"
    flock 8
fi
print_if_ready
say "installing Debian's Chromium (apt-get install -y chromium; once, a few minutes)"
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium >&2; then
    "${sudo[@]}" apt-get update -q >&2 || fail "apt-get update failed; Chromium could not be installed"
    "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium >&2 || fail "apt-get install -y chromium failed"
fi
[[ -x "$chromium" ]] || fail "the chromium package was installed but $chromium is not there"
echo "$chromium"
