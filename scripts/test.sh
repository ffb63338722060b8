#!/usr/bin/env bash
# npm test: installs what the tests need (npm packages; Debian's postgresql and chromium),
# builds, lints, then runs every test twice over the database layer: on PGlite, and on a
# real PostgreSQL server started on 127.0.0.1 for the run. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --system || exit 1
set -e
npm run --silent build >/dev/null
npm run --silent lint
set +e

results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0

echo "== unit, store, API, CLI and browser tests on PGlite =="
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/pglite.json" || status=1

pgdir=$(mktemp -d) && chmod 755 "$pgdir"
port=$((20000 + RANDOM % 20000))
trap 'bash scripts/pg-test-server.sh stop "$pgdir/pg"; rm -rf "$pgdir"' EXIT
if url=$(bash scripts/pg-test-server.sh start "$pgdir/pg" "$port"); then
  echo "== store, API and CLI tests on PostgreSQL ($(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | sort -V | tail -n1)) =="
  DATABASE_URL="$url" npx vitest run src/store src/io src/usecases src/server src/cli --reporter=default --reporter=json --outputFile.json="$results/postgres.json" || status=1
else
  echo "Could not start PostgreSQL: see $pgdir/pg/*.log" >&2
  cat "$pgdir"/pg/*.log >&2 || true
  status=1
fi

node scripts/summarize-tests.mjs "$results"/*.json || status=1
exit $status
