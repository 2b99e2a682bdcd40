/*
 * The ECR prune of orphaned untagged images, against moto's emulator through
 * the real AWS SDK v3 client.
 *
 * What moto 5.2.1 does, and what it lacks, as this suite relies on it:
 * - PutImage accepts an OCI image index (untagged or tagged), and
 *   BatchGetImage returns it with its media type. But an image digest is a
 *   hash of the manifest's `layers` digests, and a manifest without `layers`
 *   (any real index) gets the hash of a random number from 0 to 100, so
 *   indexes collide. The indexes here carry one dummy `layers` entry to get a
 *   distinct, stable digest; the prune reads only `manifests`.
 * - `imagePushedAt` is the time of PutImage (whole seconds) and cannot be set,
 *   so the tests pass a `now` days after the pushes instead of backdating.
 * - DescribeImages ignores `maxResults` and never pages. The pagination test
 *   pages moto's answer through an SDK middleware to prove the prune follows
 *   `nextToken`.
 * - BatchGetImage ignores `acceptedMediaTypes`; `imageSizeInBytes` is the
 *   manifest's `config.size` (50 MiB without one, none without `layers`).
 * - DescribeImages reports no `subjectManifestDigest`, `artifactMediaType` or
 *   `imageStatus`, so OCI referrers and archived images are covered only by
 *   the unit tests of the decision.
 * - BatchDeleteImage deletes a manifest an index still lists (ECR refuses:
 *   ImageReferencedByManifestList), and leaves deleted untagged images out of
 *   `imageIds` (the prune counts by `failures`, which moto reports).
 * - No lifecycle evaluation: the "expired" nightly index is deleted here the
 *   way the lifecycle policy would delete it.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BatchDeleteImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  PutImageCommand,
  type DescribeImagesCommandOutput,
  type ImageDetail,
} from "@aws-sdk/client-ecr";
import { Command } from "commander";
import { pruneEcr, registerEcrPruneCommand, runEcrPruneCommand, type EcrPruneResult } from "../../../cli/prune/ecr";
import { loadStackConfig } from "../../../cli/stack";
import { DAY_MS } from "../../../lib/retention";
import { sharedMoto, type MotoServer } from "../../support/moto";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const hex = (n: number) => n.toString(16).padStart(64, "0");
let unique = 0;

/** A per-platform OCI manifest with its own config and layer (so its own moto digest). */
function platformManifest(): string {
  unique += 1;
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: `sha256:${hex(unique)}`,
      size: 100 + unique,
    },
    layers: [
      {
        mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
        digest: `sha256:${hex(1_000_000 + unique)}`,
        size: 4096,
      },
    ],
  });
}

/** An OCI index listing `children` (the last one as BuildKit's attestation manifest when `attestation`). */
function indexManifest(children: readonly string[], attestation = false): string {
  unique += 1;
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: children.map((digest, i) =>
      attestation && i === children.length - 1
        ? {
            mediaType: OCI_MANIFEST,
            digest,
            size: 500,
            platform: { architecture: "unknown", os: "unknown" },
            annotations: {
              "vnd.docker.reference.type": "attestation-manifest",
              "vnd.docker.reference.digest": children[0],
            },
          }
        : {
            mediaType: OCI_MANIFEST,
            digest,
            size: 500,
            platform: { architecture: i === 0 ? "amd64" : "arm64", os: "linux" },
          },
    ),
    // moto digests only `layers` (see the top of this file).
    layers: [
      {
        mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
        digest: `sha256:${hex(2_000_000 + unique)}`,
        size: 1,
      },
    ],
  });
}

