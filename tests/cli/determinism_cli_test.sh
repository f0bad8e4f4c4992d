#!/usr/bin/env bash
# The same scenario and seed give byte-identical KPI files whatever the data
# folder: two stacks, each with its own pseudonym key (so children's ids and
# the order records come back in differ), simulate the default year.
# Usage: determinism_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir

for folder in first second; do
  start_up "$folder"
  check "the default year simulates in the $folder folder" 0 'KPI tables' -- \
    "$frontdoor" simulate --seed=1 --run=same --quiet --out="$work/out-$folder"
  kill "$up" && wait "$up" 2>/dev/null
  up=
done

if cmp -s "$work/first/pseudonym.key" "$work/second/pseudonym.key"; then
  record "the two folders have different pseudonym keys" fail
else
  record "the two folders have different pseudonym keys"
fi
if ! same_files "the KPI files are byte-identical across the two folders" \
  "$work/out-first/same" "$work/out-second/same" report.html; then
  diff <(tr ',' '\n' <"$work/out-first/same/kpis.json") \
    <(tr ',' '\n' <"$work/out-second/same/kpis.json") | head -6
fi
finish
