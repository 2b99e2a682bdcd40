#!/usr/bin/env node
// extract.mjs — cut a small, description-free extract of a Pulumi package schema.
//
// Regenerates tests/contract/schemas/github.json (and aws.json, once the real
// pulumi-aws schema can be had). From this directory, with the Pulumi CLI:
//
//   pulumi package get-schema github@6.15.0 > /tmp/github-schema.json
//   node extract.mjs /tmp/github-schema.json --provider pulumi-github --version 6.15.0 \
//     --source "pulumi/pulumi-github@v6.15.0 provider/cmd/pulumi-resource-github/schema.json" \
//     --commit e46c2bbdc297d05a418b40af162f1da43547819a --tokens-file github-tokens.txt --out github.json
//
//   pulumi package get-schema aws@7.48.0 > /tmp/aws-schema.json
//   node extract.mjs /tmp/aws-schema.json --provider pulumi-aws --version 7.48.0 \
//     --source "pulumi/pulumi-aws@v7.48.0 provider/cmd/pulumi-resource-aws/schema.json" \
//     --commit <sha of tag v7.48.0> --tokens-file aws-tokens.txt --out aws.json
//
// (or read provider/cmd/pulumi-resource-<name>/schema.json at the provider's tag),
// then `npx prettier --write github.json aws.json` and `npx mocha tests/contract/contract.test.ts`.
// The version must be the one package-lock.json pins; bump both together.
//
// Usage:
//   node extract.mjs <schema.json> [options] <token> [<token> ...]
//   node extract.mjs <schema.json> [options] --tokens-file <file>   (one token a line, # comments)
//
// Options (all optional, copied verbatim into the output header):
//   --provider <name>   e.g. pulumi-aws        (default: "pulumi-" + schema.name)
//   --version <v>       e.g. 7.48.0            (default: schema.version, if the schema has one)
//   --source <text>     e.g. "pulumi/pulumi-aws@v7.48.0 provider/cmd/pulumi-resource-aws/schema.json"
//   --commit <sha>      the commit the schema was read at
//   --out <file>        write there instead of stdout
//
// A token is a resource token ("aws:ecr/repository:Repository") or the provider
// itself ("pulumi:providers:aws"). For each one the extract keeps only
// inputProperties + requiredInputs, and then every type reachable through
// "#/types/..." references (recursively), with their properties/required
// (object types) or their values (enum types).
//
// Per property it keeps: type, $ref, items, additionalProperties, oneOf, enum,
// const, default, defaultInfo, secret, deprecationMessage, willReplaceOnChanges.
// It drops: description, language, and everything else.
// Exits non-zero, listing near matches, if a token is not in the schema.
// No dependencies; Node >= 18.

import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";

const PROP_KEYS = [
  "type",
  "$ref",
  "items",
  "additionalProperties",
  "oneOf",
  "enum",
  "const",
  "default",
  "defaultInfo",
  "secret",
  "deprecationMessage",
  "willReplaceOnChanges",
];
const NESTED = new Set(["items", "additionalProperties"]);

