# Shared by the CLI test scripts: `check NAME EXPECTED_EXIT PATTERN -- CMD...`
# runs CMD and passes when it exits as expected and prints a line matching
# PATTERN; `finish` prints the closing count and sets the exit status.
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

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
