/**
 * Rollback pins: which versions a channel can be pinned to, which moving tags
 * a pin re-points, how it is judged against what is published, and which
 * repositories it reaches.
 */
import assert from "node:assert/strict";
import { parseConfigObject } from "../../../lib/config";
import { baseConfig } from "../../support/program";
import fc from "fast-check";
import semver from "semver";
import { movingTagsForStable } from "../../../lib/channels";
import {
  parseDeployedPins,
  PinError,
  pinnedMovingTags,
  pinProblem,
  pinRetentionProblems,
  pinTargets,
  planPin,
  type PinInput,
} from "../../../lib/pins";
import { compileTagScheme } from "../../../lib/channels/model";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import { DAY_MS, DEFAULT_RETENTION } from "../../../lib/retention";
import { cortex, DEFAULT_MODEL } from "../../support/tag-schemes";

const NOW = new Date("2026-12-01T12:00:00Z");
const plan = (overrides: Partial<PinInput>) =>
  planPin({
    model: DEFAULT_MODEL,
    channel: "stable",
    version: "1.4.9",
    publishedTags: [],
    intent: DEFAULT_RETENTION,
    now: NOW,
    ...overrides,
  });

function pinError(body: () => unknown): PinError {
  try {
    body();
  } catch (error) {
    assert.ok(error instanceof PinError, `expected a PinError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a PinError, but nothing was thrown");
}

describe("pins: which versions can pin a channel (static check)", () => {
  it("accepts each channel's own version shape", () => {
    assert.equal(pinProblem(DEFAULT_MODEL, "stable", "1.4.9"), undefined);
    assert.equal(pinProblem(DEFAULT_MODEL, "beta", "1.5.0-beta.2"), undefined);
    assert.equal(pinProblem(DEFAULT_MODEL, "nightly", "1.5.0-nightly.20261128.ab12cd3"), undefined);
  });

  it("names the right channel for a version of another channel", () => {
    assert.match(
      pinProblem(DEFAULT_MODEL, "stable", "1.5.0-beta.2") ?? "",
      /^"1\.5\.0-beta\.2" is a beta version; pin the beta channel to it, or pin stable to a release X\.Y\.Z/,
    );
    assert.match(pinProblem(DEFAULT_MODEL, "beta", "1.4.9") ?? "", /is a stable version; pin the stable channel to it/);
    assert.match(pinProblem(DEFAULT_MODEL, "stable", "1.5.0-nightly.20261128.ab12cd3") ?? "", /is a nightly version/);
  });

  it("refuses a leading v, a number, a short version, a moving tag and an impossible date, saying what to write", () => {
    assert.equal(
      pinProblem(DEFAULT_MODEL, "stable", "v1.4.9"),
      '"v1.4.9" starts with "v"; write the version without it, e.g. "1.4.9"',
    );
    assert.match(
      pinProblem(DEFAULT_MODEL, "stable", 1.5) ?? "",
      /^expected a version in quotes such as "1\.4\.9", got number 1\.5/,
    );
    assert.match(pinProblem(DEFAULT_MODEL, "stable", "1.4") ?? "", /is not a release X\.Y\.Z/);
    assert.match(
      pinProblem(DEFAULT_MODEL, "nightly", "nightly") ?? "",
      /is not a nightly tag \(\{next\}-nightly\.\{date\}\.\{short\}, nightly-\{date\}, sha-\{sha\}\); pin nightly to a published version such as 1\.5\.0-nightly\.20261128\.ab12cd3/,
    );
    assert.match(pinProblem(DEFAULT_MODEL, "nightly", "1.5.0-nightly.20260230.ab12cd3") ?? "", /not a calendar date/);
    assert.match(
      pinProblem(DEFAULT_MODEL, "stable", `1.4.${"9".repeat(130)}`) ?? "",
      /longer than Docker's 128 characters/,
    );
  });

  it("takes any tag of a nightly shape: the dated and the commit tag name one build too", () => {
    assert.equal(pinProblem(DEFAULT_MODEL, "nightly", "nightly-20261128"), undefined);
    assert.equal(pinProblem(DEFAULT_MODEL, "nightly", `sha-${"a".repeat(40)}`), undefined);
    assert.match(pinProblem(DEFAULT_MODEL, "nightly", "nightly-20260230") ?? "", /not a calendar date/);
  });

  it("judges by the stack's scheme: cortex.cpp's betas are X.Y.Z-rcN, and a channel without moving tags cannot be pinned", () => {
    const model = compileTagScheme(cortex);
    assert.equal(pinProblem(model, "stable", "1.0.8"), undefined);
    assert.match(pinProblem(model, "stable", "1.0.9-rc8") ?? "", /is a beta version; pin the beta channel to it/);
    assert.match(
      pinProblem(model, "beta", "1.5.0-beta.2") ?? "",
      /is not a beta X\.Y\.Z-rcN; pin beta to a published version such as 1\.5\.0-rc2/,
    );
    assert.match(
      pinProblem(model, "beta", "1.0.9-rc8") ?? "",
      /^the beta channel has no moving tags \(release-infra:tagScheme\.beta\.moving is empty\), so a pin would point nothing at 1\.0\.9-rc8/,
    );
    assert.match(pinProblem(model, "nightly", "nightly-1.0.1-224") ?? "", /the nightly channel has no moving tags/);
    const withBeta = compileTagScheme({ ...cortex, beta: { ...cortex.beta, moving: ["beta"] } });
    assert.equal(pinProblem(withBeta, "beta", "1.0.9-rc8"), undefined);
  });

  it("reports each bad pin in config with its full path, and ignores unpinned channels", () => {
    const config = baseConfig();
    config.channels = { stable: { pin: "v1.4.9" }, beta: { pin: "1.5.0-beta.2" }, nightly: { schedule: "17 3 * * *" } };
    const result = parseConfigObject(config);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      {
        path: "release-infra:channels.stable.pin",
        message: '"v1.4.9" starts with "v"; write the version without it, e.g. "1.4.9"',
      },
    ]);
    config.channels = { nightly: { pin: null } };
    const nullPin = parseConfigObject(config);
    assert.ok(!nullPin.ok);
    assert.deepEqual(
      nullPin.problems.map((p) => p.path),
      ["release-infra:channels.nightly.pin"],
    );
  });
});

describe("pins: which moving tags a pin re-points", () => {
  it("stable: the pinned version's own X.Y and X, then stable and latest", () => {
    assert.deepEqual(pinnedMovingTags(DEFAULT_MODEL, "stable", "1.4.9"), ["1.4", "1", "stable", "latest"]);
  });

  it("beta and nightly: their one named tag", () => {
    assert.deepEqual(pinnedMovingTags(DEFAULT_MODEL, "beta", "1.5.0-beta.2"), ["beta"]);
    assert.deepEqual(pinnedMovingTags(DEFAULT_MODEL, "nightly", "1.5.0-nightly.20261128.ab12cd3"), ["nightly"]);
  });

  it("are the tags the version takes when every higher release is withdrawn, whatever is published (property)", () => {
    const version = fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4)).map(([a, b, c]) => `${a}.${b}.${c}`);
    fc.assert(
      fc.property(version, fc.array(version, { maxLength: 12 }), (pinned, others) => {
        const published = [pinned, ...others];
        const withdrawn = published.filter((v) => !semver.gt(v, pinned));
        const { tags, supersedes } = plan({ version: pinned, publishedTags: published });
        assert.deepEqual(tags, movingTagsForStable(pinned, withdrawn));
        assert.deepEqual(tags, pinnedMovingTags(DEFAULT_MODEL, "stable", pinned));
        assert.deepEqual(
          [...supersedes].sort(semver.compare),
          [...new Set(published.filter((v) => semver.gt(v, pinned)))].sort(semver.compare),
        );
      }),
    );
  });
});

describe("pins: judged against what is published (apply-time check)", () => {
  it("plans a backport pin: the moving tags go to 1.4.9 and 1.5.0 is what it withdraws", () => {
    assert.deepEqual(plan({ publishedTags: ["1.4.9", "1.5.0", "1.4.8", "1.5.0-beta.1", "latest"] }), {
      channel: "stable",
      sourceTag: "1.4.9",
      tags: ["1.4", "1", "stable", "latest"],
      supersedes: ["1.5.0"],
    });
  });

  it("refuses a version that was never published, listing the newest that were", () => {
    const error = pinError(() => plan({ version: "1.4.7", publishedTags: ["1.4.9", "1.5.0", "1.5.0-beta.1"] }));
    assert.equal(error.path, "channels.stable.pin");
    assert.match(
      error.message,
      /1\.4\.7 was never published, so there is no image to point the stable tags at; the newest published stable versions are 1\.5\.0, 1\.4\.9$/,
    );
  });

  it("refuses a beta older than the newest keepLast betas, and accepts the last one kept", () => {
    const betas = Array.from({ length: 5 }, (_, i) => `1.5.0-beta.${i + 1}`);
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 3 } };
    assert.equal(
      plan({ channel: "beta", version: "1.5.0-beta.3", publishedTags: betas, intent }).sourceTag,
      "1.5.0-beta.3",
    );
    const error = pinError(() => plan({ channel: "beta", version: "1.5.0-beta.2", publishedTags: betas, intent }));
    assert.match(
      error.message,
      /older than the newest 3 betas retention keeps .*pin a version retention keeps, such as 1\.5\.0-beta\.5$/,
    );
  });

  it("finds a beta's image at the scheme's tag and counts betas by number: rc10 is newer than rc9", () => {
    const model = compileTagScheme({ ...cortex, beta: { ...cortex.beta, moving: ["beta"] } });
    const tags = ["beta-1.0.9-rc8", "beta-1.0.9-rc9", "beta-1.0.9-rc10", "latest", "1.0.8"];
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 2 } };
    assert.deepEqual(plan({ model, channel: "beta", version: "1.0.9-rc9", publishedTags: tags, intent }), {
      channel: "beta",
      sourceTag: "beta-1.0.9-rc9",
      tags: ["beta"],
      supersedes: ["1.0.9-rc10"],
    });
    assert.match(
      pinError(() => plan({ model, channel: "beta", version: "1.0.9-rc8", publishedTags: tags, intent })).message,
      /1\.0\.9-rc8 is older than the newest 2 betas .*such as 1\.0\.9-rc10$/,
    );
    // The bare version is no tag in this registry: beta 1.0.9-rc9 lives at beta-1.0.9-rc9.
    assert.match(
      pinError(() => plan({ model, channel: "beta", version: "1.0.9-rc9", publishedTags: ["1.0.9-rc9"], intent }))
        .message,
      /was never published/,
    );
  });

  it("does not judge retention for an image already holding a moving tag, which retention keeps", () => {
    const betas = Array.from({ length: 5 }, (_, i) => `1.5.0-beta.${i + 1}`);
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 3 } };
    assert.equal(
      plan({ channel: "beta", version: "1.5.0-beta.1", publishedTags: betas, intent, heldTags: ["beta"] }).sourceTag,
      "1.5.0-beta.1",
    );
    // A version tag is not a moving tag: retention may still remove the image.
    assert.match(
      pinError(() =>
        plan({
          channel: "beta",
          version: "1.5.0-beta.1",
          publishedTags: betas,
          intent,
          heldTags: ["1.5.0-beta.1"],
        }),
      ).message,
      /older than the newest 3 betas/,
    );
    // Holding a moving tag does not make an unpublished version pinnable.
    assert.match(
      pinError(() =>
        plan({ channel: "beta", version: "1.5.0-beta.9", publishedTags: betas, intent, heldTags: ["beta"] }),
      ).message,
      /was never published/,
    );
  });

  it("refuses a nightly surely past maxAgeDays and accepts one that may still be kept", () => {
    const day = (offset: number) =>
      new Date(NOW.getTime() - offset * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
    const version = (offset: number) => `1.5.0-nightly.${day(offset)}.ab12cd3`;
    const published = [version(14), version(16)];
    assert.equal(plan({ channel: "nightly", version: version(14), publishedTags: published }).sourceTag, version(14));
    assert.match(
      pinError(() => plan({ channel: "nightly", version: version(16), publishedTags: published })).message,
      /more than 14 days old/,
    );
  });

  it("keeps every stable release pinnable under keep: all, however many are newer", () => {
    const published = Array.from({ length: 50 }, (_, i) => `1.${i}.0`);
    assert.equal(plan({ version: "1.0.0", publishedTags: published }).supersedes.length, 49);
  });
});

describe("pins: refused in config when retention would not keep them (config-time check)", () => {
  const version = (date: string) => `1.5.0-nightly.${date}.ab12cd3`;
  const configWith = (pin: string | undefined, maxAgeDays = 14) =>
    ({
      channels: { nightly: { pin, retention: { maxAgeDays } }, beta: {}, stable: { retention: { keep: "all" } } },
      tagScheme: DEFAULT_TAG_SCHEME,
    }) as unknown as Parameters<typeof pinRetentionProblems>[0];

  it("measures a nightly's age from the end of its build day: 14 days after is kept, a moment later is refused", () => {
    const pin = version("20261116"); // ends 2026-11-17T00:00Z; NOW is 2026-12-01T12:00Z, 14.5 days later
    assert.deepEqual(pinRetentionProblems(configWith(pin), {}, new Date("2026-12-01T00:00:00Z")), []);
    const problems = pinRetentionProblems(configWith(pin), {}, NOW);
    assert.deepEqual(
      problems.map((p) => p.path),
      ["release-infra:channels.nightly.pin"],
    );
    assert.match(
      problems[0]?.message ?? "",
      /^1\.5\.0-nightly\.20261116\.ab12cd3 is more than 14 days old, .*; pin a nightly from the last 14 days, or pin the beta or stable channel instead \(stable releases are kept forever\)$/,
    );
    assert.deepEqual(pinRetentionProblems(configWith(pin, 15), {}, NOW), []);
  });

  it("passes the pin already in place, and judges any other", () => {
    const old = version("20261001");
    assert.deepEqual(pinRetentionProblems(configWith(old), { nightly: old }, NOW), []);
    assert.equal(pinRetentionProblems(configWith(old), { nightly: version("20261002") }, NOW).length, 1);
    assert.equal(pinRetentionProblems(configWith(old), { stable: "1.4.9" }, NOW).length, 1);
    assert.deepEqual(pinRetentionProblems(configWith(undefined), {}, NOW), []);
  });

  it("reads the deployed pins output, and refuses to guess at a malformed one", () => {
    assert.deepEqual(parseDeployedPins(undefined), {});
    assert.deepEqual(parseDeployedPins(null), {});
    assert.deepEqual(parseDeployedPins({ stable: "1.4.9", nightly: version("20261128") }), {
      stable: "1.4.9",
      nightly: version("20261128"),
    });
    for (const bad of [[], "1.4.9", { stable: 1 }, { stable: "" }, { weekly: "1.0.0" }]) {
      assert.throws(
        () => parseDeployedPins(bad),
        /the last deployment's "pins" output is not a map of channel to version: .*pulumi stack output pins --json/,
        JSON.stringify(bad),
      );
    }
  });
});

describe("pins: the repositories a pin reaches", () => {
  const config = {
    project: { name: "cortex" },
    registries: { ecr: { accountId: "123456789012", region: "us-east-1" }, dockerhub: { namespace: "cortexproject" } },
    images: [{ name: "cortex" }, { name: "cortex-tools" }],
    channels: {
      nightly: { retention: { maxAgeDays: 14 } },
      beta: { images: ["cortex"], retention: { keepLast: 20 } },
      stable: { retention: { keep: "all" } },
    },
    tagScheme: DEFAULT_TAG_SCHEME,
  } as unknown as Parameters<typeof pinTargets>[0];

  it("gives each image the channel publishes an ECR and a Docker Hub target, and none to unpinned channels", () => {
    const targets = pinTargets(config, { beta: "1.5.0-beta.2" });
    assert.deepEqual(targets, [
      {
        name: "pin-beta-cortex-ecr",
        channel: "beta",
        retention: { keepLast: 20 },
        image: "cortex",
        registry: "ecr",
        // The beta channel's own ECR repository.
        repository: "cortex/beta/cortex",
        sourceTag: "1.5.0-beta.2",
        tagScheme: DEFAULT_TAG_SCHEME,
        tags: ["beta"],
        ecr: { region: "us-east-1", registryId: "123456789012" },
      },
      {
        name: "pin-beta-cortex-dockerhub",
        channel: "beta",
        retention: { keepLast: 20 },
        image: "cortex",
        registry: "oci",
        repository: "cortexproject/cortex",
        sourceTag: "1.5.0-beta.2",
        tagScheme: DEFAULT_TAG_SCHEME,
        tags: ["beta"],
        oci: { baseUrl: "https://registry-1.docker.io" },
      },
    ]);
    assert.equal(pinTargets(config, { stable: "1.4.9" }).length, 4);
    assert.deepEqual(pinTargets(config, {}), []);
  });

  it("points at the version's own tag in the scheme: cortex.cpp's beta 1.0.9-rc8 is beta-1.0.9-rc8", () => {
    const scheme = { ...cortex, beta: { ...cortex.beta, moving: ["beta"] } };
    const withScheme = { ...config, tagScheme: scheme } as Parameters<typeof pinTargets>[0];
    const targets = pinTargets(withScheme, { beta: "1.0.9-rc8", stable: "1.0.8" });
    assert.deepEqual(
      targets.map((t) => [t.name, t.sourceTag, t.tags]),
      [
        ["pin-beta-cortex-ecr", "beta-1.0.9-rc8", ["beta"]],
        ["pin-beta-cortex-dockerhub", "beta-1.0.9-rc8", ["beta"]],
        ["pin-stable-cortex-ecr", "1.0.8", ["latest"]],
        ["pin-stable-cortex-dockerhub", "1.0.8", ["latest"]],
        ["pin-stable-cortex-tools-ecr", "1.0.8", ["latest"]],
        ["pin-stable-cortex-tools-dockerhub", "1.0.8", ["latest"]],
      ],
    );
  });

  it("throws a PinError for a pin config validation should have refused", () => {
    assert.equal(pinError(() => pinTargets(config, { stable: "1.5.0-beta.2" })).path, "channels.stable.pin");
  });
});
