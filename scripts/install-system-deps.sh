#!/usr/bin/env bash
# System packages some tests need, from Debian's archive: redis-server (Redis cache store tests),
# postgresql (the PostgreSQL document loader's tests start a throwaway server) and chromium
# (playground end-to-end tests, driven by playwright-core; nothing is downloaded at run time). Installs only what is missing; without root or network it warns, and those
# tests skip saying why.
set -uo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=''
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo='sudo -n'
if $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null; then
  echo "installed: ${need[*]}"
else
  echo "warning: could not install ${need[*]}; the tests that need them will skip" >&2
fi
