# Shared by the CLI test scripts: `check NAME EXPECTED_EXIT PATTERN -- CMD...`
# runs CMD and passes when it exits as expected and prints a line matching
# PATTERN; `start_up` runs `frontdoor up` for the commands after it;
# `finish` prints the closing count and sets the exit status;
# `make_work_dir` makes the folder a script works in; `same_files` compares
# two runs' output folders.
passes=0
failures=0

check() {
  local name=$1 want_exit=$2 pattern=$3
  shift 4
  local out exit_code
  out=$("$@" 2>&1)
  exit_code=$?
  if [ "$exit_code" -ne "$want_exit" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL $name: exit $exit_code (want $want_exit), output:"
    sed 's/^/    /' <<<"$out" | tail -20
    failures=$((failures + 1))
  else
    echo "ok   $name"
    passes=$((passes + 1))
  fi
}

# Records a check done by hand: `record NAME` on success, `record NAME fail`.
record() {
  if [ "${2:-}" = fail ]; then
    echo "FAIL $1"
    failures=$((failures + 1))
  else
    echo "ok   $1"
    passes=$((passes + 1))
  fi
}

# Makes $work, a fresh folder that is entered now and removed at exit with
# every process running from it (and the `frontdoor up` in $up, if any).
make_work_dir() {
  work=$(mktemp -d)
  up=
  trap cleanup_work_dir EXIT
  cd "$work" || exit 1
  # Commands that name no data folder use one under here, never the user's.
  export XDG_DATA_HOME="$work"
}

cleanup_work_dir() {
  [ -n "$up" ] && kill "$up" 2>/dev/null && wait "$up" 2>/dev/null
  pkill -9 -f "$work/" 2>/dev/null
  cd / && rm -rf "$work"
}

# Starts `frontdoor up` on free ports with its data in $work/up (or
# $work/NAME with `start_up NAME`), as in another terminal, waits until it
# is up, and points every later command at it as the admin of its data
# folder; $up is its pid, for the cleanup.
start_up() {
  local dir="$work/${1:-up}"
  "$frontdoor" up --data_dir="$dir" --intake_port=0 --threshold_port=0 \
    --stepping_port=0 --metrics=false >"$dir.log" 2>&1 &
  up=$!
  for _ in $(seq 300); do
    grep -q "frontdoor is up" "$dir.log" && break
    sleep 0.1
  done
  local service
  for service in intake threshold stepping; do
    export "FRONTDOOR_${service^^}=$(awk -v s="$service" '$1 == s { print $2 }' "$dir.log")"
  done
  export FRONTDOOR_DATA_DIR="$dir"
}

# `dump_dom PAGE` prints the DOM of the HTML file PAGE once headless
# Chromium has run its scripts (the report's charts count what they drew).
dump_dom() {
  chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="$work/chromium" --virtual-time-budget=10000 \
    --dump-dom "file://$1" 2>/dev/null
}

# `same_files NAME DIR_A DIR_B [SKIP...]` passes when DIR_A holds at least
# eight files, SKIP aside, and each is byte-identical to its namesake in
# DIR_B; it names those that differ, and returns 1.
same_files() {
  local name=$1 first=$2 second=$3 file compared=0
  shift 3
  local differ=()
  for file in "$first"/*; do
    [[ " $* " == *" $(basename "$file") "* ]] && continue
    compared=$((compared + 1))
    cmp -s "$file" "$second/$(basename "$file")" ||
      differ+=("$(basename "$file")")
  done
  if [ "$compared" -ge 8 ] && [ "${#differ[@]}" -eq 0 ]; then
    record "$name ($compared files)"
  else
    echo "    compared $compared; differ: ${differ[*]}"
    record "$name" fail
    return 1
  fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
