/**
 * `retag:MovingTags` against a real OCI registry: Debian's docker-registry
 * (CNCF distribution 2.8.2) with htpasswd Basic auth, seeded with small
 * multi-platform images through plain distribution API calls. This is the
 * code path Docker Hub is reached by (its registry speaks the same API).
 * Docker Hub's Bearer token flow is exercised in ./oci-token-auth.test.ts.
 *
 * The provider's methods run as the engine calls them; credentials come only
 * from DOCKERHUB_USERNAME and DOCKERHUB_TOKEN in the environment.
 */
import assert from "node:assert/strict";
import { evaluateProgram } from "../../../cli/plan/evaluate";
import { MovingTags, movingTagsProvider } from "../../../providers/retag";
import { ociStore } from "../../../providers/retag/oci";
import { getEngine } from "../../support/engine";
import { rejection } from "../../support/rejection";
import { runInProviderHost } from "../../support/provider-host";
import { RegistrySeeder, startRegistry, type RegistryServer } from "../../support/registry";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";

type Bag = Record<string, unknown>;
const REPOSITORY = "cortexproject/cortex";
const VARIABLES = ["DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN"] as const;

describe("retag:MovingTags against a real OCI registry (docker-registry 2.8)", function () {
  this.timeout(30_000);
  let registry: RegistryServer;
  let seeder: RegistrySeeder;
  let pinned: string;
  let newer: string;
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const);

  const inputs = async (overrides: Bag = {}): Promise<Bag> => {
    const checked = await movingTagsProvider.check!(
      {},
      {
        registry: "oci",
        repository: REPOSITORY,
        channel: "stable",
        retention: { keep: "all" },
        sourceTag: "1.4.9",
        tagScheme: DEFAULT_TAG_SCHEME,
        tags: ["stable", "latest"],
        oci: { baseUrl: registry.baseUrl },
        ...overrides,
      },
    );
    assert.deepEqual(checked.failures, undefined);
    return checked.inputs as Bag;
  };
  const digests = async () => ({
    stable: await seeder.digestOf(REPOSITORY, "stable"),
    latest: await seeder.digestOf(REPOSITORY, "latest"),
  });

  before(async () => {
    registry = await startRegistry();
    seeder = new RegistrySeeder(registry);
    process.env.DOCKERHUB_USERNAME = registry.username;
    process.env.DOCKERHUB_TOKEN = registry.password;
  });
  after(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    await registry.stop();
  });
  beforeEach(async () => {
    // 1.5.0 is out and holds the moving tags; 1.4.9 is the backport to pin.
    pinned = await seeder.pushImage(REPOSITORY, ["1.4.9"], "1.4.9");
    newer = await seeder.pushImage(REPOSITORY, ["1.5.0", "stable", "latest"], "1.5.0");
    assert.notEqual(pinned, newer);
  });

  it("points stable and latest at 1.4.9's image index, byte for byte, and reports its digest", async () => {
    const created = await movingTagsProvider.create(await inputs());
    assert.equal(created.id, `oci:${registry.baseUrl}/${REPOSITORY}`);
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
    assert.equal((created.outs as Bag).digest, pinned);
    assert.deepEqual((created.outs as Bag).tagDigests, { stable: pinned, latest: pinned });
  });

  it("refuses a version that was never pushed, and moves nothing", async () => {
    const error = await rejection(async () => movingTagsProvider.create(await inputs({ sourceTag: "1.4.8" })));
    assert.match(
      error.message,
      new RegExp(
        `repository ${REPOSITORY} has no image tagged 1\\.4\\.8, so stable, latest cannot be pointed at it; nothing was changed`,
      ),
    );
    assert.deepEqual(await digests(), { stable: newer, latest: newer });
  });

  describe("a pin retention would not keep", () => {
    const BETAS = "cortexproject/cortex-betas";
    const betaInputs = (sourceTag: string) =>
      inputs({ repository: BETAS, channel: "beta", retention: { keepLast: 2 }, sourceTag, tags: ["beta"] });
    const betas: Record<string, string> = {};

    before(async () => {
      // Four betas, the newest holding the beta tag; keepLast 2 keeps beta.3 and beta.4.
      for (const n of [1, 2, 3, 4])
        betas[n] = await seeder.pushImage(BETAS, [`1.5.0-beta.${n}`, ...(n === 4 ? ["beta"] : [])], `1.5.0-beta.${n}`);
    });

    it("is refused, naming the limit and the newest kept, before any tag moves", async () => {
      const error = await rejection(async () => movingTagsProvider.create(await betaInputs("1.5.0-beta.2")));
      assert.match(
        error.message,
        /repository cortexproject\/cortex-betas: channels\.beta\.pin: 1\.5\.0-beta\.2 is older than the newest 2 betas retention keeps .*pin a version retention keeps, such as 1\.5\.0-beta\.4; nothing was changed$/,
      );
      assert.equal(await seeder.digestOf(BETAS, "beta"), betas[4]);
    });

    it("lets a version retention keeps through", async () => {
      await movingTagsProvider.create(await betaInputs("1.5.0-beta.3"));
      assert.equal(await seeder.digestOf(BETAS, "beta"), betas[3]);
    });

    it("is not judged once the image holds the tag: retention keeps it, so the pin stays appliable", async () => {
      await seeder.pushImage(BETAS, ["beta"], "1.5.0-beta.1");
      assert.equal(await seeder.digestOf(BETAS, "beta"), betas[1]);
      const created = await movingTagsProvider.create(await betaInputs("1.5.0-beta.1"));
      assert.equal((created.outs as Bag).digest, betas[1]);
    });

    it("lists every tag across pages, following the registry's Link header", async () => {
      const store = ociStore(
        registry.baseUrl,
        BETAS,
        { username: registry.username, secret: registry.password },
        { tagsPage: 2 },
      );
      assert.deepEqual((await store.list()).sort(), [
        "1.5.0-beta.1",
        "1.5.0-beta.2",
        "1.5.0-beta.3",
        "1.5.0-beta.4",
        "beta",
      ]);
      assert.deepEqual(
        await ociStore(registry.baseUrl, "cortexproject/never-pushed", {
          username: registry.username,
          secret: registry.password,
        }).list(),
        [],
      );
    });
  });

  it("creates a moving tag that did not exist yet", async () => {
    await movingTagsProvider.create(await inputs({ tags: ["1.4"] }));
    assert.equal(await seeder.digestOf(REPOSITORY, "1.4"), pinned);
  });

  it("read reports a tag moved since as drift, the diff asks for an update, and the update moves it back", async () => {
    const created = await movingTagsProvider.create(await inputs());
    await seeder.pushImage(REPOSITORY, ["latest"], "1.5.0");
    const read = await movingTagsProvider.read!(created.id, created.outs as Bag);
    const props = read.props as Bag;
    assert.deepEqual(props.tagDigests, { stable: pinned, latest: newer });
    assert.deepEqual(props.tags, ["stable"]);
    assert.deepEqual((read.inputs as Bag | undefined)?.tags, ["stable"]);
    assert.deepEqual(await movingTagsProvider.diff!(created.id, props, await inputs()), { changes: true });
    await movingTagsProvider.update!(created.id, props, await inputs());
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
  });

  it("delete leaves every tag where it is (the release workflows take the channel back)", async () => {
    const created = await movingTagsProvider.create(await inputs());
    await movingTagsProvider.delete!(created.id, created.outs as Bag);
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
    assert.equal(await seeder.digestOf(REPOSITORY, "1.4.9"), pinned);
  });

  it("says which variables to fix when the registry refuses the credentials, and moves nothing", async () => {
    process.env.DOCKERHUB_TOKEN = "wrong";
    try {
      const error = await rejection(async () => movingTagsProvider.create(await inputs()));
      assert.match(
        error.message,
        /refused releaser to GET "1\.4\.9": HTTP 401 UNAUTHORIZED.*DOCKERHUB_USERNAME and DOCKERHUB_TOKEN/,
      );
      assert.ok(!error.message.includes("wrong"), "the token must not appear in the error");
    } finally {
      process.env.DOCKERHUB_TOKEN = registry.password;
    }
    assert.deepEqual(await digests(), { stable: newer, latest: newer });
  });

  it("runs as serialized into state, in a plain Node.js host, with credentials from that host's environment only", async () => {
    const { resources } = await evaluateProgram(
      getEngine(),
      () => {
        new MovingTags("pin-stable-cortex-dockerhub", {
          registry: "oci",
          repository: REPOSITORY,
          channel: "stable",
          retention: { keep: "all" },
          sourceTag: "1.4.9",
          tagScheme: DEFAULT_TAG_SCHEME,
          tags: ["stable", "latest"],
          oci: { baseUrl: registry.baseUrl },
        });
        return {};
      },
      { config: {} },
    );
    const resource = resources.find((r) => r.type === "pulumi-nodejs:dynamic/retag:MovingTags");
    const code = resource?.rawInputs.__provider;
    assert.equal(typeof code, "string");
    assert.ok(
      (code as string).length < 20_000,
      `the serialized provider is ${(code as string).length} characters; it must not capture the registry clients`,
    );
    const env = { PATH: process.env.PATH, DOCKERHUB_USERNAME: registry.username, DOCKERHUB_TOKEN: registry.password };
    const created = (await runInProviderHost(code as string, [["create", [await inputs()]]], env))[0] as { outs: Bag };
    assert.equal(created.outs.digest, pinned);
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
  });
});
