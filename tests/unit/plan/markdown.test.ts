import assert from "node:assert/strict";
import { renderPlanMarkdown } from "../../../lib/plan/markdown";
import type { PlanDocument, PlanResource } from "../../../lib/plan/model";
import { AWS, DOCKERHUB, GITHUB } from "../../../lib/resource-types";

const COMPONENT = "urn:pulumi:prod::release-infra::release:index:ReleaseSystem::cortex";
const SERIALIZED = "exports.handler = __f0;\n\nvar __provider = {check: __f1, diff: __f2};\n\nfunction __f1() {}\n";

function child(type: string, name: string, inputs: Record<string, unknown>): PlanResource {
  return { urn: `${COMPONENT}$${type}::${name}`, type, name, parent: COMPONENT, inputs, read: false, custom: true };
}

const doc: PlanDocument = {
  project: "release-infra",
  stack: "prod",
  outputs: {},
  resources: [
    { urn: COMPONENT, type: "release:index:ReleaseSystem", name: "cortex", inputs: {}, read: false, custom: false },
    child(DOCKERHUB.teamMembers, "hub-members", {
      __provider: SERIALIZED,
      org: "menloltd",
      team: "cortex-maintainers",
      members: ["daveexample", "erinexample"],
    }),
    child(AWS.role, "ci-beta", {
      name: "cortex-release-beta",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "GitHubActionsEnvironment",
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": ["repo:o/r:environment:beta"] } },
          },
        ],
      }),
    }),
    child(AWS.lifecyclePolicy, "lifecycle", { repository: "cortex/beta/cortex", policy: '{"rules": []}' }),
    child(GITHUB.ruleset, "tags", {
      bypassActors: [{ actorId: 5704135, actorType: "Team", bypassMode: "always" }],
      conditions: { refName: { excludes: [], includes: ["refs/tags/v*"] } },
      enforcement: "active",
    }),
    child("pulumi:providers:github", "github", {
      retryableErrors: "[500,502]",
      token: "[secret]",
      writeDelayMs: "1000",
    }),
    child(GITHUB.file, "ci", {
      repository: "r",
      branch: "main",
      file: ".github/workflows/ci.yml",
      content: "on: push\n",
    }),
  ],
};

const md = renderPlanMarkdown(doc);
const resources = md.slice(md.indexOf("## Resources by component"), md.indexOf("## Generated files"));

describe("plan.md", () => {
  it("shows a dynamic provider by name, never its serialized code", () => {
    assert.ok(!md.includes("__provider") && !md.includes("exports.handler") && !md.includes("__f0"), resources);
    assert.ok(
      resources.includes("- `hub-members`: pulumi-nodejs:dynamic/dockerhub:TeamMembers, dynamic provider: dockerhub\n"),
      resources,
    );
    assert.ok(resources.includes("  - team: cortex-maintainers\n  - members: daveexample, erinexample\n"), resources);
  });

  it("writes nested settings as indented key: value lines and lists of objects one item a line", () => {
    assert.ok(
      resources.includes(
        [
          "- `tags`: github:index/repositoryRuleset:RepositoryRuleset",
          "  - bypassActors:",
          "    - actorId: 5704135; actorType: Team; bypassMode: always",
          "  - conditions:",
          "    - refName:",
          "      - excludes: none",
          "      - includes: `refs/tags/v*`",
          "  - enforcement: active",
        ].join("\n"),
      ),
      resources,
    );
  });

  it("reads an IAM policy held in a string as sentences, not JSON", () => {
    assert.ok(
      resources.includes(
        "  - assumeRolePolicy: IAM policy\n    - GitHubActionsEnvironment: Allow sts:AssumeRoleWithWebIdentity for Federated arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com when token.actions.githubusercontent.com:sub StringEquals repo:o/r:environment:beta\n",
      ),
      resources,
    );
    assert.doesNotMatch(resources, /\{"|\[\{|":/, "no raw JSON");
  });

  it("keeps secrets as [secret], decodes the provider's JSON-encoded settings, and points to where files and retention are", () => {
    assert.ok(
      resources.includes("  - retryableErrors: 500, 502\n  - token: `[secret]`\n  - writeDelayMs: 1000\n"),
      resources,
    );
    assert.ok(resources.includes("  - content: the generated file, under Generated files\n"), resources);
    assert.ok(resources.includes("  - policy: retention rules of `cortex/beta/cortex`, under Registries\n"), resources);
  });

  it("shows a word holding Markdown characters as code, and escapes them in prose", () => {
    const text = renderPlanMarkdown({
      ...doc,
      resources: [
        doc.resources[0]!,
        child(GITHUB.team, "t", { description: "Cuts releases (pushes v* tags)", pattern: "v[0-9]*" }),
      ],
    });
    assert.ok(text.includes("  - description: Cuts releases (pushes v\\* tags)\n  - pattern: `v[0-9]*`\n"), text);
  });
});