describe("ecr prune: orphaned untagged images (moto)", function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let ecr: ECRClient;
  const later = (days: number) => new Date(Date.now() + days * DAY_MS);

  before(async () => {
    moto = await sharedMoto();
    ecr = client();
  });

  after(async () => {
    ecr.destroy();
    await moto.stop();
  });

  function client(): ECRClient {
    return new ECRClient({
      endpoint: moto.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    });
  }

  async function put(
    repositoryName: string,
    manifest: string,
    mediaType = OCI_MANIFEST,
    tag?: string,
  ): Promise<string> {
    const { image } = await ecr.send(
      new PutImageCommand({
        repositoryName,
        imageManifest: manifest,
        imageManifestMediaType: mediaType,
        ...(tag !== undefined ? { imageTag: tag } : {}),
      }),
    );
    const digest = image?.imageId?.imageDigest;
    assert.ok(digest !== undefined);
    return digest;
  }

  async function details(repositoryName: string): Promise<ImageDetail[]> {
    return (await ecr.send(new DescribeImagesCommand({ repositoryName }))).imageDetails ?? [];
  }

  const digests = async (repositoryName: string) => (await details(repositoryName)).map((d) => d.imageDigest!).sort();

  function run(
    repositories: string[],
    opts: { apply: boolean; now: Date; force?: boolean; client?: ECRClient },
  ): Promise<{ result: EcrPruneResult; lines: string[] }> {
    const lines: string[] = [];
    return pruneEcr({
      client: opts.client ?? ecr,
      repositories,
      maxAgeDays: 1,
      now: opts.now,
      apply: opts.apply,
      log: (line) => lines.push(line),
      ...(opts.force !== undefined ? { force: opts.force } : {}),
    }).then((result) => ({ result, lines }));
  }

  describe("a repository with a release, an expired nightly and stray builds", () => {
    const REPO = "cortex/cortex";
    const d: Record<string, string> = {};

    before(async () => {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: REPO }));
      // Release 1.5.0: two platforms and an attestation manifest, listed by a tagged index.
      d.amd64 = await put(REPO, platformManifest());
      d.arm64 = await put(REPO, platformManifest());
      d.attestation = await put(REPO, platformManifest());
      d.release = await put(REPO, indexManifest([d.amd64, d.arm64, d.attestation], true), OCI_INDEX, "1.5.0");
      // A nightly whose index the lifecycle policy has since expired.
      d.nightlyAmd64 = await put(REPO, platformManifest());
      d.nightlyArm64 = await put(REPO, platformManifest());
      d.nightly = await put(REPO, indexManifest([d.nightlyAmd64, d.nightlyArm64]), OCI_INDEX, "nightly-20261101");
      await ecr.send(new BatchDeleteImageCommand({ repositoryName: REPO, imageIds: [{ imageDigest: d.nightly }] }));
      // A superseded single-platform build, and an untagged index listing its own child and a release platform.
      d.stray = await put(REPO, platformManifest());
      d.strayChild = await put(REPO, platformManifest());
      d.strayIndex = await put(REPO, indexManifest([d.strayChild, d.amd64]), OCI_INDEX);
      // A tagged cosign signature image.
      d.signature = await put(REPO, platformManifest(), OCI_MANIFEST, `${d.release.replace(":", "-")}.sig`);
      assert.equal(new Set(Object.values(d)).size, Object.keys(d).length, "moto gave two images one digest");
    });

    const orphans = () => [d.nightlyAmd64!, d.nightlyArm64!, d.stray!, d.strayIndex!, d.strayChild!];
    const survivors = () => [d.amd64!, d.arm64!, d.attestation!, d.release!, d.signature!];

    it("keeps every untagged image while it is younger than maxAgeDays", async () => {
      const { result } = await run([REPO], { apply: true, now: new Date() });
      assert.equal(result.deleted, 0);
      assert.deepEqual(result.problems, []);
      assert.equal((await digests(REPO)).length, 10);
    });

    it("dry run: lists exactly the orphans with repository, digest, push time and reason, and deletes nothing", async () => {
      const before = await digests(REPO);
      const { result, lines } = await run([REPO], { apply: false, now: later(30) });
      assert.deepEqual(await digests(REPO), before);
      assert.deepEqual(result.repositories[0]!.selected.map((s) => s.digest).sort(), orphans().sort());
      assert.equal(result.deleted, 5);
      assert.equal(result.kept, 5);
      assert.deepEqual(result.apiCalls, { BatchGetImage: 1, DescribeImages: 1 });
      const table = lines.slice(lines.findIndex((l) => l.startsWith("REPOSITORY")));
      assert.match(table[0]!, /^REPOSITORY\s+DIGEST\s+PUSHED AT\s+ACTION\s+REASON$/);
      for (const digest of orphans()) {
        assert.ok(
          table.some(
            (l) =>
              l.startsWith(`${REPO}  `) &&
              l.includes(digest) &&
              /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+would delete\s+untagged;/.test(l),
          ),
          `no row for ${digest}`,
        );
      }
      assert.ok(lines.some((l) => l.startsWith("would delete 5 of 10 images in 1 repository; would keep 5")));
    });

    it("apply: deletes exactly the orphans, the untagged index before its child, and reports bytes and calls", async () => {
      const sizes = new Map((await details(REPO)).map((img) => [img.imageDigest, img.imageSizeInBytes ?? 0]));
      const { result, lines } = await run([REPO], { apply: true, now: later(30) });
      assert.deepEqual(result.problems, []);
      assert.deepEqual([...result.repositories[0]!.deleted].sort(), orphans().sort());
      assert.deepEqual(await digests(REPO), survivors().sort());
      assert.equal(
        result.bytesReclaimed,
        orphans().reduce((n, o) => n + (sizes.get(o) ?? 0), 0),
      );
      const waves = result.repositories[0]!.selected;
      assert.ok(
        waves.find((s) => s.digest === d.strayIndex)!.wave < waves.find((s) => s.digest === d.strayChild)!.wave,
      );
      // Wave 0 (the index and the unlisted images), then wave 1 (the index's child).
      assert.deepEqual(result.apiCalls, { BatchDeleteImage: 2, BatchGetImage: 1, DescribeImages: 1 });
      assert.ok(lines.some((l) => l.startsWith("deleted 5 of 10 images in 1 repository; kept 5; reclaimed up to")));
      assert.ok(lines.includes("API calls: BatchDeleteImage 2, BatchGetImage 1, DescribeImages 1"));
    });

    it("a second run deletes nothing", async () => {
      const { result, lines } = await run([REPO], { apply: true, now: later(30) });
      assert.equal(result.deleted, 0);
      assert.deepEqual(result.problems, []);
      assert.ok(lines.includes("nothing to delete"));
      assert.equal(result.apiCalls.BatchDeleteImage, undefined);
      assert.deepEqual(await digests(REPO), survivors().sort());
    });
  });

  describe("bulk, pagination and races", () => {
    it("refuses to delete more than the allowed share unless forced, then deletes in batches of 100", async () => {
      const REPO = "cortex/bulk";
      await ecr.send(new CreateRepositoryCommand({ repositoryName: REPO }));
      const child = await put(REPO, platformManifest());
      await put(REPO, indexManifest([child]), OCI_INDEX, "1.0.0");
      for (let i = 0; i < 120; i += 1) await put(REPO, platformManifest());

      const refused = await run([REPO], { apply: true, now: later(30) });
      assert.equal(refused.result.deleted, 0);
      assert.deepEqual(refused.result.problems, [
        "cortex/bulk: refusing to delete 120 of 122 images (98.4%), more than the allowed 50%; check the list, then rerun with --max-delete-share 0.99 or --force",
      ]);
      assert.equal((await digests(REPO)).length, 122);

      const forced = await run([REPO], { apply: true, now: later(30), force: true });
      assert.deepEqual(forced.result.problems, []);
      assert.equal(forced.result.deleted, 120);
      assert.equal(forced.result.apiCalls.BatchDeleteImage, 2);
      assert.equal((await digests(REPO)).length, 2);
    });

    it("follows DescribeImages pages to the last one", async () => {
      const REPO = "cortex/paged";
      await ecr.send(new CreateRepositoryCommand({ repositoryName: REPO }));
      const kept = await put(REPO, platformManifest());
      await put(REPO, indexManifest([kept]), OCI_INDEX, "2.0.0");
      for (let i = 0; i < 3; i += 1) await put(REPO, platformManifest());

      const paged = client();
      const PAGE = 2;
      // moto ignores maxResults: cut its full answer into pages of two, keyed by offset.
      paged.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== "DescribeImagesCommand") return next(args);
          const input = args.input as { nextToken?: string };
          const offset = Number(input.nextToken ?? "0");
          const { nextToken: _ignored, ...rest } = input;
          const result = await next({ ...args, input: rest });
          const output = result.output as DescribeImagesCommandOutput;
          const all = output.imageDetails ?? [];
          const page = all.slice(offset, offset + PAGE);
          const paged: DescribeImagesCommandOutput = {
            ...output,
            imageDetails: page,
            nextToken: offset + PAGE < all.length ? String(offset + PAGE) : undefined,
          };
          return { ...result, output: paged };
        },
        { step: "initialize", name: "pageDescribeImages" },
      );
      try {
        const { result } = await run([REPO], { apply: true, now: later(30), force: true, client: paged });
        assert.equal(result.apiCalls.DescribeImages, 3);
        assert.equal(result.deleted, 3);
        assert.equal((await digests(REPO)).length, 2);
      } finally {
        paged.destroy();
      }
    });

    it("counts an image deleted by someone else between listing and deleting as done", async () => {
      const REPO = "cortex/race";
      await ecr.send(new CreateRepositoryCommand({ repositoryName: REPO }));
      const keep = await put(REPO, platformManifest(), OCI_MANIFEST, "3.0.0");
      const first = await put(REPO, platformManifest());
      const second = await put(REPO, platformManifest());
      const racing = client();
      racing.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "BatchDeleteImageCommand")
            await ecr.send(new BatchDeleteImageCommand({ repositoryName: REPO, imageIds: [{ imageDigest: first }] }));
          return next(args);
        },
        { step: "initialize", name: "deleteFirstElsewhere" },
      );
      try {
        const { result, lines } = await run([REPO], { apply: true, now: later(30), force: true, client: racing });
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.repositories[0]!.alreadyGone, [first]);
        assert.deepEqual(result.repositories[0]!.deleted, [second]);
        assert.ok(lines.some((l) => l.includes(first) && l.includes("already gone")));
        assert.deepEqual(await digests(REPO), [keep]);
      } finally {
        racing.destroy();
      }
    });

    it("reports a repository that does not exist and still prunes the others", async () => {
      const REPO = "cortex/other";
      await ecr.send(new CreateRepositoryCommand({ repositoryName: REPO }));
      await put(REPO, platformManifest(), OCI_MANIFEST, "4.0.0");
      const orphan = await put(REPO, platformManifest());
      const { result } = await run(["cortex/missing", REPO], { apply: true, now: later(30) });
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0]!, /^cortex\/missing: could not list images: RepositoryNotFoundException/);
      assert.deepEqual(result.repositories[1]!.deleted, [orphan]);
    });
  });

  describe("the command: stack config to repositories", () => {
    let dir: string;

    before(() => {
      // The reference stack, renamed so its repositories are fresh, in moto's
      // account, with untagged images kept 3 days.
      const prod = fs.readFileSync(path.join(__dirname, "..", "..", "..", "Pulumi.prod.yaml"), "utf8");
      const stack = prod
        .replace("name: cortex\n    displayName", "name: stackcfg\n    displayName")
        .replace('accountId: "111122223333"', 'accountId: "123456789012"')
        .replace("region: us-east-1", "region: us-east-1\n      untaggedMaxAgeDays: 3");
      assert.notEqual(stack, prod);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecr-prune-"));
      fs.writeFileSync(path.join(dir, "Pulumi.test.yaml"), stack);
    });

    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("prunes every channel's repository of every image with the stack's untaggedMaxAgeDays", async () => {
      const orphans = new Map<string, string>();
      for (const image of loadStackConfig(dir, "test").images.map((i) => i.name)) {
        for (const repositoryName of [`stackcfg/nightly/${image}`, `stackcfg/beta/${image}`, `stackcfg/${image}`]) {
          await ecr.send(new CreateRepositoryCommand({ repositoryName }));
          await put(repositoryName, platformManifest(), OCI_MANIFEST, "1.0.0");
          orphans.set(repositoryName, await put(repositoryName, platformManifest()));
        }
      }
      const lines: string[] = [];
      const opts = { stack: "test", dir, apply: true, client: ecr, log: (l: string) => lines.push(l) };
      const early = await runEcrPruneCommand({ ...opts, now: later(2) });
      assert.deepEqual(early.problems, []);
      assert.equal(early.deleted, 0, "untaggedMaxAgeDays 3 keeps 2-day-old images");
      const due = await runEcrPruneCommand({ ...opts, now: later(4) });
      assert.deepEqual(due.problems, []);
      assert.deepEqual(
        due.repositories.map((r) => [r.repository, r.deleted]),
        [...orphans].map(([repository, digest]) => [repository, [digest]]),
      );
    });

    it("registers `prune ecr` with its options and rejects a share above 1", async () => {
      const program = new Command("release-infra").exitOverride();
      const prune = program.command("prune").exitOverride();
      const ecrCommand = registerEcrPruneCommand(prune)
        .exitOverride()
        .configureOutput({ writeErr: () => undefined });
      assert.deepEqual(
        ecrCommand.options.map((o) => o.long),
        ["--stack", "--dir", "--apply", "--max-delete-share", "--force"],
      );
      await assert.rejects(
        program.parseAsync(["prune", "ecr", "--stack", "test", "--dir", dir, "--max-delete-share", "2"], {
          from: "user",
        }),
        /use a share from 0 to 1/,
      );
    });

    it("names a missing stack file", async () => {
      await assert.rejects(
        runEcrPruneCommand({ stack: "nope", dir, apply: false, client: ecr, log: () => undefined }),
        /no stack file Pulumi\.nope\.yaml/,
      );
    });
  });
});
