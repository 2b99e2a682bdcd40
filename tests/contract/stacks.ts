import * as fs from "node:fs";
import * as path from "node:path";
import { NAMESPACE } from "../../lib/config/problems";
import { parseStackFile } from "../../lib/plan/stack-config";
import { baseConfig, type Fixture, type RunOptions } from "../support/program";

const ROOT = path.resolve(__dirname, "..", "..");
const DAY_MS = 24 * 60 * 60 * 1000;

/** A stack for the contract test: its config and secrets, as `runProgram` takes them. */
export interface ContractStack {
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly opts: RunOptions;
}

/** Pulumi.prod.yaml as `runProgram` takes it (its `secure:` values, if any, as secrets). */
export function prodStack(): ContractStack {
  const { config, secretKeys } = parseStackFile(
    fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"),
    "Pulumi.prod.yaml",
  );
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, text] of Object.entries(config)) {
    if (!key.startsWith(`${NAMESPACE}:`)) continue;
    const name = key.slice(NAMESPACE.length + 1);
    if (secretKeys.includes(key)) secrets[name] = text;
    else plain[name] = parseValue(text);
  }
  return { name: "prod", config: plain, opts: Object.keys(secrets).length > 0 ? { secrets } : {} };
}

/** Structured config values travel as JSON; plain strings as themselves. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A nightly version built `days` ago (a pin retention still keeps when recent). */
function nightlyBuilt(days: number): string {
  const date = new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
  return `1.5.0-nightly.${date}.ab12cd3`;
}

const DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

/** Several people of every role. */
function crowd(): Record<string, unknown>[] {
  return [
    { github: "ada", dockerhub: "ada0", role: "admin", name: "Ada" },
    { github: "brian", dockerhub: "brian0", role: "admin" },
    { github: "chen", role: "admin" },
    { github: "cleo", dockerhub: "cleo0", role: "release-manager" },
    { github: "dara", dockerhub: "dara0", role: "release-manager" },
    { github: "dmitri", dockerhub: "dmitri0", role: "maintainer" },
    { github: "eve", role: "maintainer" },
    { github: "farid", dockerhub: "farid0", role: "maintainer" },
    { github: "erin", role: "triager" },
    { github: "gus", dockerhub: "gus0", role: "triager" },
  ];
}

/**
 * Stacks that together turn on every optional feature of the config schema
 * (lib/config/schema.ts): each registers the resources that feature adds.
 */
export function featureStacks(): ContractStack[] {
  const registries = baseConfig();
  registries.registries = {
    ecr: {
      accountId: "111122223333",
      region: "eu-west-1",
      scanning: "enhanced",
      replicationRegions: ["us-east-1", "ap-southeast-2"],
      pullAccounts: ["444455556666", "777788889999"],
      dockerhubCacheCredentialArn:
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/dockerhub-AbCdEf",
      untaggedMaxAgeDays: 3,
    },
    dockerhub: { namespace: "demoorg" },
  };

  const github: Fixture = { ...baseConfig(), people: crowd() };
  github.project = { name: "demo", displayName: "The Demo Project" };
  github.github = {
    org: "demo-org",
    repository: "demo.server",
    deployer: "ada",
    defaultBranch: "trunk",
    devBranch: "next",
    teamPrefix: "demo-core",
    orgMembership: "managed",
    adminsAreOrgOwners: true,
    orgId: 1234567,
    repositoryId: 7654321,
    requiredStatusChecks: ["test", "lint", "build (linux/arm64)"],
    codeowners: { manage: true, extraLines: ["/docs/ @demo-org/demo-core-maintainers"] },
    commitEmail: "bot@example.org",
  };
  github.safety = { minAdmins: 3, maxRemovalShare: 0.5, allowMassRemoval: false };

  const images: Fixture = baseConfig();
  images.registries = {
    ecr: {
      accountId: "111122223333",
      region: "us-west-2",
      oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    },
    dockerhub: { namespace: "demoorg" },
  };
  images.images = [
    {
      name: "demo",
      description: "The demo server",
      context: "server",
      dockerfile: "server/Dockerfile",
      target: "runtime",
      platforms: ["linux/amd64", "linux/arm64", "linux/arm/v7"],
      readme: "docs/dockerhub/cortex.md",
    },
    { name: "demo-cli", description: "The demo command line", platforms: ["linux/amd64"] },
    { name: "demo.tools", target: "tools" },
  ];
  images.channels = {
    nightly: {
      schedule: "41 2 * * 1-5",
      images: ["demo", "demo-cli"],
      pin: nightlyBuilt(0),
      retention: { maxAgeDays: 7 },
    },
    beta: { images: ["demo"], pin: "1.5.0-beta.3", retention: { keepLast: 5 } },
    stable: { images: ["demo", "demo-cli", "demo.tools"], pin: "1.4.9", retention: { keep: "all" } },
  };
  images.workflows = {
    testCommand: "make test",
    scanSeverity: ["CRITICAL", "HIGH", "MEDIUM"],
    runner: "ubuntu-24.04-arm",
    toolImages: { binfmt: `tonistiigi/binfmt@${DIGEST}`, buildkit: `moby/buildkit:v0.20.0@${DIGEST}` },
  };

  return [
    {
      name: "registry features (enhanced scanning, replication, pull accounts, pull-through cache)",
      config: registries,
      opts: {},
    },
    {
      name: "GitHub features (codeowners, ids, checks, prefixes, managed memberships with owners, both tokens, several people of every role)",
      config: github,
      opts: { secrets: { githubToken: "ghp_0123456789abcdefSECRET", dockerhubToken: "dckr_oat_0123456789SECRET" } },
    },
    {
      name: "images and channels (platforms, targets, readme, channel images, all three pins, workflows)",
      config: images,
      opts: {},
    },
  ];
}
