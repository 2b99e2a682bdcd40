/*
 * Every mistake the program can know about before registering a resource is
 * reported in one pass: each case below breaks the prod stack in one way and
 * names the config paths that must be reported. All combinable cases applied
 * together must still report every one of their paths at once, and the CLI
 * must turn that into exit 1 with the problems and no stack trace.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the cases mutate untyped config values as a user's YAML would */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { parseConfigMap } from "../../../lib/config/load";
import { parseStackFile } from "../../../lib/plan/stack-config";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const NS = "release-infra";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- mutations reach into any key

function prodRaw(): Raw {
  const { config } = parseStackFile(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"), "Pulumi.prod.yaml");
  const raw: Raw = {};
  for (const [key, text] of Object.entries(config)) {
    try {
      raw[key.slice(NS.length + 1)] = JSON.parse(text);
    } catch {
      raw[key.slice(NS.length + 1)] = text;
    }
  }
  return raw;
}

interface Case {
  readonly what: string;
  readonly mutate: (c: Raw) => void;
  /** Paths that must be reported (`release-infra:` prefix added). */
  readonly paths: readonly string[];
  /** Config keys to mark secret. */
  readonly secret?: readonly string[];
  /** Extra config entries in other namespaces or unknown keys. */
  readonly extra?: Record<string, string>;
  /** Whether it can be applied together with the others (it does not remove a key another case edits). */
  readonly combinable?: boolean;
}

const image = (c: Raw) => c.images[0];
const clone = (c: Raw) => structuredClone(image(c));
const files: Record<string, string> = { "docs/big.md": "x".repeat(25_001), "docs/dockerhub/cortex.md": "# Cortex\n" };

const CASES: readonly Case[] = [
  { what: "no project", mutate: (c) => delete c.project, paths: ["project"], combinable: false },
  { what: "a project name that is no slug", mutate: (c) => (c.project.name = "Bad Name"), paths: ["project.name"] },
  {
    what: "a long display name",
    mutate: (c) => (c.project.displayName = "x".repeat(61)),
    paths: ["project.displayName"],
  },
  { what: "an organization that is no login", mutate: (c) => (c.github.org = "-menlo"), paths: ["github.org"] },
  { what: "repository ..", mutate: (c) => (c.github.repository = ".."), paths: ["github.repository"] },
  { what: "a branch with ..", mutate: (c) => (c.github.defaultBranch = "a..b"), paths: ["github.defaultBranch"] },
  {
    what: "an unknown membership mode",
    mutate: (c) => (c.github.orgMembership = "maybe"),
    paths: ["github.orgMembership"],
  },
  {
    what: "owners without managed membership",
    mutate: (c) => (c.github.adminsAreOrgOwners = true),
    paths: ["github.adminsAreOrgOwners"],
    // Judged against orgMembership, so only while that is valid.
    combinable: false,
  },
  { what: "an unknown github key", mutate: (c) => (c.github.colour = "red"), paths: ["github"] },
  {
    what: "a short account id",
    mutate: (c) => (c.registries.ecr.accountId = "123"),
    paths: ["registries.ecr.accountId"],
  },
  {
    what: "no region",
    mutate: (c) => (c.registries.ecr.region = "mars-1"),
    paths: ["registries.ecr.region"],
    combinable: false,
  },
  {
    what: "a region AWS does not have",
    mutate: (c) => (c.registries.ecr.replicationRegions = ["xx-west-9"]),
    paths: ["registries.ecr.replicationRegions[0]"],
    combinable: false,
  },
  {
    what: "replication to the registry's own region and twice to another",
    mutate: (c) => (c.registries.ecr.replicationRegions = ["us-east-1", "eu-west-1", "eu-west-1"]),
    paths: ["registries.ecr.replicationRegions[0]", "registries.ecr.replicationRegions[2]"],
  },
  {
    what: "a pull account twice",
    mutate: (c) => (c.registries.ecr.pullAccounts = ["222233334444", "222233334444"]),
    paths: ["registries.ecr.pullAccounts[1]"],
    combinable: false,
  },
  {
    what: "a pull account that is no account",
    mutate: (c) => (c.registries.ecr.pullAccounts = ["abc"]),
    paths: ["registries.ecr.pullAccounts[0]"],
  },
  {
    what: "an OIDC provider in another account",
    mutate: (c) =>
      (c.registries.ecr.oidcProviderArn =
        "arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com"),
    paths: ["registries.ecr.oidcProviderArn"],
    combinable: false,
  },
  {
    what: "an OIDC provider that is no ARN",
    mutate: (c) => (c.registries.ecr.oidcProviderArn = "token.actions.githubusercontent.com"),
    paths: ["registries.ecr.oidcProviderArn"],
  },
  {
    what: "scanning of an unknown kind",
    mutate: (c) => (c.registries.ecr.scanning = "deep"),
    paths: ["registries.ecr.scanning"],
  },
  {
    what: "untagged kept 0 days",
    mutate: (c) => (c.registries.ecr.untaggedMaxAgeDays = 0),
    paths: ["registries.ecr.untaggedMaxAgeDays"],
  },
  {
    what: "a 3-character Docker Hub namespace",
    mutate: (c) => (c.registries.dockerhub.namespace = "abc"),
    paths: ["registries.dockerhub.namespace"],
  },
  {
    what: "a 255-character Docker Hub namespace",
    mutate: (c) => (c.registries.dockerhub.namespace = "a".repeat(255)),
    paths: ["registries.dockerhub.namespace"],
    combinable: false,
  },
  {
    what: "an uppercase Docker Hub namespace",
    mutate: (c) => (c.registries.dockerhub.namespace = "MenloLtd"),
    paths: ["registries.dockerhub.namespace"],
    combinable: false,
  },
  { what: "no images", mutate: (c) => (c.images = []), paths: ["images"], combinable: false },
  {
    what: "an uppercase image name",
    mutate: (c) => c.images.push({ ...clone(c), name: "Cortex" }),
    paths: ["images[1].name"],
  },
  { what: "an image twice", mutate: (c) => c.images.push(clone(c)), paths: ["images[1].name"], combinable: false },
  {
    what: "image names whose job ids collide",
    mutate: (c) => c.images.push({ ...clone(c), name: "cortex.x" }, { ...clone(c), name: "cortex_x" }),
    paths: ["images[2].name"],
    combinable: false,
  },
  {
    what: "a context outside the repository",
    mutate: (c) => (image(c).context = "../other"),
    paths: ["images[0].context"],
  },
  {
    what: "an absolute Dockerfile",
    mutate: (c) => (image(c).dockerfile = "/etc/passwd"),
    paths: ["images[0].dockerfile"],
  },
  {
    what: "an expression in the context",
    mutate: (c) => (image(c).context = "${{ github.event.issue.title }}"),
    paths: ["images[0].context"],
    combinable: false,
  },
  {
    what: "a readme outside the repository",
    mutate: (c) => (image(c).readme = "/etc/hostname"),
    paths: ["images[0].readme"],
  },
  {
    what: "a readme that does not exist",
    mutate: (c) => (image(c).readme = "docs/missing.md"),
    paths: ["images[0].readme"],
    combinable: false,
  },
  {
    what: "a readme too large for Docker Hub",
    mutate: (c) => (image(c).readme = "docs/big.md"),
    paths: ["images[0].readme"],
    combinable: false,
  },
  {
    what: "a platform not supported",
    mutate: (c) => (image(c).platforms = ["windows/amd64"]),
    paths: ["images[0].platforms[0]"],
  },
  {
    what: "a platform twice",
    mutate: (c) => (image(c).platforms = ["linux/amd64", "linux/amd64"]),
    paths: ["images[0].platforms[1]"],
    combinable: false,
  },
  {
    what: "a build argument name",
    mutate: (c) => (image(c).buildArgs = { "1X": "a" }),
    paths: ["images[0].buildArgs.1X"],
  },
  {
    what: "an expression in a build argument",
    mutate: (c) => (image(c).buildArgs = { TOKEN: "${{ secrets.X }}" }),
    paths: ["images[0].buildArgs.TOKEN"],
    combinable: false,
  },
  {
    what: "a build argument of two lines",
    mutate: (c) => (image(c).buildArgs = { A: "x\ny" }),
    paths: ["images[0].buildArgs.A"],
    combinable: false,
  },
  { what: "submodules yes", mutate: (c) => (image(c).submodules = "yes"), paths: ["images[0].submodules"] },
  {
    what: "a long description",
    mutate: (c) => (image(c).description = "d".repeat(101)),
    paths: ["images[0].description"],
  },
  { what: "a target that is no stage name", mutate: (c) => (image(c).target = "-x"), paths: ["images[0].target"] },
  {
    what: "an ECR repository name over 256 characters",
    mutate: (c) => c.images.push({ ...clone(c), name: "a".repeat(250) }),
    paths: ["images[1].name"],
    combinable: false,
  },
  {
    what: "a nightly at minute 0",
    mutate: (c) => (c.channels.nightly.schedule = "0 3 * * *"),
    paths: ["channels.nightly.schedule"],
  },
  {
    what: "a schedule that is no cron",
    mutate: (c) => (c.channels.nightly.schedule = "daily"),
    paths: ["channels.nightly.schedule"],
    combinable: false,
  },
  {
    what: "nightlies kept 0 days",
    mutate: (c) => (c.channels.nightly.retention.maxAgeDays = 0),
    paths: ["channels.nightly.retention.maxAgeDays"],
  },
  {
    what: "no betas kept",
    mutate: (c) => (c.channels.beta.retention.keepLast = 0),
    paths: ["channels.beta.retention.keepLast"],
  },
  {
    what: "a count of stable releases",
    mutate: (c) => (c.channels.stable.retention = { keepLast: 5 }),
    paths: ["channels.stable.retention"],
  },
  {
    what: "a channel image that does not exist",
    mutate: (c) => (c.channels.beta.images = ["nope"]),
    paths: ["channels.beta.images[0]"],
  },
  {
    what: "a stable pin with the git tag prefix",
    mutate: (c) => (c.channels.stable.pin = "v1.0.12"),
    paths: ["channels.stable.pin"],
    // Pins are judged by the tag scheme, so only while the scheme is valid.
    combinable: false,
  },
  {
    what: "a stable pin to a beta version",
    mutate: (c) => (c.channels.stable.pin = "1.0.9-rc8"),
    paths: ["channels.stable.pin"],
    combinable: false,
  },
  {
    what: "a beta pin in a scheme whose betas move no tag",
    mutate: (c) => (c.channels.beta.pin = "1.0.9-rc8"),
    paths: ["channels.beta.pin"],
    combinable: false,
  },
  {
    what: "a pin that is a number",
    mutate: (c) => (c.channels.stable.pin = 1.5),
    paths: ["channels.stable.pin"],
    combinable: false,
  },
  {
    what: "an uppercase pre-release identifier",
    mutate: (c) => (c.tagScheme.prerelease.identifier = "RC"),
    paths: ["tagScheme.prerelease.identifier"],
  },
  {
    what: "a pre-release separator that is neither",
    mutate: (c) => (c.tagScheme.prerelease.separator = "-"),
    paths: ["tagScheme.prerelease.separator"],
    combinable: false,
  },
  {
    what: "latest moved by stable and beta",
    mutate: (c) => (c.tagScheme.beta.moving = ["latest"]),
    paths: ["tagScheme.stable.moving[0]"],
    combinable: false,
  },
  {
    what: "a commit tag without {sha}",
    mutate: (c) => (c.tagScheme.nightly.commitTag = "nightly-{short}"),
    paths: ["tagScheme.nightly.commitTag"],
    combinable: false,
  },
  {
    what: "a nightly tag with no placeholder",
    mutate: (c) => (c.tagScheme.nightly.tags = ["nightly-build"]),
    paths: ["tagScheme.nightly.tags[0]"],
    combinable: false,
  },
  {
    what: "an unknown placeholder",
    mutate: (c) => (c.tagScheme.stable.tag = "{bogus}"),
    paths: ["tagScheme.stable.tag"],
    combinable: false,
  },
  {
    what: "a legacy pattern of only a wildcard",
    mutate: (c) => (c.tagScheme.legacy = [{ pattern: "*", retain: "beta" }]),
    paths: ["tagScheme.legacy[0].pattern"],
    combinable: false,
  },
  {
    what: "a legacy pattern that takes the moving tag latest",
    mutate: (c) => (c.tagScheme.legacy = [{ pattern: "lat*", retain: "nightly" }]),
    paths: ["tagScheme.legacy[0].pattern"],
    combinable: false,
  },
  {
    what: "a negative run offset",
    mutate: (c) => (c.tagScheme.nightly.runOffset = -1),
    paths: ["tagScheme.nightly.runOffset"],
    combinable: false,
  },
  { what: "no people", mutate: (c) => (c.people = []), paths: ["people"], combinable: false },
  { what: "an unknown role", mutate: (c) => (c.people[7].role = "owner"), paths: ["people[7].role"] },
  {
    what: "a person twice, in another case",
    mutate: (c) => c.people.push({ github: "ALICE-example", role: "triager" }),
    paths: ["people[8].github"],
  },
  {
    what: "a Docker ID twice",
    mutate: (c) => (c.people[2].dockerhub = c.people[1].dockerhub),
    paths: ["people[2].dockerhub"],
  },
  {
    what: "fewer admins than the floor",
    mutate: (c) => (c.people[1].role = "maintainer"),
    paths: ["people"],
    combinable: false,
  },
  { what: "a removal share over 1", mutate: (c) => (c.safety.maxRemovalShare = 2), paths: ["safety.maxRemovalShare"] },
  { what: "an admin floor of 1", mutate: (c) => (c.safety.minAdmins = 1), paths: ["safety.minAdmins"] },
  {
    what: "an expression in the test command",
    mutate: (c) => (c.workflows = { ...c.workflows, testCommand: "make ${{ github.head_ref }}" }),
    paths: ["workflows.testCommand"],
  },
  {
    what: "a self-hosted runner",
    mutate: (c) => (c.workflows = { ...c.workflows, runner: "self-hosted" }),
    paths: ["workflows.runner"],
  },
  {
    what: "a self-hosted runner for a platform",
    mutate: (c) =>
      (c.workflows = {
        ...c.workflows,
        platformRunners: { ...c.workflows?.platformRunners, "linux/arm64": "self-hosted" },
      }),
    paths: ["workflows.platformRunners.linux/arm64"],
  },
  {
    what: "a runner for a platform the images cannot name",
    mutate: (c) =>
      (c.workflows = {
        ...c.workflows,
        platformRunners: { ...c.workflows?.platformRunners, "windows/amd64": "windows-2025" },
      }),
    paths: ["workflows.platformRunners.windows/amd64"],
  },
  {
    what: "an x64 runner named for arm64",
    mutate: (c) =>
      (c.workflows = {
        ...c.workflows,
        platformRunners: { ...c.workflows?.platformRunners, "linux/arm64": "ubuntu-24.04" },
      }),
    paths: ["workflows.platformRunners.linux/arm64"],
  },
  {
    what: "an unknown build cache",
    mutate: (c) => (c.workflows = { ...c.workflows, buildCache: "gha" }),
    paths: ["workflows.buildCache"],
  },
  {
    what: "a legacy pattern that takes the build cache's tags",
    mutate: (c) => (c.tagScheme.legacy = [{ pattern: "build*", retain: "nightly" }]),
    paths: ["tagScheme.legacy[0].pattern"],
    combinable: false,
  },
  {
    what: "an unknown severity",
    mutate: (c) => (c.workflows = { ...c.workflows, scanSeverity: ["SEVERE"] }),
    paths: ["workflows.scanSeverity[0]"],
  },
  {
    what: "a tool image by tag",
    mutate: (c) => (c.workflows = { ...c.workflows, toolImages: { binfmt: "tonistiigi/binfmt:latest" } }),
    paths: ["workflows.toolImages.binfmt"],
  },
  {
    what: "a secret in a key that is not secret",
    mutate: () => undefined,
    secret: ["release-infra:safety"],
    paths: ["safety"],
    combinable: false,
  },
  {
    what: "the GitHub token in plain text",
    mutate: () => undefined,
    extra: { "release-infra:githubToken": "ghp_plain" },
    paths: ["githubToken"],
  },
  {
    what: "a mistyped namespace",
    mutate: () => undefined,
    extra: { "relase-infra:safety": "{}" },
    paths: ["relase-infra:safety"],
  },
  { what: "an unknown key", mutate: () => undefined, extra: { "release-infra:peopel": "[]" }, paths: ["peopel"] },
];

function asMap(raw: Raw, extra: Record<string, string> = {}): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) map[`${NS}:${key}`] = JSON.stringify(value);
  return { ...map, ...extra };
}

