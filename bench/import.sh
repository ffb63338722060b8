#!/usr/bin/env bash
# Import benchmark: N persons from CSV into an empty, already created database; wall time
# and peak RSS of the whole `recuento import` process (GNU time). Creating a new embedded
# database (initdb, once per data folder) is timed on its own line.
# PGlite always; PostgreSQL too when BENCH_DATABASE_URL names a server where databases can be created.
#   bash bench/import.sh 100000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${*:-100000 1000000}
out=bench/out && mkdir -p "$out"
row() { printf '%-9s %-9s %9s %9s %12s  %s\n' "$@"; }
measure() { # database persons command...
  local db=$1 n=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" > "$out/import.log" 2>&1 || true
  read -r secs kb < "$out/time.txt"
  row "$db" "$n" "$secs" "$(awk "BEGIN{printf \"%d\", $n/$secs}")" "$(awk "BEGIN{printf \"%d\", $kb/1024}")" "$(tail -n1 "$out/import.log")"
}
row database persons seconds rows/s peak_RSS_MB result
for n in $sizes; do
  csv="$out/persons-$n.csv"
  [ -f "$csv" ] || node bench/make-persons-csv.mjs "$n" "$csv"
  data=$(mktemp -d)
  measure pglite "(new db)" node bin/recuento.js migrate --data "$data"
  measure pglite "$n" node bin/recuento.js import "$csv" --data "$data"
  rm -rf "$data"
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    db="recuento_bench_$n"
    psql -q "$BENCH_DATABASE_URL" -c "drop database if exists $db" -c "create database $db" 2>/dev/null
    url="${BENCH_DATABASE_URL%/*}/$db"
    data=$(mktemp -d)
    DATABASE_URL="$url" node bin/recuento.js migrate --data "$data" >/dev/null
    measure postgres "$n" env DATABASE_URL="$url" node bin/recuento.js import "$csv" --data "$data"
    psql -q "$BENCH_DATABASE_URL" -c "drop database if exists $db"
    rm -rf "$data"
  fi
done
