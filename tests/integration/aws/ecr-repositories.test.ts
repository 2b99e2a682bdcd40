/*
 * ECR repositories as this project declares them, against moto's emulator
 * through the real AWS SDK v3 client.
 *
 * What moto 5.2.1 does NOT enforce or emulate, so this suite cannot prove it:
 * - Tag-mutability exclusion filters are matched as Python regular expressions
 *   with `re.match` (a prefix match), not as ECR wildcards: a filter starting
 *   with `*` (the channels' `*-beta.*`) makes every PutImage fail with HTTP 500,
 *   and `nightly-*` would also match the moving tag `nightly`. The retag test
 *   therefore lets the channel model pick which of its tags are immutable and
 *   gives moto those tags as literal filters; the wildcard filters themselves
 *   are only stored and read back here (their matching is unit-tested in
 *   lib/channels).
 * - A refused retag onto an immutable tag holding another image is reported as
 *   ImageAlreadyExistsException; ECR reports ImageTagAlreadyExistsException.
 * - Image digests are a hash of the layer digests, not of the manifest bytes,
 *   and PutImage does not check that the layers were uploaded
 *   (ECR: LayersNotFoundException).
 * - Lifecycle policies: only the JSON shape and the enums are checked
 *   (`countType` must be imageCountMoreThan or sinceImagePushed); unique
 *   priorities, `tagStatus: any` last, countUnit pairing, pattern/prefix
 *   exclusivity, the 4-wildcard limit and the 30,720-character limit are not.
 *   The newer `sinceImagePulled` / `transition` features are refused. Policies
 *   are never evaluated (no expiry, no lifecycle preview).
 * - Scan on push and encryption are stored, never performed.
 */
import assert from "node:assert/strict";
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  PutImageCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  type ImageTagMutability,
} from "@aws-sdk/client-ecr";
import { checkIamPolicy, crossAccountPullPolicy, parsePolicyDocument, renderPolicyDocument } from "../../../lib/aws";
import { ecrTagIsImmutable, ecrTagMutability } from "../../../lib/channels";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import { DEFAULT_RETENTION, compileLifecyclePolicy, renderLifecyclePolicy } from "../../../lib/retention";
import { sharedMoto, type MotoServer } from "../../support/moto";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const hex = (n: number) => n.toString(16).padStart(64, "0");

