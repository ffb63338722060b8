#!/usr/bin/env bash
# Installs what Recuento needs: npm packages (when missing or out of date) and, with
# --system, Debian's postgresql and chromium for the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--system" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "The tests need Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
    echo "Installing ${missing[*]} from Debian…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
