#!/usr/bin/env bash
# Make sure Debian's haproxy is installed (for bench/scale_test.py). Installs it when absent
# (needs root or sudo); never starts it as a service: the scale test runs its own instance.
set -euo pipefail
command -v haproxy >/dev/null 2>&1 && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "[haproxy] installing Debian's haproxy package"
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null
# The package may start a system instance on install; the scale test needs none.
if command -v systemctl >/dev/null 2>&1; then as_root systemctl disable --now haproxy >/dev/null 2>&1 || true; fi
command -v haproxy >/dev/null 2>&1
