// Reads a JSON array of Kubernetes objects on stdin and validates each against the OpenAPI
// schema of its apiVersion and kind, as compiled into the kubernetes-models package.
// Prints one line per problem and "validated N objects"; exits 1 if any object is invalid.
import { readFileSync } from "node:fs";

const MODELS = {
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/ServiceAccount": "kubernetes-models/v1/ServiceAccount",
  "v1/Secret": "kubernetes-models/v1/Secret",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
  "apps/v1/StatefulSet": "kubernetes-models/apps/v1/StatefulSet",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "rbac.authorization.k8s.io/v1/Role": "kubernetes-models/rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/RoleBinding": "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
};

const objects = JSON.parse(readFileSync(0, "utf8"));
let problems = 0;
for (const object of objects) {
  const type = `${object.apiVersion}/${object.kind}`;
  const where = `${object.kind} ${object.metadata?.name}`;
  const module = MODELS[type];
  if (!module) {
    console.log(`${where}: no schema known for ${type}`);
    problems++;
    continue;
  }
  const Model = (await import(module))[object.kind];
  try {
    new Model(object).validate();
  } catch (e) {
    console.log(`${where}: ${e.message}`);
    problems++;
  }
}
console.log(`validated ${objects.length} objects, ${problems} invalid`);
process.exit(problems === 0 ? 0 : 1);
