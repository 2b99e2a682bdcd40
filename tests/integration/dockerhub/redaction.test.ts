import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DockerHubClient,
  HubAuthError,
  HubConflictError,
  HubError,
  HubNetworkError,
  HubNotFoundError,
  HubRateLimitError,
  HubResponseError,
  HubServerError,
  HubValidationError,
} from "../../../providers/dockerhub/client";
import { ORG, ORG_TOKEN, OUTSIDER, OUTSIDER_TOKEN, startHarness, thrown, type Harness } from "./harness";

const JWT_SHAPE = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** Asserts the secret (and any bearer token) appears nowhere a log or a report could show. */
function assertClean(error: unknown, secret: string): void {
  assert.ok(error instanceof HubError, String(error));
  for (const [where, text] of [
    ["message", error.message],
    ["stack", error.stack ?? ""],
    ["JSON", JSON.stringify(error)],
    ["String", String(error)],
  ] as const) {
    assert.ok(!text.includes(secret), `${error.name} ${where} contains the secret`);
    assert.ok(!JWT_SHAPE.test(text), `${error.name} ${where} contains a bearer token`);
  }
}

describe("Docker Hub client: credentials never appear in errors", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.emulator.seedRepository(ORG, "api");
    await h.client.getRepository(ORG, "api");
  });
  afterEach(async () => {
    await h.close();
  });

  const provoke: readonly (readonly [
    string,
    (h: Harness) => Promise<unknown>,
    new (...args: never[]) => HubError,
    string,
  ])[] = [
    [
      "HubAuthError (bad credentials)",
      (h) => h.clientWith({ secret: "dckr_oat_wr0ng-kn0wn-S3CRET" }).listTags(ORG, "api"),
      HubAuthError,
      "dckr_oat_wr0ng-kn0wn-S3CRET",
    ],
    [
      "HubAuthError (forbidden)",
      (h) =>
        h
          .clientWith({ identifier: OUTSIDER, secret: OUTSIDER_TOKEN })
          .updateRepository(ORG, "api", { description: "x" }),
      HubAuthError,
      OUTSIDER_TOKEN,
    ],
    ["HubNotFoundError", (h) => h.client.getRepository(ORG, "missing"), HubNotFoundError, ORG_TOKEN],
    [
      "HubValidationError",
      (h) => h.client.createRepository({ namespace: ORG, name: "Bad Name", isPrivate: false }),
      HubValidationError,
      ORG_TOKEN,
    ],
    [
      "HubConflictError",
      (h) => {
        h.emulator.failNext(1, 409, { route: "teams.create" });
        return h.client.createTeam(ORG, { name: "maintainers" });
      },
      HubConflictError,
      ORG_TOKEN,
    ],
    [
      "HubRateLimitError",
      (h) => {
        h.emulator.setRateLimit({ limit: 0, windowMs: 3_600_000 });
        return h.client.listTags(ORG, "api");
      },
      HubRateLimitError,
      ORG_TOKEN,
    ],
    [
      "HubServerError",
      (h) => {
        h.emulator.failNext(10, 500);
        return h.client.listTags(ORG, "api");
      },
      HubServerError,
      ORG_TOKEN,
    ],
    [
      "HubNetworkError (timeout)",
      (h) => {
        h.emulator.delayNext(10, 300);
        return h.clientWith({ timeoutMs: 50, maxRetries: 1 }).listTags(ORG, "api");
      },
      HubNetworkError,
      ORG_TOKEN,
    ],
    [
      "HubNetworkError (dropped connection)",
      (h) => {
        h.emulator.dropAfterWrite(10);
        return h.client.deleteRepository(ORG, "api");
      },
      HubNetworkError,
      ORG_TOKEN,
    ],
    [
      "HubResponseError",
      (h) => {
        h.emulator.seedTags(ORG, "api", 120);
        h.emulator.setPublicUrl("http://hub.example.invalid");
        return h.client.listTags(ORG, "api");
      },
      HubResponseError,
      ORG_TOKEN,
    ],
  ];

  for (const [label, call, type, secret] of provoke) {
    it(`keeps the secret out of ${label}`, async () => {
      const error = await thrown(() => call(h));
      assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
      assertClean(error, secret);
    });
  }
});

describe("Docker Hub client: redacts a server that echoes the request", () => {
  const SECRET = "dckr_pat_echoed-kn0wn-S3CRET";
  const TOKEN = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ exp: 4_102_444_800 })).toString("base64url")}.c2ln`;
  let server: Server;
  let baseUrl: string;
  let rejectLogin = false;
  const clientFor = (): DockerHubClient =>
    new DockerHubClient({ baseUrl, identifier: "someone", secret: SECRET, maxRetries: 0 });

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const echoed = `body=${Buffer.concat(chunks).toString("utf8")} authorization=${req.headers.authorization ?? ""}`;
        if (req.url === "/v2/auth/token" && !rejectLogin) {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: TOKEN }));
          return;
        }
        res
          .writeHead(req.url === "/v2/auth/token" ? 401 : 400, { "content-type": "application/json" })
          .end(JSON.stringify({ detail: echoed }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  it("replaces the echoed bearer token with a marker", async () => {
    rejectLogin = false;
    const error = await thrown(() => clientFor().getRepository("someone", "api"));
    assert.ok(error instanceof HubValidationError, String(error));
    assert.ok(!error.message.includes(TOKEN), "message contains the bearer token");
    assert.match(error.message, /authorization=Bearer \[redacted\]/);
  });

  it("replaces the echoed secret of a failed login with a marker", async () => {
    rejectLogin = true;
    const error = await thrown(() => clientFor().listTags("someone", "api"));
    assert.ok(error instanceof HubAuthError, String(error));
    assertClean(error, SECRET);
    assert.match(error.message, /"secret":"\[redacted\]"/);
  });
});
