#!/usr/bin/env bash
# The CLI behaves like the tools people know: --version, suggestions for
# mistyped commands and options, strict booleans, documented exit codes
# (2 usage, 3 services unreachable), short progress off a terminal, and
# commands in one terminal using the services `frontdoor up` runs in another.
# Usage: cli_behaviour_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir

check "--version" 0 '^frontdoor [0-9]+\.[0-9]+\.[0-9]+' -- "$frontdoor" --version
check "a mistyped command gets a suggestion" 2 "did you mean 'simulate'" -- \
  "$frontdoor" simulat
check "a mistyped two-word command gets a suggestion" 2 \
  "did you mean 'policy test'" -- "$frontdoor" policy tset
check "a mistyped option gets a suggestion" 2 'did you mean --seed\?' -- \
  "$frontdoor" simulate --seeed=3
check "booleans are strict" 2 'maybe' -- "$frontdoor" demo --allow_refused=maybe
check "short flags and -- work" 0 'PASS|passed' -- \
  "$frontdoor" policy test -v -- "$src/policies/default.textproto"
# Nothing listens on these: explicit addresses must answer.
check "services unreachable exits 3 with a hint" 3 'frontdoor up' -- \
  env FRONTDOOR_INTAKE=127.0.0.1:1 FRONTDOOR_THRESHOLD=127.0.0.1:1 \
  FRONTDOOR_STEPPING=127.0.0.1:1 "$frontdoor" runs list

# frontdoor up in "another terminal", on free ports.
start_up
check "simulate uses the running services" 0 'using the services running at' -- \
  "$frontdoor" simulate --scenario="$src/tests/data/history-scenario.textproto" \
  --run=beside-up --out="$work/out"
check "runs list uses the running services" 0 'beside-up +[0-9]+ .*complete' -- \
  "$frontdoor" runs list
check "replay uses the running services" 0 'using the services running at' -- \
  "$frontdoor" replay "$src/tests/data/history-small.csv" --run=replayed \
  --out="$work/out"
check "a missing run is an error" 1 "no run 'nosuch'" -- \
  "$frontdoor" runs delete nosuch
check "caseloads of a missing run is an error" 1 "no run 'nosuch'" -- \
  "$frontdoor" caseloads --run=nosuch
# A client that knows only intake's address: caseloads ask intake, which
# asks stepping; with intake unreachable, exit 3.
check "caseloads go through intake's address alone" 0 \
  '^child_in_need  +child in need +[0-9]+$' -- \
  env FRONTDOOR_STEPPING=127.0.0.1:1 "$frontdoor" caseloads --run=beside-up
check "caseloads with intake unreachable exit 3" 3 'frontdoor up' -- \
  env FRONTDOOR_INTAKE=127.0.0.1:1 "$frontdoor" caseloads --run=beside-up
check "caseloads JSON names every level, zeros too, by code" 0 \
  '^\[\{"level":"early_help","label":"early help","children":[0-9]+\},.*"level":"looked_after"' -- \
  "$frontdoor" caseloads --run=beside-up --format=json
check "--json is --format=json" 0 '^\[\{"run_id":' -- \
  "$frontdoor" runs list --json
check "runs list as CSV" 0 '^beside-up,[0-9]+,20[0-9-]+T' -- \
  "$frontdoor" runs list --format=csv
check "policy list as JSON" 0 '"policy_id":"england-continuum","version":1' -- \
  "$frontdoor" policy list --format=json
check "a format a command cannot write is a usage error" 2 \
  "--format: text, json, csv; not 'xml'" -- "$frontdoor" runs list --format=xml
check "submit --json prints the response as JSON" 0 '^\{"record":\{"contact_id":"6:P-9"' -- \
  "$frontdoor" submit --source=6 --id=P-9 --child=C9 --dob=2019-04-02 \
  --factors=3B --time=2024-09-03T10:15:00Z --json
check "child --format=json prints the contacts and the level" 0 \
  '^\{"contacts":\{.*\},"level":\{' -- "$frontdoor" child --child=C9 --format=json
