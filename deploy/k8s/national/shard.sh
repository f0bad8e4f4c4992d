#!/bin/sh
# The national Job's container command: one pod runs shard
# JOB_COMPLETION_INDEX + 1 of NATIONAL_SHARDS. `frontdoor national` starts
# the three services inside the pod for the command (on loopback, their
# data on the pod's emptyDir) and writes the shard's result to the
# results volume as OUT/shards/shard-I-of-N.json; a retried pod writes the
# same file again, so its result replaces its first and never doubles it.
# Every pod pseudonymises with the key in PSEUDONYM_KEY_FILE (a secret), so
# that runs digest alike in every shard.
set -eu
index=${JOB_COMPLETION_INDEX:?Kubernetes sets it in an Indexed Job}
shards=${NATIONAL_SHARDS:?the number of completions of the Job}
data=${FRONTDOOR_DATA_DIR:-/data}
out=${NATIONAL_OUT:-/results}
mkdir -p "$data" "$out"
if [ -n "${PSEUDONYM_KEY_FILE:-}" ]; then
  cp "$PSEUDONYM_KEY_FILE" "$data/pseudonym.key"
  chmod 600 "$data/pseudonym.key"
fi
# NATIONAL_ARGS: more options, such as "--set mash.screeners=6".
# shellcheck disable=SC2086
exec frontdoor national --year "${NATIONAL_YEAR:-2023-24}" \
  --replications "${NATIONAL_REPLICATIONS:-1}" \
  --shard "$((index + 1))/$shards" --data_dir "$data" --out "$out" --quiet \
  ${NATIONAL_ARGS:-}
