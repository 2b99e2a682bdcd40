import assert from "node:assert/strict";
import { stackNotices } from "../../../lib/config/notices";
import { planImports, pulumiUrn, renderImportFile, renderImportSection } from "../../../lib/plan/imports";
import type { PlanDocument, PlanResource } from "../../../lib/plan/model";
import { parseConfigObject, type ReleaseConfig } from "../../../lib/config";
import { baseConfig } from "../../support/program";

const STACK = "urn:pulumi:prod::proj::pulumi:pulumi:Stack::proj-prod";
/** URNs as the mock engine makes them: only the parent's own type before the child's. */
const SYSTEM = "urn:pulumi:prod::proj::release:index:ReleaseSystem::demo";
const REGISTRY = "urn:pulumi:prod::proj::release:index:ReleaseSystem$release:aws:Registry::demo-ecr";
const AWS = "urn:pulumi:prod::proj::release:aws:Registry$pulumi:providers:aws::demo-ecr-aws";
const CI = "urn:pulumi:prod::proj::release:aws:Registry$release:aws:CiIdentity::demo-ecr-ci";

const resource = (r: Partial<PlanResource> & Pick<PlanResource, "urn" | "type" | "name">): PlanResource => ({
  inputs: {},
  read: false,
  custom: true,
  ...r,
});

const DOC: PlanDocument = {
  project: "proj",
  stack: "prod",
  outputs: {},
  resources: [
    resource({ urn: STACK, type: "pulumi:pulumi:Stack", name: "proj-prod", custom: false }),
    resource({ urn: SYSTEM, type: "release:index:ReleaseSystem", name: "demo", parent: STACK, custom: false }),
    resource({ urn: REGISTRY, type: "release:aws:Registry", name: "demo-ecr", parent: SYSTEM, custom: false }),
    resource({ urn: AWS, type: "pulumi:providers:aws", name: "demo-ecr-aws", parent: REGISTRY }),
    resource({ urn: CI, type: "release:aws:CiIdentity", name: "demo-ecr-ci", parent: REGISTRY, custom: false }),
    resource({
      urn: `${CI}$aws:iam/openIdConnectProvider:OpenIdConnectProvider::demo-ecr-ci-github-oidc`,
      type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
      name: "demo-ecr-ci-github-oidc",
      parent: CI,
      provider: AWS,
      inputs: { url: "https://token.actions.githubusercontent.com" },
    }),
    resource({
      urn: "urn:x::team",
      type: "github:index/team:Team",
      name: "demo-team",
      parent: STACK,
      inputs: { name: "demo-admins" },
    }),
    // Adopted or overwritten on create: never listed.
    resource({
      urn: "urn:x::env",
      type: "github:index/repositoryEnvironment:RepositoryEnvironment",
      name: "env",
      parent: STACK,
    }),
  ],
};

function config(): ReleaseConfig {
  const parsed = parseConfigObject(baseConfig());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

describe("adopting what already exists", () => {
  it("qualifies a URN with every ancestor's type but the stack's, as Pulumi does", () => {
    assert.equal(
      pulumiUrn(DOC, CI),
      "urn:pulumi:prod::proj::release:index:ReleaseSystem$release:aws:Registry$release:aws:CiIdentity::demo-ecr-ci",
    );
    assert.throws(() => pulumiUrn(DOC, "urn:nope"), /not in the plan/);
  });

  it("lists what fails to create when it exists, with the id pulumi import takes, its parent and provider", () => {
    const imports = planImports(DOC, { accountId: "111122223333", region: "us-gov-west-1" });
    assert.deepEqual(
      imports.map((c) => [c.type, c.name, c.id, c.parent, c.provider]),
      [
        [
          "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
          "demo-ecr-ci-github-oidc",
          "arn:aws-us-gov:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
          "urn:pulumi:prod::proj::release:index:ReleaseSystem$release:aws:Registry$release:aws:CiIdentity::demo-ecr-ci",
          "urn:pulumi:prod::proj::release:index:ReleaseSystem$release:aws:Registry$pulumi:providers:aws::demo-ecr-aws",
        ],
        ["github:index/team:Team", "demo-team", "demo-admins", undefined, undefined],
      ],
    );
    const file = JSON.parse(renderImportFile(imports)) as { nameTable: Record<string, string>; resources: object[] };
    assert.deepEqual(file.resources[0], {
      type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
      name: "demo-ecr-ci-github-oidc",
      id: "arn:aws-us-gov:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
      parent: "demo-ecr-ci",
      provider: "demo-ecr-aws",
    });
    assert.equal(file.nameTable["demo-ecr-ci"], imports[0]!.parent);
    assert.match(
      renderImportSection(imports).join("\n"),
      /\| `github:index\/team:Team` \| `demo-team` \| `demo-admins` \|/,
    );
    assert.deepEqual(renderImportSection([]), []);
  });
});

describe("stack notices", () => {
  it("say when CI gets no Docker Hub token and how to set it", () => {
    const notices = stackNotices(config(), { dockerhubToken: false });
    assert.match(
      notices[0]!,
      /dockerhubToken is not set: .* get no DOCKERHUB_TOKEN secret, .*pulumi config set --secret dockerhubToken/,
    );
    assert.ok(!stackNotices(config(), { dockerhubToken: true }).some((n) => n.includes("DOCKERHUB_TOKEN")));
  });

  it("say how to reuse an existing OIDC provider, and nothing of it once one is configured", () => {
    const c = config();
    assert.ok(
      stackNotices(c, { dockerhubToken: true }).some((n) =>
        n.includes(
          "registries.ecr.oidcProviderArn arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        ),
      ),
    );
    const reused = {
      ...c,
      registries: {
        ...c.registries,
        ecr: {
          ...c.registries.ecr,
          oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        },
      },
    };
    assert.deepEqual(stackNotices(reused, { dockerhubToken: true }), []);
  });

  it("say that managing scanning takes over the account's whole configuration", () => {
    const c = config();
    const scanned = {
      ...c,
      registries: { ...c.registries, ecr: { ...c.registries.ecr, scanning: "enhanced" as const } },
    };
    assert.ok(
      stackNotices(scanned, { dockerhubToken: true }).some((n) => /replacing whatever the account had/.test(n)),
    );
  });
});