# The demo's table lines up whatever its ids' lengths: each row's decision
# starts where its heading does.
"$frontdoor" demo --out="$work/demo-out" >"$work/demo.txt" 2>&1
table=$(awk '/^contact +child/{on=1} on && /^$/{exit} on' "$work/demo.txt")
col=$(head -1 <<<"$table" | grep -bo 'decision' | cut -d: -f1)
if [ -n "$col" ] && [ "$(wc -l <<<"$table")" -gt 5 ] &&
   tail -n +2 <<<"$table" | awk -v c="$col" \
     '{ if (substr($0, c, 1) != " " || substr($0, c + 1, 1) == " ") bad = 1 }
      END { exit bad }'; then
  record "the demo's table lines up"
else
  head -20 "$work/demo.txt"
  record "the demo's table lines up" fail
fi
# The image's health check: intake's own certificate asks its health.
tls=(--tls_ca="$FRONTDOOR_DATA_DIR/tls/ca.pem"
  --tls_cert="$FRONTDOOR_DATA_DIR/tls/intake.pem"
  --tls_key="$FRONTDOOR_DATA_DIR/tls/intake.key")
check "probe says intake and its peers are serving" 0 \
  '^frontdoor.v1.IntakeService is serving$' -- \
  "$frontdoor" probe --address="$FRONTDOOR_INTAKE" \
  --name=frontdoor.v1.IntakeService "${tls[@]}"
check "probe of nothing listening exits 3" 3 '^frontdoor probe: 127.0.0.1:1: ' \
  -- "$frontdoor" probe --address=127.0.0.1:1 "${tls[@]}"
check "runs show measures the run from the services" 0 \
  '^run beside-up: .*from the records the services hold' -- \
  bash -c "'$frontdoor' runs show beside-up | tr '\n' ' '"
check "runs show as JSON" 0 '"runId": *"beside-up"|"run_id": *"beside-up"' -- \
  "$frontdoor" runs show beside-up --format=json

# The stores and logs hold children's records: private to their user.
open=$(find "$work/up" -perm /077 | head -3)
if [ -z "$open" ] && [ "$(stat -c %a "$work/up")" = 700 ]; then
  record "data folders are 0700 and files 0600"
else
  echo "    readable by others: $open"
  record "data folders are 0700 and files 0600" fail
fi

# What a deployment mounts, made in one private folder, kept when made again.
check "secrets init makes a CA, certificates, a key and a tokens file" 0 \
  'deploy/README.md' -- "$frontdoor" secrets init --data_dir="$work/secrets"
ca_before=$(cat "$work/secrets/tls/ca.pem")
"$frontdoor" secrets init --data_dir="$work/secrets" >/dev/null
made=$(ls "$work/secrets/tls" "$work/secrets" | sort | tr '\n' ' ')
if [ "$(stat -c %a "$work/secrets")" = 700 ] &&
   [ -z "$(find "$work/secrets" -perm /077 -type f)" ] &&
   [ "$(cat "$work/secrets/tls/ca.pem")" = "$ca_before" ] &&
   [ -s "$work/secrets/tls/intake.key" ] && [ -s "$work/secrets/pseudonym.key" ]; then
  record "secrets are private and kept when made again"
else
  echo "    made: $made"
  record "secrets are private and kept when made again" fail
fi

# A partner onboarded by the tool: its folder, listed, rotated, revoked.
check "secrets issue refuses an agency without sources" 2 'sources' -- \
  "$frontdoor" secrets issue --data_dir="$work/secrets" --agency=police \
  --out="$work/partner-none"
if [ -e "$work/partner-none" ]; then
  record "a refused issue writes nothing" fail
else
  record "a refused issue writes nothing"
fi
check "secrets issue writes the partner's folder" 0 'partner-police' -- \
  "$frontdoor" secrets issue --data_dir="$work/secrets" --agency=police \
  --sources=6 --out="$work/partner-police"
if [ -s "$work/partner-police/ca.pem" ] && [ -s "$work/partner-police/police.pem" ] &&
   [ -s "$work/partner-police/police.key" ] &&
   [ "$(tail -c 1 "$work/partner-police/police.token" | od -An -c | tr -d ' ')" = '\n' ] &&
   [ "$(stat -c %a "$work/partner-police")" = 700 ] &&
   [ -z "$(find "$work/partner-police" -perm /077 -type f)" ]; then
  record "the partner's folder holds the CA, its certificate, key and token, privately"
