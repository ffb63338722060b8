#!/usr/bin/env bash
# npm run bench: every benchmark, printing figures (record them in docs/BENCHMARKS.md).
#   BENCH_PERSONS  sizes for the import benchmark (default "100000 1000000")
#   BENCH_API_PERSONS  persons seeded for the API benchmark (default 1000000)
#   BENCH_DATABASE_URL  a PostgreSQL server to measure as well (optional)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npm run --silent build >/dev/null
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, node $(node --version)"
echo "== import"
bash bench/import.sh ${BENCH_PERSONS:-100000 1000000}
echo "== API over ${BENCH_API_PERSONS:-1000000} synthetic persons (PGlite)"
data=$(mktemp -d)
/usr/bin/time -f 'seeded in %e s, peak RSS %M KB' node bin/recuento.js seed-demo --persons "${BENCH_API_PERSONS:-1000000}" --data "$data"
node bench/api.mjs --data "$data" --seconds "${BENCH_SECONDS:-10}"
rm -rf "$data"
