// Validates cert-manager (with approver-policy), External Secrets and prometheus-operator objects with their typed models (npm
// @kubernetes-models/*, versions pinned by package-lock.json): each model's own validation (types,
// required fields, enums, formats), plus what those models let through: a field the type does not
// declare. The declared fields are read from the models' TypeScript declarations (.d.ts), which are
// generated from the projects' CRDs like the validators.
// Input: a JSON array of objects on stdin. Output: one line per problem; exit 1 if any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const MODELS = {
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
  "policy.cert-manager.io/v1alpha1": "@kubernetes-models/cert-manager/policy.cert-manager.io/v1alpha1",
  "external-secrets.io/v1": "@kubernetes-models/external-secrets/external-secrets.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

function packageDir(spec) {
  const [scope, name] = spec.split("/");
  return path.dirname(require.resolve(`${scope}/${name}/package.json`));
}

// Declared properties of interface `name` in a .d.ts file: { prop: { optional, type } }, and imports.
const parsed = new Map();
function parseDts(file) {
  if (parsed.has(file)) return parsed.get(file);
  const text = readFileSync(file, "utf8");
  const imports = {};
  for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) imports[m[1]] = m[2];
  const interfaces = {};
  for (const m of text.matchAll(/export interface (\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/g)) {
    const props = {};
    let depth = 0;
    for (const line of m[2].split("\n")) {
      const p = depth === 0 ? line.match(/^    "([^"]+)"(\??): (.*?);?$/) : null;
      if (p) props[p[1]] = { optional: p[2] === "?", type: p[3] };
      depth += (line.match(/\{/g) || []).length - (line.match(/\}/g) || []).length;
    }
    interfaces[m[1]] = props;
  }
  // `export type { ICertificateSpec as IComGithub...CertificateSpec }`: the long names other files import.
  for (const m of text.matchAll(/export type \{ (\w+) as (\w+)/g)) {
    if (interfaces[m[1]]) interfaces[m[2]] = interfaces[m[1]];
  }
  const result = { interfaces, imports, dir: path.dirname(file) };
  parsed.set(file, result);
  return result;
}

// Checks `value` against type `type` as declared in `dts`; pushes unknown fields to `problems`.
function check(value, type, dts, where, problems) {
  type = type.trim();
  const array = type.match(/^Array<(.+)>$/);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => check(v, array[1], dts, `${where}[${i}]`, problems));
    return;
  }
  const named = type.match(/^(I\w+)$/);
  if (!named || value === null || typeof value !== "object" || Array.isArray(value)) return;
  let file = dts, name = named[1];
  if (!dts.interfaces[name]) {
    const from = dts.imports[name];
    if (!from || from.startsWith("@kubernetes-models/apimachinery")) return; // ObjectMeta & co: Kubernetes' own
    file = parseDts(path.resolve(dts.dir, from.replace(/\.js$/, ".d.ts")));
  }
  const props = file.interfaces[name];
  if (!props) return;
  if (Object.keys(props).length === 0) return; // a type alias or an open object
  for (const [key, v] of Object.entries(value)) {
    if (!(key in props)) problems.push(`${where}.${key}: not a field of ${name.replace(/^IComGithub\w*?V\d\w*?(?=[A-Z][a-z])/, "")}`);
    else check(v, props[key].type, file, `${where}.${key}`, problems);
  }
}

const objects = JSON.parse(readFileSync(0, "utf8"));
const problems = [];
for (const object of objects) {
  const id = `${object.kind}/${object.metadata?.name}`;
  const base = MODELS[object.apiVersion];
  if (!base) { problems.push(`${id}: no model for apiVersion ${object.apiVersion}`); continue; }
  const dir = packageDir(base);
  const relative = base.split("/").slice(2).join("/");
  let Model;
  try {
    Model = (await import(`${base}/${object.kind}`))[object.kind];
  } catch (e) {
    problems.push(`${id}: no model for kind ${object.kind} in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${id}: ${e.message.replace(/\s+/g, " ")}`);
  }
  const dts = parseDts(path.join(dir, relative, `${object.kind}.d.ts`));
  check(object, `I${object.kind}`, dts, id, problems);
}
for (const p of problems) console.log(p);
console.log(`${objects.length} objects checked, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
