import assert from "node:assert/strict";
import { dockerHubImmutableTagRules } from "../../../lib/channels/mutability";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import type { RuleAnchoring } from "../../../lib/dockerhub/re2";
import { HubValidationError } from "../../../providers/dockerhub/client";
import { ORG, startHarness, type Harness } from "./harness";

const TAGS = ["1.5", "1.5.0", "v1.5", "2.0.0", "BETA", "beta-1", "latest"];

/** Which of {@link TAGS} the emulator refuses to delete under `rules`; the rest are deleted. */
async function undeletable(h: Harness, rules: readonly string[]): Promise<string[]> {
  h.emulator.seedRepository(ORG, "api");
  h.emulator.seedTags(ORG, "api", TAGS);
  await h.client.setImmutableTags(ORG, "api", { enabled: true, rules: [...rules] });
  const refused: string[] = [];
  for (const tag of TAGS) {
    try {
      await h.client.deleteTag(ORG, "api", tag);
    } catch (error) {
      assert.ok(error instanceof HubValidationError, String(error));
      refused.push(tag);
    }
  }
  assert.deepEqual(h.emulator.repository(ORG, "api")?.tags.toSorted(), refused.toSorted());
  return refused;
}

describe("Docker Hub emulator: immutable-tag rules (Go RE2, anchoring switchable)", () => {
  const expected: Record<RuleAnchoring, { partial: string[]; caseless: string[] }> = {
    "whole-tag": { partial: ["1.5"], caseless: ["BETA"] },
    anywhere: { partial: ["1.5", "1.5.0", "v1.5"], caseless: ["BETA", "beta-1"] },
  };

  for (const anchoring of ["whole-tag", "anywhere"] as const) {
    describe(`matching ${anchoring}`, () => {
      let h: Harness;
      beforeEach(async () => {
        h = await startHarness({ emulator: { immutableRuleAnchoring: anchoring } });
      });
      afterEach(async () => {
        await h.close();
      });

      it(`protects ${expected[anchoring].partial.join(", ")} with the unanchored rule 1\\.5`, async () => {
        assert.deepEqual(await undeletable(h, ["1\\.5"]), expected[anchoring].partial);
      });

      it(`reads (?i)beta case-insensitively, protecting ${expected[anchoring].caseless.join(", ")}`, async () => {
        assert.deepEqual(await undeletable(h, ["(?i)beta"]), expected[anchoring].caseless);
      });

      it("protects only release tags with the channel model's anchored rules, either way", async () => {
        assert.deepEqual(await undeletable(h, dockerHubImmutableTagRules(DEFAULT_MODEL)), ["1.5.0", "2.0.0"]);
      });
    });
  }

  it("matches the whole tag when started without a choice", async () => {
    const h = await startHarness();
    try {
      assert.deepEqual(await undeletable(h, ["1\\.5"]), ["1.5"]);
    } finally {
      await h.close();
    }
  });
});
