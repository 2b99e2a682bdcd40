import assert from "node:assert/strict";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import { parseConfigObject, parseConfigMap, type ConfigProblem } from "../../../lib/config";
import { baseConfig, type Fixture } from "../../support/program";

type Mutate = (c: Fixture) => void;

function problemsFor(mutate: Mutate): ConfigProblem[] {
  const config = structuredClone(baseConfig());
  mutate(config);
  const result = parseConfigObject(config);
  return result.ok ? [] : result.problems;
}

const lines = (ps: ConfigProblem[]) => ps.map((p) => `${p.path}: ${p.message}`);

describe("config schema", () => {
  it("accepts the base config and fills every default", () => {
    const result = parseConfigObject(baseConfig());
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const { config } = result;
    assert.equal(config.github.defaultBranch, "main");
    assert.equal(config.github.devBranch, "dev");
    assert.deepEqual(config.github.requiredStatusChecks, ["test"]);
    assert.deepEqual(config.github.codeowners, { manage: false, extraLines: [] });
    assert.equal(config.github.commitEmail, "release-infra@users.noreply.github.com");
    // A shared organization is safe by default: no membership managed, nobody made an owner.
    assert.equal(config.github.orgMembership, "unmanaged");
    assert.equal(config.github.adminsAreOrgOwners, false);
    assert.deepEqual(config.images[0], {
      name: "demo",
      context: ".",
      dockerfile: "Dockerfile",
      platforms: ["linux/amd64", "linux/arm64"],
      buildArgs: {},
      submodules: false,
      description: "The demo server",
    });
    assert.deepEqual(config.tagScheme, DEFAULT_TAG_SCHEME);
    assert.deepEqual(config.channels, {
      nightly: { schedule: "17 3 * * *", retention: { maxAgeDays: 14 } },
      beta: { retention: { keepLast: 20 } },
      stable: { retention: { keep: "all" } },
    });
    assert.deepEqual(config.safety, { minAdmins: 2, maxRemovalShare: 0.25, allowMassRemoval: false });
    assert.deepEqual(config.registries.ecr, {
      accountId: "111122223333",
      region: "eu-west-1",
      // No scanning: the account-wide scanning configuration is left alone unless asked for.
      replicationRegions: [],
      pullAccounts: [],
      untaggedMaxAgeDays: 1,
    });
  });

  const cases: [string, Mutate, string[]][] = [
    [
      "an unknown role",
      (c) => (c.people[2]!.role = "owner"),
      ['release-infra:people[2].role: "owner" is not a role; use one of admin, release-manager, maintainer, triager'],
    ],
    [
      "a missing role",
      (c) => delete c.people[4]!.role,
      ["release-infra:people[4].role: is required; use one of admin, release-manager, maintainer, triager"],
    ],
    [
      "a duplicate person (logins are case-insensitive)",
      (c) => c.people.push({ github: "Cleo", role: "maintainer" }),
      [
        'release-infra:people[5].github: GitHub login "Cleo" is already listed at people[2]; list each person once and change their role there',
      ],
    ],
    [
      "a duplicate Docker ID",
      (c) => (c.people[1]!.dockerhub = "ada0"),
      [
        'release-infra:people[1].dockerhub: Docker ID "ada0" is already listed at people[0]; each person needs their own Docker ID',
      ],
    ],
    [
      "an unknown image in a channel",
      (c) => (c.channels = { nightly: { images: ["demo", "demo-cli"] } }),
      [
        'release-infra:channels.nightly.images[1]: "demo-cli" is not an image of this stack; use one of demo (release-infra:images[].name)',
      ],
    ],
    [
      "a nightly schedule at minute 0",
      (c) => (c.channels = { nightly: { schedule: "0 3 * * *" } }),
      [
        'release-infra:channels.nightly.schedule: "0 3 * * *" runs at minute 0, when GitHub\'s scheduler is busiest and runs are delayed or dropped; pick another minute, e.g. "17 3 * * *"',
      ],
    ],
    [
      "a schedule whose step includes minute 0",
      (c) => (c.channels = { nightly: { schedule: "*/20 * * * *" } }),
      [
        'release-infra:channels.nightly.schedule: "*/20 * * * *" runs at minute 0, when GitHub\'s scheduler is busiest and runs are delayed or dropped; pick another minute, e.g. "17 * * * *"',
      ],
    ],
    [
      "a six-field (seconds) schedule",
      (c) => (c.channels = { nightly: { schedule: "5 17 3 * * *" } }),
      [
        'release-infra:channels.nightly.schedule: "5 17 3 * * *" has 6 fields; use five (minute hour day-of-month month day-of-week), e.g. "17 3 * * *"',
      ],
    ],
    [
      "a Quartz-only schedule feature",
      (c) => (c.channels = { nightly: { schedule: "17 3 L * ?" } }),
      [
        'release-infra:channels.nightly.schedule: "17 3 L * ?" uses a non-POSIX cron feature (L, W, # or ?); GitHub accepts only numbers, ranges, steps, lists and month/day names',
      ],
    ],
    [
      "beta retention out of range",
      (c) => (c.channels = { beta: { retention: { keepLast: 0 } } }),
      ["release-infra:channels.beta.retention.keepLast: 0 is too small; use a value of at least 1"],
    ],
    [
      "nightly retention out of range",
      (c) => (c.channels = { nightly: { retention: { maxAgeDays: 5000 } } }),
      ["release-infra:channels.nightly.retention.maxAgeDays: 5000 is too large; use a value of at most 3650"],
    ],
    [
      "a stable retention count",
      (c) => (c.channels = { stable: { retention: { keepLast: 5 } } }),
      [
        "release-infra:channels.stable.retention.keep: stable releases are kept forever; write retention: { keep: all }",
        'release-infra:channels.stable.retention: unknown key "keepLast": ECR lifecycle rules cannot count stable releases apart from beta and nightly version tags, so every release is kept',
      ],
    ],
    [
      "a misspelt key",
      (c) => (c.people[0]!.rol = "admin"),
      ['release-infra:people[0]: unknown key "rol"; known keys are github, dockerhub, name, role'],
    ],
    [
      "a missing required key",
      (c) => Reflect.deleteProperty(c, "github"),
      [
        "release-infra:github: is required; set it in Pulumi.<stack>.yaml (see the release-infra:github section of the README)",
      ],
    ],
    [
      "a wrong type",
      (c) => (c.safety = { maxRemovalShare: "a quarter" }),
      ['release-infra:safety.maxRemovalShare: expected a number, got string "a quarter"'],
    ],
    [
      "an invalid image name",
      (c) => (c.images[0]!.name = "Demo_Server!"),
      [
        'release-infra:images[0].name: "Demo_Server!" is not a valid image name; use lowercase letters and digits, separated by single ".", "_" or "-" (e.g. "api-server")',
      ],
    ],
    [
      "a short description over Docker Hub's 100 characters",
      (c) => (c.images[0]!.description = "x".repeat(101)),
      ["release-infra:images[0].description: is longer than 100 characters; shorten it"],
    ],
    [
      "one admin",
      (c) => (c.people[1]!.role = "maintainer"),
      [
        "release-infra:people: 1 admin (ada); at least 2 are required so the organization never depends on one person; give another person role: admin",
      ],
    ],
    [
      "a deployer who is not an admin",
      (c) => (c.github.deployer = "cleo"),
      [
        'release-infra:github.deployer: "cleo" has role release-manager; the identity that runs pulumi up must stay an admin, or the next run could lock itself out: give it role: admin',
      ],
    ],
    [
      "a deployer who is not listed",
      (c) => (c.github.deployer = "ghost"),
      [
        'release-infra:github.deployer: "ghost" is not in release-infra:people; the identity that runs pulumi up must stay an admin, so add it with role: admin (or name another admin as deployer)',
      ],
    ],
    [
      "minAdmins below the floor",
      (c) => (c.safety = { minAdmins: 1 }),
      ["release-infra:safety.minAdmins: 1 is too small; use a value of at least 2"],
    ],
    [
      "an invalid Docker ID",
      (c) => (c.people[0]!.dockerhub = "Ada_0"),
      ['release-infra:people[0].dockerhub: "Ada_0" is not a Docker ID; use 4 to 30 lowercase letters and digits'],
    ],
  ];

  cases.push(
    [
      "repository settings: blank and repeated checks, a multi-line CODEOWNERS entry, a bad email",
      (c) => {
        c.github.requiredStatusChecks = ["test", " "];
        c.github.codeowners = { manage: true, extraLines: ["a @x\nb @y"] };
        c.github.commitEmail = "not an email";
      },
      [
        'release-infra:github.requiredStatusChecks[1]: " " is not a check name; use the job\'s name as GitHub shows it, e.g. "test"',
        'release-infra:github.codeowners.extraLines[0]: "a @x\\nb @y" is not one CODEOWNERS line; give one "<pattern> <owner>..." rule per entry',
        'release-infra:github.commitEmail: "not an email" is not an email address; use e.g. "release-infra@users.noreply.github.com"',
      ],
    ],
    [
      "a check listed twice",
      (c) => (c.github.requiredStatusChecks = ["test", "test"]),
      ["release-infra:github.requiredStatusChecks: lists a check twice; list each once"],
    ],
    [
      "a dev branch that is the default branch",
      (c) => (c.github.devBranch = "main"),
      [
        'release-infra:github.devBranch: is the default branch "main"; nightlies and betas need a branch of their own, e.g. "dev"',
      ],
    ],
    [
      "an unknown membership mode",
      (c) => (c.github.orgMembership = "owned"),
      [
        'release-infra:github.orgMembership: "owned" is not a membership mode; use unmanaged (only this project\'s teams) or managed',
      ],
    ],
    [
      "organization owners without managed membership",
      (c) => (c.github.adminsAreOrgOwners = true),
      [
        'release-infra:github.adminsAreOrgOwners: makes admins organization owners, but github.orgMembership is "unmanaged", so no membership is managed; set github.orgMembership: managed, or remove adminsAreOrgOwners',
      ],
    ],
  );

  for (const [what, mutate, expected] of cases) {
    it(`rejects ${what} with an exact message`, () => {
      assert.deepEqual(lines(problemsFor(mutate)), expected);
    });
  }

  it("reports five different mistakes together, one line each", () => {
    const problems = problemsFor((c) => {
      c.people[2]!.role = "owner";
      c.people.push({ github: "ada", role: "triager" });
      c.channels = { nightly: { schedule: "0 * * * *", images: ["nope"] }, beta: { retention: { keepLast: 5000 } } };
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        "release-infra:channels.nightly.schedule",
        "release-infra:channels.beta.retention.keepLast",
        "release-infra:people[2].role",
        "release-infra:people[5].github",
        "release-infra:channels.nightly.images[0]",
      ],
    );
  });

  it("reads the engine's config map and flags unknown keys in the namespace only", () => {
    const map: Record<string, string> = { "aws:region": "us-east-1", "release-infra:peopel": "[]" };
    for (const [k, v] of Object.entries(baseConfig())) map[`release-infra:${k}`] = JSON.stringify(v);
    const result = parseConfigMap(map);
    assert.ok(!result.ok);
    assert.deepEqual(lines(result.problems), [
      "release-infra:peopel: unknown config key; known keys are project, github, registries, images, channels, tagScheme, people, safety, workflows, githubToken, dockerhubToken",
    ]);
  });

  it("never parses the secret key into plain config", () => {
    const map: Record<string, string> = { "release-infra:githubToken": "ghp_not-in-config" };
    for (const [k, v] of Object.entries(baseConfig())) map[`release-infra:${k}`] = JSON.stringify(v);
    const result = parseConfigMap(map, ["release-infra:githubToken"]);
    assert.ok(result.ok);
    assert.ok(!JSON.stringify(result.config).includes("ghp_not-in-config"));
  });

  it("refuses a declared secret set in plain text, with the exact command", () => {
    const map: Record<string, string> = { "release-infra:githubToken": "ghp_plain" };
    for (const [k, v] of Object.entries(baseConfig())) map[`release-infra:${k}`] = JSON.stringify(v);
    const result = parseConfigMap(map);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.message),
      [
        "is set in plain text, so it is stored in clear in Pulumi.<stack>.yaml; remove it and run `pulumi config set --secret release-infra:githubToken <value>`",
      ],
    );
  });

  it("refuses a secret in every key that is not a declared secret key", () => {
    const base = baseConfig();
    for (const key of Object.keys(base)) {
      const map: Record<string, string> = {};
      for (const [k, v] of Object.entries(base)) map[`release-infra:${k}`] = JSON.stringify(v);
      const result = parseConfigMap(map, [`release-infra:${key}`]);
      assert.ok(!result.ok, key);
      // (A required key refused this way is also reported missing, at the same path.)
      assert.deepEqual([...new Set(result.problems.map((p) => p.path))], [`release-infra:${key}`]);
      assert.match(result.problems[0]!.message, /holds a secret .* would reach generated files in clear/);
    }
  });

  it("names a mistyped namespace instead of ignoring it, and leaves other namespaces alone", () => {
    const map: Record<string, string> = { "relase-infra:safety": "{}", "aws:region": "us-east-1" };
    for (const [k, v] of Object.entries(baseConfig())) map[`release-infra:${k}`] = JSON.stringify(v);
    const result = parseConfigMap(map);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["relase-infra:safety"],
    );
  });
});
