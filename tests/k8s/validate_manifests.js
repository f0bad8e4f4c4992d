// Checks Kubernetes manifests against Kubernetes' own schemas: every
// document of every file given is validated as its apiVersion and kind
// (kubernetes-models, generated from Kubernetes' OpenAPI), and an unknown
// apiVersion or kind is an error, not a pass.
// Usage: node validate_manifests.js FILE.yaml...
"use strict";
const fs = require("fs");
const YAML = require("yaml");

// "batch/v1" -> "kubernetes-models/batch/v1"; "v1" -> "kubernetes-models/v1".
function modelOf(apiVersion, kind) {
  let module;
  try {
    module = require(`kubernetes-models/${apiVersion}`);
  } catch (e) {
    throw new Error(`apiVersion ${apiVersion} is not one Kubernetes has`);
  }
  if (typeof module[kind] !== "function") {
    throw new Error(`${apiVersion} has no kind ${kind}`);
  }
  return module[kind];
}

let documents = 0;
let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${file}: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    const name = `${file}: ${object.kind} ${object.metadata && object.metadata.name}`;
    documents++;
    try {
      const Model = modelOf(object.apiVersion, object.kind);
      new Model(object).validate();
      console.log(`ok   ${name}`);
    } catch (e) {
      console.log(`FAIL ${name}: ${e.message.split("\n")[0]}`);
      failures++;
    }
  }
}
console.log(`${documents} documents, ${failures} failing`);
process.exit(failures > 0 || documents === 0 ? 1 : 0);
