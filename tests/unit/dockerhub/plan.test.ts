import assert from "node:assert/strict";
import { dockerHubImmutableTagRules } from "../../../lib/channels/mutability";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import { parseConfigObject } from "../../../lib/config/load";
import type { ReleaseConfig } from "../../../lib/config/schema";
import { dockerHubGrants, DockerHubPlanError, planDockerHub } from "../../../lib/dockerhub/plan";

function config(overrides: Record<string, unknown> = {}): ReleaseConfig {
  const loaded = parseConfigObject({
    project: { name: "demo", displayName: "Demo" },
    github: { org: "demo-org", repository: "demo", deployer: "ada" },
    registries: { ecr: { accountId: "111122223333", region: "eu-west-1" }, dockerhub: { namespace: "demoorg" } },
    images: [
      { name: "demo", description: "The demo server", readme: "docs/demo.md" },
      { name: "demo-tool", description: "A tool" },
    ],
    people: [
      { github: "brian", dockerhub: "brian0", role: "admin" },
      { github: "ada", dockerhub: "ada0", role: "admin" },
      { github: "cleo", dockerhub: "cleo0", role: "release-manager" },
      { github: "dmitri", role: "maintainer" },
      { github: "erin", dockerhub: "erin0", role: "triager" },
    ],
    ...overrides,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.config;
}

const README = "# Demo\n";

describe("Docker Hub plan", () => {
  it("plans one team per role, named as on GitHub, with the people who have a Docker ID", () => {
    const plan = planDockerHub(config(), { demo: README });
    assert.equal(plan.org, "demoorg");
    assert.deepEqual(
      plan.teams.map((t) => [t.role, t.name, t.members, t.permission]),
      [
        ["admin", "demo-admins", ["ada0", "brian0"], "read"],
        ["release-manager", "demo-release-managers", ["cleo0"], "admin"],
        ["maintainer", "demo-maintainers", [], "write"],
        ["triager", "demo-triagers", ["erin0"], "read"],
      ],
    );
    assert.equal(
      plan.teams[0]?.description,
      "Demo admins: Owns the release system: changes this configuration and the source repository's settings. Managed by release-infra.",
    );
  });

  it("plans a public repository per image with its description, readme and the channel model's immutable rules", () => {
    const plan = planDockerHub(config(), { demo: README });
    assert.deepEqual(plan.repositories, [
      {
        image: "demo",
        namespace: "demoorg",
        name: "demo",
        description: "The demo server",
        fullDescription: README,
        isPrivate: false,
        immutableTagRules: dockerHubImmutableTagRules(DEFAULT_MODEL),
      },
      {
        image: "demo-tool",
        namespace: "demoorg",
        name: "demo-tool",
        description: "A tool",
        fullDescription: undefined,
        isPrivate: false,
        immutableTagRules: dockerHubImmutableTagRules(DEFAULT_MODEL),
      },
    ]);
  });

  it("grants each team its role's permission on every repository", () => {
    const plan = planDockerHub(config(), { demo: README });
    assert.equal(plan.permissions.length, 8);
    assert.deepEqual(
      plan.permissions.filter((p) => p.repository === "demo-tool").map((p) => [p.team, p.permission]),
      [
        ["demo-admins", "read"],
        ["demo-release-managers", "admin"],
        ["demo-maintainers", "write"],
        ["demo-triagers", "read"],
      ],
    );
  });

  it("reports a team prefix too long for Docker Hub's 30-character team names, naming the config key and the room left", () => {
    let thrown: unknown;
    try {
      planDockerHub(
        config({ github: { org: "demo-org", repository: "demo", deployer: "ada", teamPrefix: "a-very-long-prefix1" } }),
        { demo: README },
      );
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof DockerHubPlanError);
    const problems = thrown.problems;
    assert.deepEqual(
      problems.map((p) => p.path),
      ["release-infra:github.teamPrefix", "release-infra:github.teamPrefix"],
    );
    assert.match(
      problems[0]?.message ?? "",
      /^"a-very-long-prefix1" names the release-manager team "a-very-long-prefix1-release-managers" \(36 characters\), which Docker Hub refuses: .*; use a prefix of at most 13 characters/,
    );
    assert.match(
      problems[1]?.message ?? "",
      /names the maintainer team "a-very-long-prefix1-maintainers" \(31 characters\).* at most 18 characters/,
    );
  });

  it("reports a readme whose content the program did not pass, or that is too long", () => {
    assert.throws(
      () => planDockerHub(config(), {}),
      /release-infra:images\[0\]\.readme: the content of "docs\/demo\.md" was not supplied/,
    );
    assert.throws(
      () => planDockerHub(config(), { demo: "x".repeat(25_001) }),
      /has 25001 characters; Docker Hub's overview holds at most 25000/,
    );
  });

  it("lists Docker Hub grants by GitHub login for the mass-removal guard; people without a Docker ID hold none", () => {
    assert.deepEqual(dockerHubGrants(config()), [
      { person: "ada", grant: "dockerhub:team:demo-admins" },
      { person: "brian", grant: "dockerhub:team:demo-admins" },
      { person: "cleo", grant: "dockerhub:team:demo-release-managers" },
      { person: "erin", grant: "dockerhub:team:demo-triagers" },
    ]);
  });
});
