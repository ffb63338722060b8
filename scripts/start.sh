#!/usr/bin/env bash
# npm start: install, build, and run the server (embedded database in ./data, demo data on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npm run --silent build >/dev/null
exec node bin/recuento.js serve "$@"
