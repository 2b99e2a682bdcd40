import { installRecordingMocks, type RecordingMocks } from "../../cli/plan/mock-runtime";

export const TEST_PROJECT = "release-infra";
export const TEST_STACK = "test";

let engine: RecordingMocks | undefined;

/** Installs the recording engine once per process (idempotent). */
export async function installEngine(): Promise<RecordingMocks> {
  engine ??= await installRecordingMocks(TEST_PROJECT, TEST_STACK);
  return engine;
}

/** The engine installed by the root setup. */
export function getEngine(): RecordingMocks {
  if (engine === undefined)
    throw new Error("the recording engine is installed by tests/setup.ts; run specs through mocha");
  return engine;
}
