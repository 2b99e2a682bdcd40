import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/** A personal access token's level, lowest first (Docker's API scope names). */
export const PAT_LEVELS = ["repo:public_read", "repo:read", "repo:write", "repo:admin"] as const;
export type PatLevel = (typeof PAT_LEVELS)[number];

/**
 * Who a bearer token speaks for: a user logged in with its password or one of
 * its personal access tokens (with that token's level), or an organization
 * logged in with one of its organization access tokens (with its scopes).
 */
export type Principal =
  | { readonly kind: "user"; readonly username: string; readonly via: "password" }
  | { readonly kind: "user"; readonly username: string; readonly via: "pat"; readonly level: PatLevel }
  | { readonly kind: "org"; readonly org: string; readonly scopes: readonly string[] };

/** Outcome of checking a bearer token. */
export type TokenCheck =
  { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: "expired" | "invalid" };

interface Claims {
  readonly sub: string;
  readonly kind: Principal["kind"];
  /** The principal's login details (via, level, scopes), as issued. */
  readonly auth: Readonly<Record<string, unknown>>;
  readonly iat: number;
  readonly exp: number;
  readonly gen: number;
  readonly jti: string;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Issues and verifies HS256 JWTs with an `exp` claim, the way Docker Hub's
 * POST /v2/auth/token answers ("a short-lived access token in JWT format", 10 minutes).
 * A generation counter lets tests revoke every token issued so far.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);
  private generation = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  issue(principal: Principal): string {
    const iat = Math.floor(this.now() / 1000);
    const { kind: _kind, ...rest } = principal;
    const auth = Object.fromEntries(Object.entries(rest).filter(([k]) => k !== "username" && k !== "org"));
    const claims: Claims = {
      sub: principal.kind === "user" ? principal.username : principal.org,
      kind: principal.kind,
      auth,
      iat,
      exp: iat + this.ttlSeconds,
      gen: this.generation,
      jti: randomUUID(),
    };
    const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  verify(token: string): TokenCheck {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "invalid" };
    const [header = "", payload = "", signature = ""] = parts;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
    if (claims.gen !== this.generation) return { ok: false, reason: "invalid" };
    if (this.now() / 1000 >= claims.exp) return { ok: false, reason: "expired" };
    const principal = (
      claims.kind === "user"
        ? { kind: "user", username: claims.sub, ...claims.auth }
        : { kind: "org", org: claims.sub, ...claims.auth }
    ) as Principal;
    return { ok: true, principal };
  }

  /** Invalidates every token issued so far. */
  revokeAll(): void {
    this.generation += 1;
  }

  private sign(data: string): string {
    return createHmac("sha256", this.key).update(data).digest("base64url");
  }
}
