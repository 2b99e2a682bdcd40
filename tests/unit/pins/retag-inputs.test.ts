/** The pure halves of the `retag:MovingTags` provider: input checks and the diff. */
import assert from "node:assert/strict";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import { checkMovingTags, diffMovingTags, UNKNOWN } from "../../../providers/retag/inputs";
import { cortex } from "../../support/tag-schemes";

const ECR = {
  registry: "ecr",
  repository: "cortex/cortex",
  channel: "stable",
  retention: { keep: "all" },
  sourceTag: "1.4.9",
  tagScheme: DEFAULT_TAG_SCHEME,
  tags: ["stable", "latest"],
  ecr: { region: "us-east-1", registryId: "123456789012" },
};
const OCI = {
  registry: "oci",
  repository: "cortexproject/cortex",
  channel: "stable",
  retention: { keep: "all" },
  sourceTag: "1.4.9",
  tagScheme: DEFAULT_TAG_SCHEME,
  tags: ["stable", "latest"],
  oci: { baseUrl: "https://registry-1.docker.io/" },
};
const reasons = (news: Record<string, unknown>) =>
  (checkMovingTags(news).failures ?? []).map((f) => `${f.property}: ${f.reason}`);

describe("retag:MovingTags check", () => {
  it("accepts ECR and OCI inputs, dropping duplicate tags and a trailing slash", () => {
    assert.deepEqual(checkMovingTags({ ...ECR, tags: ["stable", "latest", "stable"] }), { inputs: ECR });
    assert.deepEqual(checkMovingTags(OCI), { inputs: { ...OCI, oci: { baseUrl: "https://registry-1.docker.io" } } });
  });

  it("refuses a version tag among the tags and a moving tag as the source", () => {
    assert.deepEqual(reasons({ ...ECR, sourceTag: "latest", tags: ["stable", "1.5.0"] }), [
      'sourceTag: retag:MovingTags sourceTag: must be a version tag of the tag scheme (an immutable tag that names one build, such as "1.4.9"), got "latest"',
      'tags: retag:MovingTags tags: "1.5.0" is not a moving tag; only the scheme\'s moving tags ({major}.{minor}, {major}, stable, latest, beta, nightly) can be pinned',
    ]);
  });

  it("judges tags by the tag scheme it is given, which it requires and checks as the stack config does", () => {
    const { tagScheme: _scheme, ...bare } = ECR;
    assert.match(reasons(bare).join(), /^tagScheme: retag:MovingTags tagScheme: .*\(release-infra:tagScheme\)$/);
    assert.match(
      reasons({ ...ECR, tagScheme: { ...DEFAULT_TAG_SCHEME, beta: { tag: "beta", moving: [] } } }).join(),
      /^tagScheme\.beta\.tag: .*must contain \{version\}/,
    );
    // cortex.cpp's beta 1.0.9-rc8 is the tag beta-1.0.9-rc8 (with a moving tag to pin).
    const scheme = { ...cortex, beta: { ...cortex.beta, moving: ["beta"] } };
    const beta = { ...ECR, channel: "beta", retention: { keepLast: 20 }, tagScheme: scheme, tags: ["beta"] };
    assert.equal(checkMovingTags({ ...beta, sourceTag: "beta-1.0.9-rc8" }).failures, undefined);
    assert.match(reasons({ ...beta, sourceTag: "1.0.9-rc8" }).join(), /^sourceTag: .*"1\.0\.9-rc8"/);
    assert.match(
      reasons({ ...beta, sourceTag: "beta-1.0.9-rc8", tags: ["latest"] }).join(),
      /a beta pin of 1\.0\.9-rc8 moves only beta, not latest/,
    );
  });

  it("requires the channel and its retention rule, in the channel's own shape", () => {
    const { channel: _channel, retention: _retention, ...bare } = ECR;
    assert.deepEqual(
      reasons(bare).map((r) => r.split(":")[0]),
      ["channel", "retention"],
    );
    assert.deepEqual(reasons({ ...ECR, channel: "weekly" }), [
      'channel: retag:MovingTags channel: must be one of nightly, beta, stable, got "weekly"',
    ]);
    // Stable keeps every release, as the config schema says; a count is refused.
    assert.deepEqual(
      reasons({ ...ECR, retention: { keepLast: 50 } }).map((r) => r.split(":")[0]),
      ["retention.keep", "retention.keepLast"],
    );
    assert.equal(
      checkMovingTags({
        ...ECR,
        channel: "beta",
        sourceTag: "1.5.0-beta.2",
        tags: ["beta"],
        retention: { keepLast: 20 },
      }).failures,
      undefined,
    );
    assert.equal(
      checkMovingTags({
        ...ECR,
        channel: "nightly",
        sourceTag: "1.5.0-nightly.20261128.ab12cd3",
        tags: ["nightly"],
        retention: { maxAgeDays: 14 },
      }).failures,
      undefined,
    );
    for (const [channel, sourceTag, tags, retention] of [
      ["beta", "1.5.0-beta.2", ["beta"], { keep: "all" }],
      ["beta", "1.5.0-beta.2", ["beta"], { keepLast: 0 }],
      ["nightly", "1.5.0-nightly.20261128.ab12cd3", ["nightly"], { keepLast: 5 }],
      ["nightly", "1.5.0-nightly.20261128.ab12cd3", ["nightly"], { maxAgeDays: 14, keepLast: 5 }],
      ["stable", "1.4.9", ["stable"], { keep: "some" }],
    ] as const) {
      assert.match(
        reasons({ ...ECR, channel, sourceTag, tags, retention }).join(),
        new RegExp(`^retention\\.\\w+: .*\\(the ${channel} channel's retention\\)`),
        JSON.stringify(retention),
      );
    }
  });

  it("refuses a version of another channel and tags a pin of that version never moves", () => {
    assert.match(
      reasons({ ...ECR, channel: "beta", tags: ["beta"], retention: { keepLast: 20 } }).join(),
      /^sourceTag: .*"1\.4\.9" is a stable version; pin the stable channel to it.*\(channel "beta"\)$/,
    );
    assert.deepEqual(reasons({ ...ECR, tags: ["stable", "beta", "1.5"] }), [
      "tags: retag:MovingTags tags: a stable pin of 1.4.9 moves only 1.4, 1, stable, latest, not beta, 1.5",
    ]);
  });

  it("requires the settings of the chosen registry and refuses the other's", () => {
    const { ecr: _ecr, ...withoutEcr } = ECR;
    assert.deepEqual(
      reasons({ ...withoutEcr, oci: { baseUrl: "https://x.example" } }).map((r) => r.split(":")[0]),
      ["ecr", "oci"],
    );
    assert.match(
      reasons({ ...ECR, ecr: { region: "mars-1", registryId: "12" } }).join("\n"),
      /ecr\.region.*\n.*ecr\.registryId/,
    );
    assert.match(
      reasons({ ...OCI, oci: { baseUrl: "registry-1.docker.io" } }).join(),
      /oci\.baseUrl: .*must be the registry's base URL/,
    );
  });

  it("refuses unknown inputs and an empty tag list", () => {
    assert.deepEqual(
      reasons({ ...ECR, tags: [], force: true }).map((r) => r.split(":")[0]),
      ["force", "tags"],
    );
  });

  it("lets values not known yet through (preview)", () => {
    assert.deepEqual(checkMovingTags({ ...ECR, sourceTag: UNKNOWN, tags: UNKNOWN }).failures, undefined);
  });
});

describe("retag:MovingTags diff", () => {
  it("is no change for the same inputs, with tags compared as a set", () => {
    assert.deepEqual(diffMovingTags(ECR, { ...ECR, tags: ["latest", "stable"] }), { changes: false });
  });

  it("updates in place for another version or tag list, including tags lost to drift at refresh", () => {
    assert.deepEqual(diffMovingTags(ECR, { ...ECR, sourceTag: "1.4.8" }), { changes: true });
    assert.deepEqual(diffMovingTags({ ...ECR, tags: ["stable"] }, ECR), { changes: true });
  });

  it("updates for another retention rule or tag scheme, so the pin is judged against it", () => {
    assert.deepEqual(diffMovingTags(ECR, { ...ECR, retention: { keepLast: 5 } }), { changes: true });
    assert.deepEqual(diffMovingTags(ECR, { ...ECR, tagScheme: cortex }), { changes: true });
  });

  it("replaces for another registry or repository", () => {
    assert.deepEqual(diffMovingTags(ECR, { ...ECR, repository: "cortex/tools" }), {
      changes: true,
      replaces: ["repository"],
    });
    assert.deepEqual(diffMovingTags(ECR, OCI), { changes: true, replaces: ["registry", "repository", "ecr", "oci"] });
  });
});
