/*
 * Runs the dynamic-provider code Pulumi stores in state the way the provider
 * host does: text compiled as a module by a plain Node.js process (no
 * TypeScript loader) in the project directory, credentials only in its
 * environment.
 */
import { spawn } from "node:child_process";

const HOST = `
const Module = require("node:module");
const path = require("node:path");
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", async () => {
  const { code, calls } = JSON.parse(text);
  const file = path.join(process.cwd(), "serialized-provider.js");
  const m = new Module(file);
  m.filename = file;
  m.paths = Module._nodeModulePaths(process.cwd());
  m._compile(code, file);
  const provider = m.exports.handler();
  const results = [];
  for (const [method, args] of calls) results.push(await provider[method](...args));
  process.stdout.write(JSON.stringify(results));
});
`;

/** Runs `calls` (method, arguments) one after the other in one host process; returns their results. */
export function runInProviderHost(
  code: string,
  calls: readonly (readonly [string, unknown[]])[],
  env: NodeJS.ProcessEnv,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", HOST], { cwd: process.cwd(), env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status !== 0) reject(new Error(`host exited ${String(status)}: ${err}`));
      else resolve(JSON.parse(out) as unknown[]);
    });
    child.stdin.end(JSON.stringify({ code, calls }));
  });
}