else
  ls -l "$work/partner-police"
  record "the partner's folder holds the CA, its certificate, key and token, privately" fail
fi
"$frontdoor" secrets issue --data_dir="$work/secrets" --agency=police \
  --sources=6 --out="$work/partner-police-2" >/dev/null
check "secrets list shows both certificates live" 0 'police .* live' -- \
  "$frontdoor" secrets list --data_dir="$work/secrets"
check "token list shows the agency's sources" 0 'police .* live +6' -- \
  "$frontdoor" token list --data_dir="$work/secrets"
check "token list as JSON" 0 '"agency":"police","issued_utc":"20[0-9-]+T[0-9:]+Z","state":"live","sources":"6"' -- \
  "$frontdoor" token list --data_dir="$work/secrets" --json
check "secrets list as CSV" 0 '^[0-9A-Fa-f:]+,police,20[0-9-]+T[0-9:]+Z,live$' -- \
  "$frontdoor" secrets list --data_dir="$work/secrets" --format=csv
check "secrets revoke takes the agency's certificates and tokens" 0 \
  'revoked 2 certificates and 2 tokens' -- \
  "$frontdoor" secrets revoke --data_dir="$work/secrets" --agency=police

# Redirected, progress is a line per tenth at most; --quiet, none.
"$frontdoor" simulate --scenario="$src/tests/data/history-scenario.textproto" \
  --run=logged --out="$work/out" >"$work/sim.txt" 2>&1
lines=$(grep -cE '\] +[0-9]+% ' "$work/sim.txt")
if [ "$lines" -le 15 ] && [ "$lines" -ge 2 ]; then
  record "redirected progress is short ($lines lines)"
else
  record "redirected progress is short ($lines lines)" fail
fi
"$frontdoor" simulate -q --scenario="$src/tests/data/history-scenario.textproto" \
  --run=quiet --out="$work/out" >"$work/quiet.txt" 2>&1
if grep -qE '\] +[0-9]+% ' "$work/quiet.txt"; then
  record "--quiet shows no progress" fail
else
  record "--quiet shows no progress"
fi

# A scenario's people and pathway are checked before anything runs.
cat > "$work/bad-people.textproto" <<'SCENARIO'
child_population: 10000 start_date: "2023-09-01" days: 30
social_work { vacancy_rate: 1.5 }
SCENARIO
check "a vacancy rate above 1 is refused, naming the field" 2 \
  'social_work.vacancy_rate: must be in \[0, 1\), not 1.5' -- \
  "$frontdoor" simulate -q --scenario="$work/bad-people.textproto" \
  --run=bad-people --out="$work/out"
sed -i 's/social_work { vacancy_rate: 1.5 }/child_protection { plan_given_icpc: 2 }/' \
  "$work/bad-people.textproto"
check "a plan share above 1 is refused, naming the field" 2 \
  'child_protection.plan_given_icpc: must be in \[0, 1\]' -- \
  "$frontdoor" simulate -q --scenario="$work/bad-people.textproto" \
  --run=bad-people --out="$work/out"
sed -i 's/child_protection { plan_given_icpc: 2 }/demand { partners { source_group: "Polise" overstate: 0.2 } }/' \
  "$work/bad-people.textproto"
check "an unknown partner group is refused, naming it" 2 \
  "demand.partners.source_group: 'Polise' is not a referral-source group" -- \
  "$frontdoor" simulate -q --scenario="$work/bad-people.textproto" \
  --run=bad-people --out="$work/out"
sed -i 's/demand { partners { source_group: "Polise" overstate: 0.2 } }/mash { screener_disagreement: -0.1 }/' \
  "$work/bad-people.textproto"
check "a negative screener disagreement is refused, naming the field" 2 \
  'mash.screener_disagreement: must not be negative' -- \
  "$frontdoor" simulate -q --scenario="$work/bad-people.textproto" \
  --run=bad-people --out="$work/out"
# Absurd figures are refused by name, before anything runs or is stored.
for absurd in "child_population: 1000000000000|child_population: must be at most" \
  "mash { screeners: -3 }|mash.screeners: must not be negative" \
  "demand { contacts_per_10k: 1e12 }|demand.contacts_per_10k: must be at most" \
  "social_work { posts_per_10k: -1 }|social_work.posts_per_10k: must not be negative"; do
  echo "${absurd%%|*}" >"$work/absurd.textproto"
  check "an absurd scenario is refused: ${absurd%%|*}" 2 "${absurd#*|}" -- \
    "$frontdoor" simulate -q --scenario="$work/absurd.textproto" \
    --run=absurd --out="$work/out"
