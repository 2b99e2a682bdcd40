/**
 * `retag:MovingTags` against ECR as moto emulates it, through the provider's
 * own methods and the real AWS SDK, configured only from the environment
 * (AWS_ENDPOINT_URL_ECR, static keys) as under `pulumi up`.
 *
 * moto 5.2.1 differs from ECR where it matters here: an immutable tag is
 * refused with ImageAlreadyExistsException (ECR: ImageTagAlreadyExistsException),
 * and its tag-mutability filters are prefix regexes, so the immutable-tag
 * test gives it a literal tag; see tests/integration/aws/ecr-repositories.test.ts.
 * For a manifest without `layers` (an image index) moto makes up a digest
 * from one of 101 random numbers, so two indexes collide now and then; the
 * seeding passes the manifest's real sha256 as `imageDigest`, as ECR computes it.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BatchGetImageCommand, CreateRepositoryCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import { movingTagsProvider } from "../../../providers/retag";
import { ecrStore } from "../../../providers/retag/ecr";
import { sharedMoto, type MotoServer } from "../../support/moto";
import { rejection } from "../../support/rejection";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";

type Bag = Record<string, unknown>;
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const VARIABLES = [
  "AWS_ENDPOINT_URL_ECR",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_MAX_ATTEMPTS",
] as const;
const hex = (n: number) => n.toString(16).padStart(64, "0");
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** A small OCI image index over one platform manifest; `n` varies the digests. */
function index(n: number): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_MANIFEST,
        digest: `sha256:${hex(n)}`,
        size: 500 + n,
        platform: { architecture: "amd64", os: "linux" },
      },
    ],
  });
}

