// `release-infra retention ...` in-process, on the stack files and on the worked
// examples of https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
import assert from "node:assert/strict";
import { Command } from "commander";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../../cli/errors";
import { registerRetentionCommands } from "../../cli/retention";
import { loadStackConfig } from "../../cli/stack";
import { planEcr } from "../../lib/registries/ecr";

const ROOT = path.resolve(__dirname, "..", "..");

async function run(args: string[]): Promise<string> {
  let out = "";
  const program = new Command().exitOverride();
  registerRetentionCommands(program, (t) => (out += t));
  await program.parseAsync(["retention", ...args], { from: "user" });
  return out;
}

describe("release-infra retention", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "retention-cli-"));
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const write = (name: string, value: unknown) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  };

  it("compile prints the policy the prod stack puts on each repository, by the stack's tag scheme", async () => {
    const out = await run(["compile", "--stack", "prod", "--dir", ROOT, "--image", "cortex"]);
    const expected = planEcr(loadStackConfig(ROOT, "prod")).repositories.find(
      (r) => r.image === "cortex",
    )!.lifecyclePolicy;
    assert.equal(out, `${expected}\n`);
    // cortex.cpp's tags, its earlier workflows' included.
    const patterns = (JSON.parse(out) as { rules: { selection: { tagPatternList?: string[] } }[] }).rules.map(
      (r) => r.selection.tagPatternList?.[0],
    );
    assert.deepEqual(patterns, ["buildcache-*", "latest", "beta-*", "sha-*", "nightly-*-*"]);
  });

  it("compile names the images when asked for one the stack lacks", async () => {
    await assert.rejects(
      run(["compile", "--dir", ROOT, "--image", "nope"]),
      (err: unknown) => err instanceof UserError && /no image "nope" in stack prod; images: cortex$/.test(err.message),
    );
  });

  it("evaluate agrees with the documentation's 'multiple rules' example (B): the beta rule first expires A and B", async () => {
    const rule = (priority: number, prefix: string) => ({
      rulePriority: priority,
      description: `Rule ${priority}`,
      selection: { tagStatus: "tagged", tagPrefixList: [prefix], countType: "imageCountMoreThan", countNumber: 1 },
      action: { type: "expire" },
    });
    const policy = write("policy.json", { rules: [rule(1, "beta"), rule(2, "prod")] });
    const images = write("images.json", {
      imageDetails: [
        { imageDigest: "sha256:aaa", imageTags: ["beta-1", "prod-1"], imagePushedAt: "2026-11-18T12:00:00Z" },
        { imageDigest: "sha256:bbb", imageTags: ["beta-2", "prod-2"], imagePushedAt: "2026-11-19T12:00:00Z" },
        { imageDigest: "sha256:ccc", imageTags: ["beta-3"], imagePushedAt: "2026-11-20T12:00:00Z" },
      ],
    });
    const out = await run(["evaluate", "--policy", policy, "--images", images, "--now", "2026-11-28T12:00:00Z"]);
    assert.deepEqual(JSON.parse(out), { expired: ["sha256:aaa", "sha256:bbb"], kept: ["sha256:ccc"] });
    const table = await run([
      "evaluate",
      "--policy",
      policy,
      "--images",
      images,
      "--now",
      "2026-11-28T12:00:00Z",
      "--format",
      "table",
    ]);
    assert.match(table, /sha256:aaa .* beta-1,prod-1 +EXPIRED by rule 1: Rule 1/);
    assert.match(table, /2 expired, 1 kept\n$/);
  });

  it("evaluate refuses an invalid policy and malformed describe-images output, naming the problem", async () => {
    const bad = write("bad.json", {
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: "tagged", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    });
    const images = write("ok.json", { imageDetails: [] });
    await assert.rejects(
      run(["evaluate", "--policy", bad, "--images", images]),
      (err: unknown) => err instanceof UserError && /is not a valid lifecycle policy/.test(err.message),
    );
    const policy = write("good.json", {
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    });
    const broken = write("broken.json", { imageDetails: [{ imageTags: ["x"] }] });
    await assert.rejects(
      run(["evaluate", "--policy", policy, "--images", broken]),
      (err: unknown) => err instanceof UserError && /imageDetails\[0\]\.imageDigest/.test(err.message),
    );
  });

  it("simulate reports pushed, kept and expired per channel for a year", async () => {
    const out = await run(["simulate", "--dir", ROOT, "--days", "365", "--start", "2026-01-01T00:00:00Z"]);
    assert.match(out, /^nightly +365 +14 +351 /m);
    assert.match(out, /^beta +52 +20 +32 /m);
    assert.match(out, /^stable +12 +12 +0 /m);
  });
});
