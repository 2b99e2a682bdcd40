import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/** Who a bearer token speaks for: a user (password or PAT), or an organization (OAT). */
export type Principal =
  { readonly kind: "user"; readonly username: string } | { readonly kind: "org"; readonly org: string };

/** Outcome of checking a bearer token. */
export type TokenCheck =
  { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: "expired" | "invalid" };

interface Claims {
  readonly sub: string;
  readonly kind: Principal["kind"];
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
    const claims: Claims = {
      sub: principal.kind === "user" ? principal.username : principal.org,
      kind: principal.kind,
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
    const principal: Principal =
      claims.kind === "user" ? { kind: "user", username: claims.sub } : { kind: "org", org: claims.sub };
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
