#!/usr/bin/env bash
# Every Kubernetes manifest in deploy/k8s validates against Kubernetes'
# schemas, and the validator refuses what Kubernetes would (a count that is
# not a number, a kind Kubernetes does not have); the national Job is an
# Indexed Job whose shard count is its completions, each index retried
# alone; and deploy/ serves metrics, runs versioned images with measured
# sizes, and health-checks its image (deploy_checks.js), which refuses a
# :latest image.
# Usage: k8s_manifests_test.sh SOURCE_DIR
set -u
src=$1

source "$src/tests/cli/check.sh"
make_work_dir
validate() { node "$src/tests/k8s/validate_manifests.js" "$@"; }

mapfile -t manifests < <(find "$src/deploy/k8s" -name '*.yaml' | sort)
check "every manifest validates (${#manifests[@]} files)" 0 \
  "documents, 0 failing" -- validate "${manifests[@]}"
sed 's/^  completions: 16$/  completions: sixteen/' \
  "$src/deploy/k8s/national/job.yaml" >"$work/bad-count.yaml"
check "a count that is not a number is refused" 1 \
  "spec/completions must be integer" -- validate "$work/bad-count.yaml"
sed 's/^kind: Job$/kind: Jobb/' "$src/deploy/k8s/national/job.yaml" \
  >"$work/bad-kind.yaml"
check "a kind Kubernetes does not have is refused" 1 "has no kind Jobb" -- \
  validate "$work/bad-kind.yaml"
check "the national Job is indexed, its shards its completions" 0 "^consistent$" \
  -- node -e '
const YAML = require(process.argv[1] + "/tests/k8s/node_modules/yaml");
const job = YAML.parse(require("fs").readFileSync(
    process.argv[1] + "/deploy/k8s/national/job.yaml", "utf8"));
const env = Object.fromEntries(
    job.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));
const ok = job.spec.completionMode === "Indexed" &&
    Number(env.NATIONAL_SHARDS) === job.spec.completions &&
    job.spec.backoffLimitPerIndex > 0 &&
    job.spec.template.spec.restartPolicy === "Never";
console.log(ok ? "consistent" : JSON.stringify({spec: job.spec, env}));' "$src"
check "deploy/ serves metrics, versioned, sized and health-checked" 0 \
  "^deployable$" -- node "$src/tests/k8s/deploy_checks.js" "$src"
mkdir -p "$work/src/deploy/k8s/national"
cp "$src/CMakeLists.txt" "$work/src/"
cp -r "$src/deploy/." "$work/src/deploy/"
sed -i 's/image: frontdoor:[0-9.]*/image: frontdoor:latest/' \
  "$work/src/deploy/k8s/stepping.yaml"
check "a :latest image is refused" 1 "k8s stepping: image frontdoor:" -- \
  node "$src/tests/k8s/deploy_checks.js" "$work/src"
finish
