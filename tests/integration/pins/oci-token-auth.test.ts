/**
 * `retag:MovingTags` through token authentication, the scheme Docker Hub's
 * registry uses: the real registry (Debian's docker-registry) challenges with
 * `Bearer realm=…,service=…`, the provider fetches a token from the realm with
 * DOCKERHUB_USERNAME and DOCKERHUB_TOKEN as Basic credentials, and the registry
 * verifies the token's signature, issuer, audience and access claim itself.
 * The token service is the tests' own (tests/support/token-service.ts), not
 * auth.docker.io, which the tests cannot reach.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { movingTagsProvider } from "../../../providers/retag";
import { ociStore } from "../../../providers/retag/oci";
import { RegistrySeeder, startRegistry, type RegistryServer } from "../../support/registry";
import { rejection } from "../../support/rejection";
import { listenOnFreePort } from "../../support/server-process";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";

type Bag = Record<string, unknown>;
const REPOSITORY = "cortexproject/cortex";
const VARIABLES = ["DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN"] as const;

describe("retag:MovingTags with token authentication (docker-registry 2.8 and a token service)", function () {
  this.timeout(30_000);
  let registry: RegistryServer;
  let seeder: RegistrySeeder;
  let pinned = "";
  let newer = "";
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const);

  const inputs = async (): Promise<Bag> => {
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
      },
    );
    assert.deepEqual(checked.failures, undefined);
    return checked.inputs as Bag;
  };
  const digests = async () => ({
    stable: await seeder.digestOf(REPOSITORY, "stable"),
    latest: await seeder.digestOf(REPOSITORY, "latest"),
  });
  /** The token requests `body` makes (the seeder's own come before and after). */
  async function tokenRequestsOf(body: () => Promise<unknown>) {
    const from = registry.tokenRequests.length;
    await body();
    return registry.tokenRequests.slice(from);
  }

  before(async () => {
    registry = await startRegistry({ auth: "token" });
    seeder = new RegistrySeeder(registry);
  });
  beforeEach(async () => {
    process.env.DOCKERHUB_USERNAME = registry.username;
    process.env.DOCKERHUB_TOKEN = registry.password;
    pinned = await seeder.pushImage(REPOSITORY, ["1.4.9"], "1.4.9");
    newer = await seeder.pushImage(REPOSITORY, ["1.5.0", "stable", "latest"], "1.5.0");
  });
  after(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    await registry.stop();
  });

  it("is a registry that checks tokens itself: a Bearer challenge, and a token with a forged signature refused", async () => {
    const challenge = await fetch(`${registry.baseUrl}/v2/${REPOSITORY}/tags/list`);
    await challenge.arrayBuffer();
    assert.equal(challenge.status, 401);
    assert.match(
      challenge.headers.get("www-authenticate") ?? "",
      /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="release-infra-tests",scope="repository:cortexproject\/cortex:pull"/,
    );
    const url = new URL(`${registry.baseUrl}/token`);
    url.searchParams.set("service", registry.tokenService ?? "");
    url.searchParams.set("scope", `repository:${REPOSITORY}:pull`);
    const { token } = (await (
      await fetch(url, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}`,
        },
      })
    ).json()) as { token: string };
    const [header, claims] = token.split(".");
    const status = async (bearer: string) => {
      const response = await fetch(`${registry.baseUrl}/v2/${REPOSITORY}/tags/list`, {
        headers: { Authorization: `Bearer ${bearer}` },
      });
      await response.arrayBuffer();
      return response.status;
    };
    assert.equal(await status(token), 200);
    assert.equal(await status(`${header}.${claims}.${Buffer.from("forged").toString("base64url")}`), 401);
  });

  it("answers the Bearer challenge once, asking for pull and push on the repository, and moves the tags", async () => {
    const requests = await tokenRequestsOf(async () => {
      const created = await movingTagsProvider.create(await inputs());
      assert.equal((created.outs as Bag).digest, pinned);
    });
    assert.deepEqual(requests, [
      {
        username: registry.username,
        scopes: [`repository:${REPOSITORY}:pull,push`],
        service: registry.tokenService,
        granted: true,
      },
    ]);
    assert.deepEqual(await digests(), { stable: pinned, latest: pinned });
  });

  it("lists the tags with the same token, across pages", async () => {
    const store = ociStore(
      registry.baseUrl,
      REPOSITORY,
      { username: registry.username, secret: registry.password },
      { tagsPage: 1 },
    );
    const requests = await tokenRequestsOf(async () => {
      assert.deepEqual((await store.list()).sort(), ["1.4.9", "1.5.0", "latest", "stable"]);
    });
    assert.equal(requests.length, 1);
  });

  it("reports a token service that refuses the credentials, without the token, and moves nothing", async () => {
    process.env.DOCKERHUB_TOKEN = "not-the-token";
    const error = await rejection(async () => movingTagsProvider.create(await inputs()));
    assert.match(
      error.message,
      /the token service of registry 127\.0\.0\.1:\d+, repository cortexproject\/cortex \(http:\/\/127\.0\.0\.1:\d+\) refused the credentials of releaser: HTTP 401/,
    );
    assert.ok(!error.message.includes("not-the-token"), "the token must not appear in the error");
    assert.deepEqual(await digests(), { stable: newer, latest: newer });
  });

  it("asks anonymously when no credentials are set, and says which variables to set when refused", async () => {
    Reflect.deleteProperty(process.env, "DOCKERHUB_USERNAME");
    Reflect.deleteProperty(process.env, "DOCKERHUB_TOKEN");
    const requests = await tokenRequestsOf(async () => {
      const error = await rejection(async () => movingTagsProvider.create(await inputs()));
      assert.match(error.message, /refused no credentials are set \(DOCKERHUB_USERNAME, DOCKERHUB_TOKEN\)/);
    });
    assert.deepEqual(
      requests.map((r) => r.username),
      [undefined],
    );
  });

  describe("a realm over plain HTTP on another host", () => {
    let decoy: Server;
    let realmHits = 0;
    let realm: Server;

    before(async () => {
      realm = createServer((_request, response) => {
        realmHits += 1;
        response.end("{}");
      });
      const realmPort = await listenOnFreePort(realm);
      // A registry whose challenge names a realm on another port: another host, as URLs count hosts.
      decoy = createServer((_request, response) => {
        response.writeHead(401, {
          "WWW-Authenticate": `Bearer realm="http://127.0.0.1:${realmPort}/token",service="decoy"`,
        });
        response.end();
      });
      await new Promise<void>((resolve) => decoy.listen(0, "127.0.0.1", resolve));
    });
    after(async () => {
      for (const server of [decoy, realm])
        await new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
    });

    it("gets no credentials", async () => {
      const address = decoy.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const store = ociStore(`http://127.0.0.1:${port}`, REPOSITORY, { username: "releaser", secret: "secret-value" });
      const error = await rejection(() => store.get("1.4.9"));
      assert.match(
        error.message,
        /names a token service over plain HTTP on another host \(http:\/\/127\.0\.0\.1:\d+\); refusing to send credentials there/,
      );
      assert.equal(realmHits, 0);
    });
  });
});
