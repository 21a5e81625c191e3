#!/usr/bin/env bash
# Make sure Debian's headless-capable Chromium is installed, for the GraphiQL browser test
# (tests/browser/test_graphiql_chromium.py). Installs the `chromium` package when absent (as root,
# or with sudo); when it cannot (no root, no package source), says so and exits 0: that one test
# then skips with the reason, the rest of the suite runs.
set -uo pipefail

log() { echo "[chromium] $*"; }
find_chromium() { command -v chromium || command -v chromium-browser; }

if find_chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  log "chromium is missing and this user cannot install it (no root, no sudo)"
  exit 0
fi
log "installing Debian's chromium package"
"${as_root[@]}" apt-get update -qq \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
  || log "could not install chromium; the GraphiQL browser test will skip"
find_chromium >/dev/null 2>&1 && log "installed: $($(find_chromium) --version 2>/dev/null)"
exit 0
