#!/usr/bin/env node
// How aws.json was made (the real pulumi-aws schema.json could not be fetched),
// from the project root, against the installed @pulumi/aws 7.48.0:
//
//   node tests/contract/schemas/derive-from-nodejs-sdk.mjs node_modules/@pulumi/aws aws \
//     "$PWD/node_modules/typescript" $(grep -v '^#' tests/contract/schemas/aws-tokens.txt) > /tmp/aws-derived.json
//
// Its output holds `resources`, `types` and `unresolved`; aws.json is that output
// with the header keys (provider, version, source, commit: null, derivation) added
// by hand and the five `integerOverrides` listed under `derivation` applied.
// Prefer extract.mjs on the real schema whenever it can be had (see README.md).
//
// derive-from-nodejs-sdk.mjs — FALLBACK ONLY. Reconstructs an extract in the
// same shape as extract.mjs, not from schema.json but from a generated Pulumi
// Node.js SDK package (its .d.ts + .js), for when schema.json can't be had.
//
//   node derive-from-nodejs-sdk.mjs <sdkDir> <pkgName> <typescriptModulePath> <token>...
//
// What the SDK can and cannot tell (so the output is marked accordingly):
//  - property names, optional vs required, arrays, maps, $ref to object types,
//    enum values, unions (oneOf): yes, from the .d.ts
//  - deprecationMessage: yes, but as the Node.js rendering of the message
//  - secret (top level only): yes, from `pulumi.secret(args.x)` in the .js
//  - provider defaults / env defaults: yes, from the provider .js
//  - integer vs number: NO (both are `number`) -> emitted as "number" and
//    listed in `unresolved.numberNotIntegerChecked`
//  - willReplaceOnChanges: NO (the Node.js SDK does not carry it)
//  - type tokens: the file part of a type token is not in the SDK; this uses
//    "<pkg>:<module>/<Name>:<Name>", the bridge's convention (verified for
//    generated types against the real pulumi-github schema).
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import process from "node:process";

const [sdkDir, pkg, tsPath, ...tokens] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(tsPath);

let currentFile;
const unresolved = { numberNotIntegerChecked: [], tokenFilePartInferred: [] };
const wantedTypes = new Map(); // token -> {kind, ns, name}

function parse(file) {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}
function jsdocDeprecated(node) {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text === "deprecated") {
      const c = tag.comment;
      return (typeof c === "string" ? c : (c ?? []).map((x) => x.text).join("")).trim();
    }
  }
  return undefined;
}
function typeToken(ns, name) {
  return `${pkg}:${ns ?? "index"}/${name}:${name}`;
}

// Convert a TS type node (inside pulumi.Input<...>) to a schema property spec.
function conv(node, where) {
  // unwrap pulumi.Input<T>
  if (ts.isTypeReferenceNode(node) && node.typeName.getText() === "pulumi.Input")
    return conv(node.typeArguments[0], where);
  if (ts.isParenthesizedTypeNode(node)) return conv(node.type, where);
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    if (members.length === 1) return conv(members[0], where);
    return { oneOf: members.map((m) => conv(m, where)) };
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: "string" };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: "boolean" };
    case ts.SyntaxKind.NumberKeyword:
      unresolved.numberNotIntegerChecked.push(where);
      return { type: "number" };
    case ts.SyntaxKind.AnyKeyword:
      return { $ref: "pulumi.json#/Any" };
  }
  if (ts.isArrayTypeNode(node)) return { type: "array", items: conv(node.elementType, where + "[]") };
  if (ts.isTypeLiteralNode(node)) {
    const idx = node.members.find(ts.isIndexSignatureDeclaration);
    if (idx) return { type: "object", additionalProperties: conv(idx.type, where + "{}") };
  }
  if (ts.isTypeReferenceNode(node)) {
    const parts = node.typeName.getText().split(".");
    if (parts[0] === "inputs" || parts[0] === "enums") {
      const ns = parts.length === 3 ? parts[1] : undefined;
      const name = parts[parts.length - 1];
      const tok = typeToken(ns, name);
      wantedTypes.set(tok, { kind: parts[0], ns, name });
      return { $ref: `#/types/${tok}` };
    }
  }
  // A bare identifier imported from a resource module (e.g. `Role` in
  // `string | Role`) is a resource reference: resolve its token from the .js.
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && currentFile) {
    const id = node.typeName.text;
    const dir = currentFile.replace(/\/[^/]*$/, "");
    const candidates = [join(dir, id[0].toLowerCase() + id.slice(1) + ".js")];
    for (const c of candidates) {
      if (!existsSync(c)) continue;
      const m = readFileSync(c, "utf8").match(/__pulumiType = '([^']+)'/);
      if (m && m[1].endsWith(":" + id)) return { $ref: `#/resources/${m[1]}` };
    }
  }
  throw new Error(`unhandled type at ${where}: ${node.getText()}`);
}