/** A minimal valid OCI image manifest; `n` varies the config and layer digests. */
function manifest(n: number): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${hex(n)}`, size: 2 },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: `sha256:${hex(1000 + n)}`, size: 32 }],
  });
}

/** Rejects with an AWS error whose name is one of `names`. */
async function assertRefused(promise: Promise<unknown>, names: string[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(
      error instanceof Error && names.includes(error.name),
      `expected ${names.join(" or ")}, got ${String(error)}`,
    );
    return true;
  });
}

describe("aws integration: ECR repositories (moto)", function () {
  this.timeout(30_000);
  let moto: MotoServer;
  let ecr: ECRClient;

  before(async () => {
    moto = await sharedMoto();
    ecr = new ECRClient({
      endpoint: moto.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    });
  });

  after(async () => {
    ecr.destroy();
    await moto.stop();
  });

  const mutability = ecrTagMutability(DEFAULT_MODEL);

  async function createRepository(
    name: string,
    settings: {
      imageTagMutability: string;
      imageTagMutabilityExclusionFilters: readonly { filter: string; filterType: "WILDCARD" }[];
    },
  ) {
    return ecr.send(
      new CreateRepositoryCommand({
        repositoryName: name,
        imageTagMutability: settings.imageTagMutability as ImageTagMutability,
        imageTagMutabilityExclusionFilters: settings.imageTagMutabilityExclusionFilters.map((f) => ({ ...f })),
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: "AES256" },
      }),
    );
  }

  it("creates repositories with the channels' tag mutability, scan on push and AES256, and reads them back", async () => {
    for (const name of ["cortex/cortex", "cortex/cortex-tools"]) await createRepository(name, mutability);
    const { repositories = [] } = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ["cortex/cortex", "cortex/cortex-tools"] }),
    );
    assert.equal(repositories.length, 2);
    for (const repository of repositories) {
      assert.equal(repository.imageTagMutability, mutability.imageTagMutability);
      assert.deepEqual(repository.imageTagMutabilityExclusionFilters, mutability.imageTagMutabilityExclusionFilters);
      assert.deepEqual(repository.imageScanningConfiguration, { scanOnPush: true });
      assert.equal(repository.encryptionConfiguration?.encryptionType, "AES256");
    }
  });

  it("stores the compiled lifecycle policies (multi- and single-platform) and returns them unchanged", async () => {
    for (const multiArch of [true, false]) {
      const text = renderLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION, DEFAULT_MODEL, { multiArch }));
      await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: "cortex/cortex", lifecyclePolicyText: text }));
      const stored = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: "cortex/cortex" }));
      assert.deepEqual(JSON.parse(stored.lifecyclePolicyText ?? "null"), JSON.parse(text));
    }
  });

  it("stores the cross-account pull policy, which reads back equal and passes the checker", async () => {
    const policy = crossAccountPullPolicy({ accountIds: ["444455556666", "222233334444"] });
    await ecr.send(
      new SetRepositoryPolicyCommand({ repositoryName: "cortex/cortex", policyText: renderPolicyDocument(policy) }),
    );
    const stored = await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: "cortex/cortex" }));
    const readBack = parsePolicyDocument(stored.policyText ?? "");
    assert.deepEqual(readBack, policy);
    assert.deepEqual(checkIamPolicy(readBack, "repository"), []);
  });

  describe("retag without pulling", () => {
    // Beta versions: a shape ECR itself keeps immutable (release tags rest on the workflows' check).
    const VERSION = "1.5.0-beta.1";
    const NEXT_VERSION = "1.5.0-beta.2";
    const MOVING = ["beta", "latest", "1.5", "stable"];
    const REPOSITORY = "cortex/retag";

    async function put(tag: string, manifestText: string, mediaType = OCI_MANIFEST): Promise<string> {
      const { image } = await ecr.send(
        new PutImageCommand({
          repositoryName: REPOSITORY,
          imageTag: tag,
          imageManifest: manifestText,
          imageManifestMediaType: mediaType,
        }),
      );
      return image?.imageId?.imageDigest ?? "";
    }

    async function get(tag: string) {
      const { images = [], failures = [] } = await ecr.send(
        new BatchGetImageCommand({
          repositoryName: REPOSITORY,
          imageIds: [{ imageTag: tag }],
          acceptedMediaTypes: [OCI_MANIFEST],
        }),
      );
      assert.deepEqual(failures, []);
      assert.equal(images.length, 1);
      return images[0]!;
    }

    before(async () => {
      // The channel model decides which tags are immutable; moto gets them as literal filters (see the top of this file).
      const tags = [VERSION, NEXT_VERSION, ...MOVING];
      const immutable = tags.filter((tag) => ecrTagIsImmutable(mutability, tag));
      assert.deepEqual(immutable, [VERSION, NEXT_VERSION]);
      await createRepository(REPOSITORY, {
        imageTagMutability: mutability.imageTagMutability,
        imageTagMutabilityExclusionFilters: immutable.map((filter) => ({ filter, filterType: "WILDCARD" })),
      });
    });

    it("puts the version tag, then adds each moving tag to the same digest from BatchGetImage's manifest and media type", async () => {
      const digest = await put(VERSION, manifest(1));
      assert.match(digest, /^sha256:[0-9a-f]{64}$/);
      const source = await get(VERSION);
      assert.equal(source.imageManifestMediaType, OCI_MANIFEST);
      for (const tag of MOVING) {
        assert.equal(await put(tag, source.imageManifest ?? "", source.imageManifestMediaType), digest, tag);
        assert.equal((await get(tag)).imageId?.imageDigest, digest, tag);
      }
    });

    it("moves a moving tag to a newer image and back to the older one (rollback)", async () => {
      const older = (await get(VERSION)).imageId?.imageDigest;
      const newer = await put(NEXT_VERSION, manifest(2));
      assert.notEqual(newer, older);
      await put("latest", manifest(2));
      assert.equal((await get("latest")).imageId?.imageDigest, newer);
      const target = await get(VERSION);
      await put("latest", target.imageManifest ?? "", target.imageManifestMediaType);
      assert.equal((await get("latest")).imageId?.imageDigest, older);
    });

    it("refuses to re-point an immutable version tag at another image, and keeps it where it was", async () => {
      const before = (await get(VERSION)).imageId?.imageDigest;
      // ECR: ImageTagAlreadyExistsException; moto 5.2.1: ImageAlreadyExistsException.
      await assertRefused(put(VERSION, manifest(2)), ["ImageTagAlreadyExistsException", "ImageAlreadyExistsException"]);
      assert.equal((await get(VERSION)).imageId?.imageDigest, before);
    });

    it("refuses to push the same image under its existing version tag again", async () => {
      await assertRefused(put(VERSION, manifest(1)), ["ImageAlreadyExistsException"]);
    });
  });
});