const full = (p: string) => (p.includes(":") ? p : `${NS}:${p}`);
const readFile = (p: string) => files[p];

function problems(c: Case): { path: string; message: string }[] {
  const raw = prodRaw();
  c.mutate(raw);
  const result = parseConfigMap(asMap(raw, c.extra), c.secret ?? [], { readFile });
  return result.ok ? [] : result.problems;
}

describe("every bad configuration is caught in one validation pass", () => {
  it("the prod stack itself is valid", () => {
    const result = parseConfigMap(asMap(prodRaw()), [], { readFile });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.problems, null, 2));
  });

  it(`has at least 60 cases (${String(CASES.length)})`, () => {
    assert.ok(CASES.length >= 60);
  });

  for (const c of CASES) {
    it(c.what, () => {
      const found = problems(c);
      const paths = found.map((p) => p.path);
      for (const expected of c.paths)
        assert.ok(paths.includes(full(expected)), `${full(expected)} not in ${JSON.stringify(found, null, 2)}`);
      for (const p of found) {
        assert.ok(p.message.length > 10, `${p.path}: ${p.message}`);
        assert.ok(!/\n\s+at /.test(p.message), p.message);
      }
    });
  }

  const combinable = CASES.filter((c) => c.combinable !== false);

  function combinedStack(): { raw: Raw; extra: Record<string, string> } {
    const raw = prodRaw();
    const extra: Record<string, string> = {};
    for (const c of combinable) {
      c.mutate(raw);
      Object.assign(extra, c.extra ?? {});
    }
    return { raw, extra };
  }

  it(`reports every path of the ${String(combinable.length)} combinable cases at once`, () => {
    const { raw, extra } = combinedStack();
    const result = parseConfigMap(asMap(raw, extra), [], { readFile });
    assert.ok(!result.ok);
    const paths = new Set(result.problems.map((p) => p.path));
    const missing = combinable.flatMap((c) => c.paths.map(full)).filter((p) => !paths.has(p));
    assert.deepEqual(missing, []);
  });

  it("the offline plan exits 1 with all of them, writes nothing and prints no stack trace", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-configs-"));
    try {
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.mkdirSync(path.join(dir, "docs", "dockerhub"), { recursive: true });
      fs.writeFileSync(path.join(dir, "docs", "dockerhub", "cortex.md"), "# Cortex\n");
      const { raw, extra } = combinedStack();
      const config: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) config[`${NS}:${key}`] = value;
      for (const [key, value] of Object.entries(extra))
        config[key] = value.startsWith("{") || value.startsWith("[") ? JSON.parse(value) : value;
      fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), YAML.stringify({ config }));
      const run = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          path.join(ROOT, "cli", "main.ts"),
          "plan",
          "--stack",
          "bad",
          "--dir",
          dir,
          "--out",
          path.join(dir, "out"),
        ],
        { encoding: "utf8", cwd: ROOT },
      );
      assert.equal(run.status, 1, run.stderr);
      for (const c of combinable)
        for (const p of c.paths)
          assert.ok(run.stderr.includes(`${full(p)}:`), `${full(p)} missing from\n${run.stderr}`);
      assert.ok(!/\n\s+at /.test(run.stderr), run.stderr);
      assert.ok(!run.stderr.includes("unexpected failure"), run.stderr);
      assert.ok(!fs.existsSync(path.join(dir, "out")));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