done
if "$frontdoor" runs list 2>&1 | grep -q '^absurd'; then
  record "an absurd scenario stores no run" fail
else
  record "an absurd scenario stores no run"
fi

# Replications report where the mean lies and where one more run would fall.
cat > "$work/short.textproto" <<'SCENARIO'
name: "short" child_population: 10000 start_date: "2023-09-01" days: 30
warmup_days: 10 seed: 7
SCENARIO
check "replications give confidence and prediction intervals" 0 \
  '^Referrals +[0-9,.]+ +-?[0-9,.]+ to [0-9,.]+ +-?[0-9,.]+ to [0-9,.]+$' -- \
  "$frontdoor" simulate -q --scenario="$work/short.textproto" --replications=3 \
  --run=reps --out="$work/out"
# People read shares as percentages and numbers without exponents.
if "$frontdoor" simulate -q --scenario="$work/short.textproto" \
     --replications=3 --run=reps --out="$work/out" >"$work/reps.txt" 2>&1 &&
   grep -qE '^Decided within 1 working day +[0-9.]+% ' "$work/reps.txt" &&
   ! grep -qE '[0-9]e[+-][0-9]' "$work/reps.txt"; then
  record "replicated summaries show shares in % and no exponents"
else
  grep -E 'Decided|e\+' "$work/reps.txt" | head -3
  record "replicated summaries show shares in % and no exponents" fail
fi
if grep -q '"pi_high"' "$work/out/reps-replications.json"; then
  record "the replication summary holds the prediction intervals"
else
  record "the replication summary holds the prediction intervals" fail
fi

# Two replicated runs compare with intervals, as CSV: same seeds, paired.
sed 's/name: "short"/name: "short, busier" demand { contacts_per_10k: 3000 }/' \
  "$work/short.textproto" > "$work/busier.textproto"
"$frontdoor" simulate -q --scenario="$work/busier.textproto" --replications=3 \
  --run=reps-b --out="$work/out" >/dev/null 2>&1
check "two replicated runs compare as CSV" 0 'wrote .*compare.csv' -- \
  "$frontdoor" compare reps reps-b --format=csv --file="$work/compare.csv" \
  --out="$work/out"
header=$(head -1 "$work/compare.csv")
row=$(grep '^reps,reps-b,3,3,contacts,Contacts,count,' "$work/compare.csv" || true)
share=$(grep ',decided_within_one_working_day,Decided within 1 working day,share,0\.[0-9]*,' "$work/compare.csv" || true)
if [ "$header" = "run_a,run_b,replications_a,replications_b,kpi,label,unit,a,b,difference,difference_low,difference_high,interval_method,relative_change" ] &&
   echo "$row" | awk -F, '$11 != "" && $12 != "" && $11 <= $10 && $10 <= $12 && $13 == "paired" && $11 > 0 { ok = 1 } END { exit !ok }' &&
   [ -n "$share" ]; then
  record "the CSV holds each difference inside its interval (busier: more contacts)"
else
  echo "    header: $header"; echo "    row: $row"
  record "the CSV holds each difference inside its interval (busier: more contacts)" fail
fi
check "compare leads with what changed, in words" 0 \
  '^  Contacts rises from [0-9,.]+ to [0-9,.]+ \(\+[0-9,.]+; 95% interval \+' -- \
  "$frontdoor" compare reps reps-b --out="$work/out"
check "compare names KPIs in English with units" 0 \
  '^Median decision time \(hours\) +[0-9.]+ +[0-9.]+ ' -- \
  "$frontdoor" compare reps reps-b --out="$work/out"
check "compare refuses a run it cannot find, saying how to make one" 1 \
  'nowhere: neither .* --replications' -- \
  "$frontdoor" compare reps nowhere --out="$work/out"
check "report writes a replicated run's page" 0 "report: $work/out/reps-report.html" -- \
  "$frontdoor" report reps --from="$work/out"

finish
