/*
 * Mocha root setup: Pulumi's runtime is process-wide, so the recording engine is
 * installed exactly once, before any spec imports the program. Specs get it from
 * tests/support/engine.ts.
 */
import { startEarly } from "./support/early";
import { installEngine } from "./support/engine";
import { stopSharedMoto } from "./support/moto";

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await installEngine();
    startEarly();
  },
  async afterAll(): Promise<void> {
    await stopSharedMoto();
  },
};
