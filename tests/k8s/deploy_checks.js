// What a deployed stack needs of deploy/: every service serves metrics
// where Prometheus looks (k8s annotations and a named port, compose's
// flags), runs the version the build makes (no :latest), is sized from
// measurement (requests and limits), and is health-checked in its image.
// Prints "deployable" or each thing missing.
// Usage: node deploy_checks.js SOURCE_DIR
"use strict";
const fs = require("fs");
const YAML = require("yaml");

const src = process.argv[2];
const read = (path) => fs.readFileSync(`${src}/${path}`, "utf8");
const version = /project\(frontdoor VERSION ([0-9.]+)/.exec(
    read("CMakeLists.txt"))[1];
const missing = [];
const want = (ok, what) => { if (!ok) missing.push(what); };

const metricsPort = { intake: 9151, threshold: 9152, stepping: 9153 };
for (const [service, port] of Object.entries(metricsPort)) {
  const docs = YAML.parseAllDocuments(read(`deploy/k8s/${service}.yaml`))
      .map((d) => d.toJS());
  const set = docs.find((d) => d && d.kind === "StatefulSet");
  const svc = docs.find((d) => d && d.kind === "Service");
  const pod = set.spec.template;
  const c = pod.spec.containers[0];
  const a = pod.metadata.annotations || {};
  want(c.args.includes(`--metrics_listen=0.0.0.0:${port}`),
       `k8s ${service}: --metrics_listen on ${port}`);
  want(a["prometheus.io/scrape"] === "true" &&
       a["prometheus.io/port"] === String(port),
       `k8s ${service}: scrape annotations for ${port}`);
  want(c.ports.some((p) => p.name === "metrics" && p.containerPort === port) &&
       svc.spec.ports.some((p) => p.name === "metrics" && p.port === port),
       `k8s ${service}: a port named metrics on the pod and the Service`);
  want(c.image === `frontdoor:${version}`,
       `k8s ${service}: image frontdoor:${version}, not ${c.image}`);
  const r = c.resources || {};
  want(r.requests && r.requests.cpu && r.requests.memory && r.limits &&
       r.limits.cpu && r.limits.memory,
       `k8s ${service}: cpu and memory requests and limits`);
}
for (const job of ["national/job.yaml", "national/merge-job.yaml"]) {
  want(!read(`deploy/k8s/${job}`).includes("frontdoor:latest"),
       `k8s ${job}: a versioned image`);
}
const compose = YAML.parse(read("deploy/compose.yaml"));
for (const [service, port] of Object.entries(metricsPort)) {
  const s = compose.services[service];
  want(s.command.includes(`--metrics_listen=0.0.0.0:${port}`),
       `compose ${service}: --metrics_listen on ${port}`);
  want(s.image === `frontdoor:${version}`,
       `compose ${service}: image frontdoor:${version}`);
  want(s.environment && s.environment.FRONTDOOR_PROBE_ADDRESS,
       `compose ${service}: a health probe address`);
}
const dockerfile = read("deploy/Dockerfile");
want(/^COPY scenarios\/ /m.test(dockerfile), "image: the shipped scenarios");
want(/^HEALTHCHECK .*frontdoor probe/ms.test(dockerfile),
     "image: a HEALTHCHECK running frontdoor probe");
want(dockerfile.includes(`frontdoor:${version}`),
     `image: built as frontdoor:${version}`);
for (const pkg of ["prometheus-cpp-dev", "libcivetweb-dev", "libboost-dev"]) {
  want(dockerfile.includes(pkg), `image: builds with ${pkg}`);
}
console.log(missing.length === 0 ? "deployable" : missing.join("\n"));
process.exit(missing.length === 0 ? 0 : 1);
