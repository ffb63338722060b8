#!/usr/bin/env bash
# The bulk paths at scale, each a whole `recuento` process timed by GNU time (wall seconds, peak RSS):
# a backup of a registry on PostgreSQL, its restore into a new PostgreSQL database and into a new
# embedded (PGlite) data folder, `migrate --to` from that folder to another new PostgreSQL database
# (every table verified), `recuento check` on the moved copy, and `seed-demo` of N persons on PGlite.
#   DATABASE_URL=postgres://…/registry KEYS=DIR [LITE=DIR] bash bench/bulk.sh [--seed-demo N]
# DATABASE_URL names a migrated registry (bench/scale/registry.mjs writes one); KEYS the data folder
# whose master key seals the backup. Databases are created beside it (the URL's server) and dropped.
# LITE (a new folder) keeps the embedded copy, e.g. for `bench/scale/api.mjs --data DIR --reuse`.
# After `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?a registry on PostgreSQL}" "${KEYS:?its data folder (master key)}"
seed=0
[ "${1:-}" = --seed-demo ] && seed=${2:?how many persons}
out=$(mktemp -d) && trap 'rm -rf "$out"' EXIT
server=${DATABASE_URL%/*}
row() { printf '%-34s %9s %9s  %s\n' "$@"; }
measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" > "$out/run.log" 2>&1 || { tail -n 5 "$out/run.log"; exit 1; }
  read -r secs kb < "$out/time.txt"
  row "$label" "$secs" "$((kb / 1024))" "$(tr '\r' '\n' < "$out/run.log" | grep -v '^\s*$' | grep -v '^Restoring it needs' | tail -n 1 | cut -c1-90)"
}
fresh() { psql -q "$server/postgres" -c "set client_min_messages = warning" -c "drop database if exists $1" -c "create database $1"; echo "$server/$1"; }
persons=$(psql -tA "$DATABASE_URL" -c 'select count(*) from persons')
echo "registry: $persons persons, $(psql -tA "$DATABASE_URL" -c 'select count(*) from events') events"
row step seconds peak_MB result
measure "backup (PostgreSQL)" node bin/recuento.js backup --out "$out/registry.backup" --data "$KEYS"
restored=$(fresh recuento_bulk_restored)
DATABASE_URL=$restored node bin/recuento.js migrate --data "$KEYS" > /dev/null
measure "restore (PostgreSQL)" env DATABASE_URL="$restored" node bin/recuento.js restore "$out/registry.backup" --data "$KEYS"
lite=${LITE:-$out/lite} && mkdir -m 700 "$lite" && cp "$KEYS/master.key" "$lite/"
env -u DATABASE_URL node bin/recuento.js migrate --data "$lite" > /dev/null
measure "restore (PGlite)" env -u DATABASE_URL node bin/recuento.js restore "$out/registry.backup" --data "$lite"
measure "backup (PGlite)" env -u DATABASE_URL node bin/recuento.js backup --out "$out/lite.backup" --data "$lite"
moved=$(fresh recuento_bulk_moved)
measure "migrate --to (PGlite → PostgreSQL)" env -u DATABASE_URL node bin/recuento.js migrate --data "$lite" --to "$moved" --force
measure "check (the moved copy)" env DATABASE_URL="$moved" node bin/recuento.js check --data "$lite"
if [ "$seed" -gt 0 ]; then
  demo="$out/demo" && mkdir -m 700 "$demo"
  measure "seed-demo --persons $seed (PGlite)" env -u DATABASE_URL node bin/recuento.js seed-demo --persons "$seed" --no-claims --data "$demo"
fi
for db in recuento_bulk_restored recuento_bulk_moved; do psql -q "$server/postgres" -c "drop database if exists $db"; done
