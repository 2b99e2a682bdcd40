/*
 * Mocha root setup. `mochaGlobalSetup` runs once, in the main process: it
 * refuses a Node.js older than the project supports and prints the runtime and
 * the property tests' seed. The rest runs in every worker: fast-check's seed,
 * and Pulumi's runtime, which is process-wide, so the recording engine is
 * installed exactly once, before any spec imports the program. Specs get it
 * from tests/support/engine.ts.
 */
import fc from "fast-check";
import { startEarly } from "./support/early";
import { installEngine } from "./support/engine";
import { stopSharedMoto } from "./support/moto";
import { propertySeed } from "./support/seed";

const MINIMUM_NODE_MAJOR = 24;

fc.configureGlobal({ seed: propertySeed() });

export function mochaGlobalSetup(): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < MINIMUM_NODE_MAJOR) {
    throw new Error(
      `the tests run on Node.js ${String(MINIMUM_NODE_MAJOR)} or later, this is ${process.version}: ` +
        "run them through npm (npm test, npx mocha), which puts the project's Node.js (node_modules/.bin/node) first on PATH",
    );
  }
  console.log(
    `node ${process.version}; property tests' seed ${String(propertySeed())} (replay with FC_SEED=${String(propertySeed())})`,
  );
}

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await installEngine();
    startEarly();
  },
  async afterAll(): Promise<void> {
    await stopSharedMoto();
  },
};