describe("retag:MovingTags against ECR (moto)", function () {
  this.timeout(30_000);
  let moto: MotoServer;
  let ecr: ECRClient;
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const);
  let repository = "";
  let serial = 0;
  let pinned = "";
  let newer = "";

  const inputs = async (overrides: Bag = {}): Promise<Bag> => {
    const checked = await movingTagsProvider.check!(
      {},
      {
        registry: "ecr",
        repository,
        channel: "stable",
        retention: { keep: "all" },
        sourceTag: "1.4.9",
        tagScheme: DEFAULT_TAG_SCHEME,
        tags: ["stable", "latest"],
        ecr: { region: REGION, registryId: ACCOUNT },
        ...overrides,
      },
    );
    assert.deepEqual(checked.failures, undefined);
    return checked.inputs as Bag;
  };
  const put = async (tag: string, manifest: string) => {
    const { image } = await ecr.send(
      new PutImageCommand({
        repositoryName: repository,
        imageTag: tag,
        imageManifest: manifest,
        imageManifestMediaType: OCI_INDEX,
        imageDigest: sha256(manifest),
      }),
    );
    return image?.imageId?.imageDigest ?? "";
  };
  const digestOf = async (tag: string) => {
    const { images = [] } = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: repository,
        imageIds: [{ imageTag: tag }],
        acceptedMediaTypes: [OCI_INDEX],
      }),
    );
    return images[0]?.imageId?.imageDigest;
  };
  const digests = async () => ({ stable: await digestOf("stable"), latest: await digestOf("latest") });

  /** A fresh repository where 1.5.0 holds stable and latest and 1.4.9 is the backport to pin. */
  async function seed(immutableTags: readonly string[] = []): Promise<void> {
    serial += 1;
    repository = `cortex/pin-${serial}`;
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: repository,
        imageTagMutability: immutableTags.length > 0 ? "MUTABLE_WITH_EXCLUSION" : "MUTABLE",
        ...(immutableTags.length > 0
          ? {
              imageTagMutabilityExclusionFilters: immutableTags.map((filter) => ({
                filter,
                filterType: "WILDCARD" as const,
              })),
            }
          : {}),
      }),
    );
    pinned = await put("1.4.9", index(1));
    newer = await put("1.5.0", index(2));
    for (const tag of ["stable", "latest"]) assert.equal(await put(tag, index(2)), newer);
    assert.notEqual(pinned, newer);
  }

  before(async () => {
    moto = await sharedMoto();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_ECR: moto.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_MAX_ATTEMPTS: "1",
    });
    for (const name of ["AWS_SESSION_TOKEN", "AWS_PROFILE"]) Reflect.deleteProperty(process.env, name);
    ecr = new ECRClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    });
  });
  after(async () => {
    ecr.destroy();
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    await moto.stop();
  });

  it("points stable and latest at 1.4.9's digest (BatchGetImage, then PutImage of the same manifest), and leaves 1.5.0 alone", async () => {
    await seed();
    const created = await movingTagsProvider.create(await inputs());
    assert.equal(created.id, `ecr:${ACCOUNT}:${REGION}/${repository}`);
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
    assert.equal(await digestOf("1.5.0"), newer);
    assert.equal((created.outs as Bag).digest, pinned);
  });

  it("applies again without an error when the tags are already in place (ECR refuses to put an image under a tag it already has)", async () => {
    await seed();
    const created = await movingTagsProvider.create(await inputs());
    const again = await movingTagsProvider.update!(created.id, created.outs as Bag, await inputs());
    assert.deepEqual((again.outs as Bag).tagDigests, { stable: pinned, latest: pinned });
  });

  it("refuses a version that was never pushed, and moves nothing", async () => {
    await seed();
    const error = await rejection(async () => movingTagsProvider.create(await inputs({ sourceTag: "1.4.8" })));
    assert.match(
      error.message,
      new RegExp(
        `ECR repository ${repository} \\(${ACCOUNT}, ${REGION}\\) has no image tagged 1\\.4\\.8.*nothing was changed`,
      ),
    );
    assert.deepEqual(await digests(), { stable: newer, latest: newer });
  });

  it("reports a target tag the repository keeps immutable, and puts back the tags it had already moved", async () => {
    await seed(["latest"]);
    const error = await rejection(async () => movingTagsProvider.create(await inputs()));
    assert.match(
      error.message,
      /refuses to move the tag "latest": it is immutable there .*does not belong in the pin's tag list or the repository's tag-immutability settings treat it as a version tag/,
    );
    assert.match(error.message, /the tags moved so far were put back/);
    assert.deepEqual(await digests(), { stable: newer, latest: newer });
  });

  it("read reports a tag moved since as drift, and the update moves it back", async () => {
    await seed();
    const created = await movingTagsProvider.create(await inputs());
    assert.equal(await put("latest", index(2)), newer);
    const read = await movingTagsProvider.read!(created.id, created.outs as Bag);
    assert.deepEqual((read.props as Bag).tagDigests, { stable: pinned, latest: newer });
    assert.deepEqual((read.inputs as Bag | undefined)?.tags, ["stable"]);
    assert.deepEqual(await movingTagsProvider.diff!(created.id, read.props as Bag, await inputs()), { changes: true });
    await movingTagsProvider.update!(created.id, read.props as Bag, await inputs());
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
  });

  describe("a pin retention would not keep", () => {
    const betaInputs = (sourceTag: string, keepLast: number) =>
      inputs({ channel: "beta", retention: { keepLast }, sourceTag, tags: ["beta"] });

    /** The stable seed plus betas 1 to 4 of 1.6.0, the newest holding the beta tag. */
    async function seedBetas(): Promise<string[]> {
      await seed();
      const betas: string[] = [];
      for (const n of [1, 2, 3, 4]) betas.push(await put(`1.6.0-beta.${n}`, index(10 + n)));
      assert.equal(await put("beta", index(14)), betas[3]);
      return betas;
    }

    it("is refused against the repository's own tags (ListImages), before any tag moves", async () => {
      const betas = await seedBetas();
      const error = await rejection(async () => movingTagsProvider.create(await betaInputs("1.6.0-beta.1", 3)));
      assert.match(
        error.message,
        /^ECR repository cortex\/pin-\d+ \(123456789012, us-east-1\): channels\.beta\.pin: 1\.6\.0-beta\.1 is older than the newest 3 betas retention keeps .*such as 1\.6\.0-beta\.4; nothing was changed$/,
      );
      assert.equal(await digestOf("beta"), betas[3]);
      await movingTagsProvider.create(await betaInputs("1.6.0-beta.2", 3));
      assert.equal(await digestOf("beta"), betas[1]);
    });

    // moto answers ListImages in one page whatever maxResults says, so this
    // shows the tags are read, not the paging; the SDK's paginator follows nextToken.
    it("lists every tag of the repository", async () => {
      await seedBetas();
      const store = ecrStore({ region: REGION, registryId: ACCOUNT }, repository);
      try {
        assert.deepEqual((await store.list()).sort(), [
          "1.4.9",
          "1.5.0",
          "1.6.0-beta.1",
          "1.6.0-beta.2",
          "1.6.0-beta.3",
          "1.6.0-beta.4",
          "beta",
          "latest",
          "stable",
        ]);
      } finally {
        store.close();
      }
    });
  });
});
