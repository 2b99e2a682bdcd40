/**
 * The provider code Pulumi stores in state, run the way the dynamic provider
 * host runs it: loaded from its text by a plain Node.js process (no TypeScript
 * loader) in the project directory, with credentials only in the environment.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { evaluateProgram } from "../../../cli/plan/evaluate";
import { Team } from "../../../providers/dockerhub";
import { getEngine } from "../../support/engine";
import { ORG, startResourceEnv, TOKEN, type ResourceEnv } from "./env";

/** Loads provider text as the host does (a module compiled from a string), then runs one method. */
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
function runInHost(code: string, calls: readonly (readonly [string, unknown[]])[], env: NodeJS.ProcessEnv): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    // No --import=tsx: the host process is plain Node.js.
    const child = spawn(process.execPath, ["-e", HOST], { cwd: process.cwd(), env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status !== 0) reject(new Error(`host exited ${status}: ${err}`));
      else resolve(JSON.parse(out) as unknown[]);
    });
    child.stdin.end(JSON.stringify({ code, calls }));
  });
}

describe("the serialized Docker Hub provider", () => {
  let env: ResourceEnv;
  before(async () => {
    env = await startResourceEnv();
  });
  after(async () => {
    await env.close();
  });

  it("runs in a plain Node.js host against Docker Hub, reading credentials from that host's environment only", async () => {
    const { resources } = await evaluateProgram(
      getEngine(),
      () => {
        new Team("admins", { org: ORG, name: "cortex-admins", description: "Admins" });
        return {};
      },
      { config: {} },
    );
    const code = resources[0]?.rawInputs.__provider;
    assert.equal(typeof code, "string");
    const teamId = env.emulator.seedTeam(ORG, "cortex-admins", { description: "Admins" });

    const hostEnv = { PATH: process.env.PATH, DOCKERHUB_USERNAME: ORG, DOCKERHUB_TOKEN: TOKEN, DOCKERHUB_API_URL: env.emulator.url };
    const [checked, read] = await runInHost(
      code as string,
      [
        ["check", [{}, { org: ORG, name: "x" }]],
        ["read", ["cortex/cortex-admins", { org: ORG, name: "cortex-admins", description: "Admins" }]],
      ],
      hostEnv,
    );
    assert.match((checked as { failures: { reason: string }[] }).failures[0]?.reason ?? "", /"x" is not a Docker Hub team name/);
    assert.deepEqual(read, {
      id: "cortex/cortex-admins",
      props: { org: ORG, name: "cortex-admins", description: "Admins", teamId },
      inputs: { org: ORG, name: "cortex-admins", description: "Admins" },
    });
  });
});