function usage(msg) {
  if (msg) process.stderr.write(`extract.mjs: ${msg}\n`);
  process.stderr.write(
    "usage: node extract.mjs <schema.json> [--provider P] [--version V] [--source S] [--commit C] [--out F] [--tokens-file F] <token>...\n",
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
if (argv.length === 0) usage();
const opts = {};
const tokens = [];
let schemaPath;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a.startsWith("--")) {
    const key = a.slice(2);
    if (!["provider", "version", "source", "commit", "out", "tokens-file"].includes(key)) usage(`unknown option ${a}`);
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    opts[key] = argv[++i];
  } else if (schemaPath === undefined) {
    schemaPath = a;
  } else {
    tokens.push(a);
  }
}
if (!schemaPath) usage("no schema path");
if (opts["tokens-file"]) {
  for (const line of readFileSync(opts["tokens-file"], "utf8").split(/\r?\n/)) {
    const t = line.replace(/#.*/, "").trim();
    if (t) tokens.push(t);
  }
}
if (tokens.length === 0) usage("no tokens");

const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const types = schema.types ?? {};
const resources = schema.resources ?? {};

const LOCAL_TYPE_REF = "#/types/";
const wantedTypes = new Set();
const externalRefs = new Set();

function noteRef(ref) {
  if (ref.startsWith(LOCAL_TYPE_REF)) wantedTypes.add(decodeURIComponent(ref.slice(LOCAL_TYPE_REF.length)));
  else if (!ref.startsWith("pulumi.json#")) externalRefs.add(ref);
}

// Copy one property spec, keeping only PROP_KEYS, recursing into items /
// additionalProperties / oneOf, and noting every $ref it meets.
function stripProp(p) {
  if (p === null || typeof p !== "object") return p;
  const out = {};
  for (const k of PROP_KEYS) {
    if (!(k in p)) continue;
    const v = p[k];
    if (k === "$ref") {
      noteRef(v);
      out[k] = v;
    } else if (NESTED.has(k)) out[k] = typeof v === "object" ? stripProp(v) : v;
    else if (k === "oneOf") out[k] = v.map(stripProp);
    else out[k] = v;
  }
  return out;
}

function stripProps(props) {
  const out = {};
  for (const [name, p] of Object.entries(props ?? {})) out[name] = stripProp(p);
  return out;
}

function nearMatches(token) {
  const tail = token.split(/[:/]/).pop().toLowerCase();
  return Object.keys(resources)
    .filter((t) => t.toLowerCase().includes(tail))
    .slice(0, 10);
}

const outResources = {};
const missing = [];
for (const token of tokens) {
  let r;
  if (token.startsWith("pulumi:providers:")) r = schema.provider;
  else r = resources[token];
  if (!r) {
    missing.push(token);
    continue;
  }
  const entry = {
    inputProperties: stripProps(r.inputProperties),
    requiredInputs: [...(r.requiredInputs ?? [])],
  };
  if (r.deprecationMessage) entry.deprecationMessage = r.deprecationMessage;
  outResources[token] = entry;
}
if (missing.length) {
  for (const t of missing) {
    process.stderr.write(`extract.mjs: token not in schema: ${t}\n`);
    const near = nearMatches(t);
    if (near.length) process.stderr.write(`  near: ${near.join(", ")}\n`);
  }
  process.exit(1);
}

// Close over type references.
const outTypes = {};
const missingTypes = [];
const done = new Set();
let pending = [...wantedTypes];
while (pending.length) {
  const tok = pending.shift();
  if (done.has(tok)) continue;
  done.add(tok);
  const t = types[tok];
  if (!t) {
    missingTypes.push(tok);
    continue;
  }
  const before = new Set(wantedTypes);
  const o = {};
  if (t.type !== undefined) o.type = t.type;
  if (t.isOverlay) o.isOverlay = true;
  if (Array.isArray(t.enum)) {
    o.enum = t.enum.map((e) => {
      const v = { value: e.value };
      if (e.name !== undefined) v.name = e.name;
      if (e.deprecationMessage) v.deprecationMessage = e.deprecationMessage;
      return v;
    });
  } else {
    o.properties = stripProps(t.properties);
    o.required = [...(t.required ?? [])];
  }
  if (t.deprecationMessage) o.deprecationMessage = t.deprecationMessage;
  outTypes[tok] = o;
  for (const w of wantedTypes) if (!before.has(w)) pending.push(w);
}

const sortedTypes = {};
for (const k of Object.keys(outTypes).sort()) sortedTypes[k] = outTypes[k];

const result = {
  provider: opts.provider ?? `pulumi-${schema.name}`,
  version: opts.version ?? schema.version ?? null,
  source: opts.source ?? schemaPath,
  commit: opts.commit ?? null,
  resources: outResources,
  types: sortedTypes,
};
if (externalRefs.size) result.externalRefs = [...externalRefs].sort();
if (missingTypes.length) result.missingTypes = missingTypes.sort();

const text = JSON.stringify(result, null, 2) + "\n";
if (opts.out) writeFileSync(opts.out, text);
else process.stdout.write(text);
if (missingTypes.length) {
  process.stderr.write(`extract.mjs: warning: referenced types not defined in schema: ${missingTypes.join(", ")}\n`);
}