function propsOf(members, where) {
  const props = {},
    required = [];
  for (const m of members) {
    if (!ts.isPropertySignature(m)) continue;
    const name = m.name.getText().replace(/^"|"$/g, "");
    const p = conv(m.type, `${where}.${name}`);
    const dep = jsdocDeprecated(m);
    if (dep) p.deprecationMessage = dep;
    props[name] = p;
    if (!m.questionToken) required.push(name);
  }
  return { props, required: required.sort() };
}

function findInterface(sf, name) {
  let found;
  const visit = (n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === name) found = n;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const resources = {};
for (const token of tokens) {
  let file, argsName;
  if (token.startsWith("pulumi:providers:")) {
    file = "provider";
    argsName = "ProviderArgs";
  } else {
    const [, modFile, name] = token.split(":");
    const [mod, fileBase] = modFile.split("/");
    file = mod === "index" ? fileBase : `${mod}/${fileBase}`;
    argsName = `${name}Args`;
  }
  const dts = join(sdkDir, file + ".d.ts");
  const js = readFileSync(join(sdkDir, file + ".js"), "utf8");
  currentFile = dts;
  const iface = findInterface(parse(dts), argsName);
  if (!iface) throw new Error(`${argsName} not found in ${dts}`);
  const { props, required } = propsOf(iface.members, token);
  // secrets, defaults from the .js
  for (const [name, p] of Object.entries(props)) {
    if (js.includes(`args?.${name} ? pulumi.secret(args.${name})`) || js.includes(`pulumi.secret(args.${name})`))
      p.secret = true;
    const env = js.match(new RegExp(`resourceInputs\\["${name}"\\] = .*?utilities\\.getEnv\\(([^)]*)\\)`));
    if (env) p.defaultInfo = { environment: env[1].split(",").map((s) => s.trim().replace(/^"|"$/g, "")) };
    const def = js.match(
      new RegExp(
        `resourceInputs\\["${name}"\\] = .*?\\(args\\?\\.${name}\\)\\s*\\?\\?\\s*(true|false|-?\\d+(?:\\.\\d+)?|"[^"]*")\\)`,
      ),
    );
    if (def) p.default = JSON.parse(def[1]);
    const envDef = js.match(
      new RegExp(
        `resourceInputs\\["${name}"\\] = .*?utilities\\.getEnv\\([^)]*\\)\\s*\\|\\|\\s*(true|false|-?\\d+(?:\\.\\d+)?|"[^"]*")\\)`,
      ),
    );
    if (envDef) p.default = JSON.parse(envDef[1]);
  }
  // required inputs as the constructor enforces them (cross-check)
  const jsRequired = [...js.matchAll(/Missing required property '([^']+)'/g)].map((m) => m[1]).sort();
  if (!token.startsWith("pulumi:providers:") && JSON.stringify(jsRequired) !== JSON.stringify(required)) {
    throw new Error(`${token}: d.ts required ${required} != js required ${jsRequired}`);
  }
  resources[token] = { inputProperties: props, requiredInputs: required };
}

currentFile = undefined;
// Close over referenced types.
const inputSf = parse(join(sdkDir, "types/input.d.ts"));
const nsIndex = new Map(); // "ns.Name" -> InterfaceDeclaration
const walkNs = (n, ns) => {
  if (ts.isModuleDeclaration(n)) {
    const inner = n.name.text;
    ts.forEachChild(n.body, (c) => walkNs(c, inner));
    return;
  }
  if (ts.isInterfaceDeclaration(n)) nsIndex.set(`${ns ?? ""}.${n.name.text}`, n);
  else ts.forEachChild(n, (c) => walkNs(c, ns));
};
ts.forEachChild(inputSf, (c) => walkNs(c, undefined));

const types = {};
const done = new Set();
let progress = true;
while (progress) {
  progress = false;
  for (const [tok, info] of [...wantedTypes]) {
    if (done.has(tok)) continue;
    done.add(tok);
    progress = true;
    if (info.kind === "inputs") {
      const iface = nsIndex.get(`${info.ns ?? ""}.${info.name}`);
      if (!iface) throw new Error(`type ${tok} not in types/input.d.ts`);
      const { props, required } = propsOf(iface.members, tok);
      types[tok] = { type: "object", properties: props, required };
    } else {
      const f = join(sdkDir, "types/enums", info.ns ?? "", "index.js");
      const src = existsSync(f) ? readFileSync(f, "utf8") : "";
      const m = src.match(new RegExp(`exports\\.${info.name} = \\{([\\s\\S]*?)\\n\\};`));
      if (!m) throw new Error(`enum ${tok} not found in ${f}`);
      const values = [...m[1].matchAll(/^\s*"?([A-Za-z0-9_$]+)"?:\s*("(?:[^"\\]|\\.)*"|-?[\d.]+|true|false),?$/gm)].map(
        ([, name, v]) => ({ value: JSON.parse(v), name }),
      );
      const t =
        typeof values[0]?.value === "number" ? "number" : typeof values[0]?.value === "boolean" ? "boolean" : "string";
      types[tok] = { type: t, enum: values };
    }
  }
}
const sorted = {};
for (const k of Object.keys(types).sort()) sorted[k] = types[k];
process.stdout.write(JSON.stringify({ resources, types: sorted, unresolved }, null, 2) + "\n");
