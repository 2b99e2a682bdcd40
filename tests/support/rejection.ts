import assert from "node:assert/strict";

/** The error `body` rejects with; fails the test when it resolves. */
export async function rejection(body: () => Promise<unknown>): Promise<Error> {
  try {
    await body();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  assert.fail("expected a rejection, but the call resolved");
}
