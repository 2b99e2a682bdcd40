/*
 * A token service in front of a test registry, for the registry's token
 * authentication (the scheme Docker Hub uses: a `401` with
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…`, a token fetched from
 * the realm with Basic credentials, then `Authorization: Bearer <token>`).
 * https://distribution.github.io/distribution/spec/auth/token/
 * https://distribution.github.io/distribution/spec/auth/jwt/
 *
 * The registry (Debian's docker-registry) verifies the tokens itself: RS256
 * JWTs whose `x5c` header carries a certificate from its `rootcertbundle`,
 * with its `issuer` and `service` as `iss` and `aud`, and an `access` claim
 * granting what the scope asked for. The key pair and the self-signed
 * certificate come from the `openssl` command line (Node.js cannot make
 * certificates).
 *
 * One loopback port serves both: `/token` here, everything else proxied to
 * the registry. The realm so shares the registry's host, like Docker Hub's
 * realm shares its HTTPS trust; the client refuses to send credentials to a
 * plain-HTTP realm on another host.
 */
import { spawnSync } from "node:child_process";
import { createSign, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { listenOnFreePort } from "./server-process";

/** What the registry's `auth.token` section needs, and the service's own settings. */
export interface TokenSettings {
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate file the registry trusts (`rootcertbundle`). */
  readonly certFile: string;
}

/** One request the token service answered or refused. */
export interface TokenRequest {
  /** The Basic-auth user, or `undefined` when none was sent. */
  readonly username: string | undefined;
  /** Every `scope` parameter, e.g. `repository:cortexproject/cortex:pull,push`. */
  readonly scopes: readonly string[];
  readonly service: string | null;
  readonly granted: boolean;
}

/** Makes an RSA key pair and a self-signed certificate in `dir`. */
export function makeSigningCertificate(dir: string, service: string): TokenSettings & { readonly keyFile: string } {
  const keyFile = join(dir, "token-key.pem");
  const certFile = join(dir, "token-cert.pem");
  const result = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      `/CN=${service} token signer`,
    ],
    { encoding: "utf8" },
  );
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `openssl could not make the token signing certificate (${result.error?.message ?? result.stderr.trim()}): install the Debian package openssl`,
    );
  }
  return { service, issuer: `${service} token issuer`, certFile, keyFile };
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString("base64url");

/** A running front: the token service plus a proxy to the registry. */
export interface TokenFront {
  readonly port: number;
  readonly requests: readonly TokenRequest[];
  /** Where to forward registry requests; until it is set they get 503. */
  forwardTo(registryPort: number): void;
  close(): Promise<void>;
}

/**
 * Listens on a port the kernel picks (127.0.0.1): `GET /token` issues a token to
 * `username:password` for the repository scopes asked for, anything else is
 * forwarded to the registry named by `forwardTo`, Host header included, so the
 * URLs the registry builds (upload locations) point back here. The front
 * starts first because the registry's config names its realm.
 */
export async function startTokenFront(options: {
  readonly username: string;
  readonly password: string;
  readonly settings: TokenSettings & { readonly keyFile: string };
}): Promise<TokenFront> {
  const { settings } = options;
  const key = readFileSync(settings.keyFile, "utf8");
  const certificate = readFileSync(settings.certFile, "utf8").replace(/-----[^-]+-----|\s/g, "");
  const requests: TokenRequest[] = [];

  function issue(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const [scheme, encoded = ""] = (request.headers.authorization ?? "").split(" ");
    const [username, ...rest] = scheme === "Basic" ? Buffer.from(encoded, "base64").toString("utf8").split(":") : [];
    const scopes = url.searchParams.getAll("scope");
    const granted = username === options.username && rest.join(":") === options.password;
    requests.push({ username, scopes, service: url.searchParams.get("service"), granted });
    if (!granted) {
      response.writeHead(401, {
        "Content-Type": "application/json",
        "WWW-Authenticate": `Basic realm="${settings.service}"`,
      });
      response.end(JSON.stringify({ details: "incorrect username or password" }));
      return;
    }
    const access = scopes.flatMap((scope) => {
      const match = /^repository:([^:]+):(.+)$/.exec(scope);
      return match === null
        ? []
        : [
            {
              type: "repository",
              name: match[1],
              actions: (match[2] ?? "").split(",").filter((a) => a === "pull" || a === "push"),
            },
          ];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ typ: "JWT", alg: "RS256", x5c: [certificate] }));
    const claims = base64url(
      JSON.stringify({
        iss: settings.issuer,
        sub: username,
        aud: settings.service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = createSign("RSA-SHA256").update(`${header}.${claims}`).sign(key).toString("base64url");
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(
      JSON.stringify({
        token: `${header}.${claims}.${signature}`,
        expires_in: 300,
        issued_at: new Date(now * 1000).toISOString(),
      }),
    );
  }

  let registryPort: number | undefined;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/token") {
      issue(request, response, url);
      return;
    }
    if (registryPort === undefined) {
      response.writeHead(503, { "Content-Type": "text/plain" });
      response.end("proxy: the registry has not started yet");
      return;
    }
    const upstream = forward(
      { host: "127.0.0.1", port: registryPort, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      response.writeHead(502, { "Content-Type": "text/plain" });
      response.end(`proxy: ${error.message}`);
    });
    request.pipe(upstream);
  });
  const port = await listenOnFreePort(server);
  return {
    port,
    requests,
    forwardTo: (target) => {
      registryPort = target;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
