#!/usr/bin/env bash
# Runs every test of Realtime Hub: unit tests, then the integration tests: Arquillian against a
# managed Payara Micro (downloaded by Maven), two-node clusters behind nginx, and pages in headless
# Chromium. Installs what it needs when it is missing, so it works on a fresh Debian machine and in
# CI (no standard input).
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v java >/dev/null 2>&1 || need_packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_packages+=(maven)
# The cluster failover tests put nginx in front of two nodes.
command -v nginx >/dev/null 2>&1 || need_packages+=(nginx-light)
# The browser tests drive Debian's Chromium through its chromedriver (never a downloaded build).
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || need_packages+=(chromium-driver)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "Installing ${need_packages[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_packages[@]}"
fi

# Stale Payara work folders from earlier runs only fill the disk.
rm -rf /tmp/arquillian-payara-micro* 2>/dev/null || true

exec mvn -B -ntp verify "$@"
