import { backoffDelayMs, decideRateLimit, rateLimitObservation, retryAfterMs } from "./backoff";
import { classifyAnswer } from "./classify";
import { summarizeErrorBody } from "./error-body";
import {
  HubError,
  HubNetworkError,
  HubRateLimitError,
  HubResponseError,
  HubServerError,
  type HttpMethod,
} from "./errors";
import { jwtExpiryMs } from "./jwt";
import { redact } from "./redact";
import { StatsRecorder } from "./stats";

/** Everything the transport needs, defaults already applied. */
export interface TransportSettings {
  readonly baseUrl: string;
  readonly identifier: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxRateLimitWaitMs: number;
  readonly tokenSkewMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly fetch: typeof globalThis.fetch;
  readonly random: () => number;
}

/** One logical API call; the transport may send it several times. */
export interface HubRequest<T> {
  readonly method: HttpMethod;
  /** `/v2/...` (path and query), or an absolute URL on the configured origin (a `next` link). */
  readonly target: string;
  /** Route kind for the counters, e.g. `tags.list`. */
  readonly route: string;
  /** JSON body. Never appears in errors (the login body carries the secret). */
  readonly body?: unknown;
  /** Turns the decoded 2xx body (`undefined` when empty) into the result; throws when the shape is wrong. */
  readonly parse: (body: unknown) => T;
  /** Whether to send the bearer token (default true). */
  readonly authenticated?: boolean;
  /**
   * Called instead of throwing when a 4xx follows an attempt whose answer was lost
   * (connection dropped, timeout, 5xx) on a write: that attempt may have been applied,
   * so the 4xx ("already exists", "not found") may describe our own earlier success.
   * It reads the object back and returns the result, or throws.
   */
  readonly reconcile?: (error: HubError) => Promise<T>;
}

type Exchange =
  | { readonly kind: "answer"; readonly status: number; readonly headers: Headers; readonly text: string }
  | { readonly kind: "no-answer"; readonly reason: "timeout" | "connection"; readonly detail: string };

interface CachedToken {
  readonly token: string;
  /** Epoch ms after which the token is no longer used. */
  readonly renewAt: number;
}

/** Docker Hub documents about 10 minutes; used only when the token carries no `exp`. */
const FALLBACK_TOKEN_LIFETIME_MS = 5 * 60_000;

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === "string" ? `${code}: ` : ""}${cause.message})`;
  }
  return error.message;
}

function issuesOf(error: unknown): string {
  if (error instanceof Error && "issues" in error && Array.isArray(error.issues)) {
    return (error.issues as { path?: unknown[]; message?: string }[])
      .map((issue) => `${(issue.path ?? []).map(String).join(".") || "(body)"}: ${issue.message ?? "invalid"}`)
      .join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends requests to Docker Hub: bearer-token auth with caching and a single re-login on
 * 401, per-request timeouts, bounded retries with jittered backoff on network errors,
 * timeouts and 5xx, and 429 handling that honours every shape Docker Hub has sent
 * (`Retry-After` as seconds or a unix time, `X-Retry-After`, `X-RateLimit-Reset`, or
 * nothing: see backoff.ts), with each wait and each request's total wait bounded.
 *
 * Retrying writes: a write whose answer was lost may already have been applied. The
 * transport still retries it (giving up would turn a success into a failure), and marks
 * the call "ambiguous"; if the retry then gets a 4xx, the request's `reconcile` decides
 * by reading the object back (see {@link HubRequest.reconcile}). Creates therefore never
 * produce duplicates (the API rejects a second create of the same name) and never report
 * a false failure.
 */
export class HubTransport {
  readonly stats = new StatsRecorder();
  private readonly origin: URL;
  private cached: CachedToken | undefined;
  private pendingLogin: Promise<string> | undefined;

  constructor(private readonly settings: TransportSettings) {
    this.origin = new URL(settings.baseUrl);
  }

  /** Sends one logical request, with retries, re-login and reconciliation. */
  async send<T>(request: HubRequest<T>): Promise<T> {
    const url = this.resolve(request);
    const path = `${url.pathname}${url.search}`;
    const authenticated = request.authenticated ?? true;
    let attempt = 0;
    let reauthenticated = false;
    let ambiguous = false;
    let rateLimitWaitedMs = 0;

    for (;;) {
      const token = authenticated ? await this.token() : undefined;
      this.stats.recordRequest(`${request.method} ${request.route}`);
      const exchange = await this.exchange(request.method, url, request.body, token);

      if (exchange.kind === "no-answer") {
        if (attempt < this.settings.maxRetries) {
          ambiguous ||= request.method !== "GET";
          await this.backOff(attempt);
          attempt += 1;
          continue;
        }
        const retries = attempt === 0 ? "" : ` after ${attempt + 1} attempts`;
        throw new HubNetworkError(
          { status: undefined, method: request.method, path, answer: `${this.scrub(exchange.detail)}${retries}` },
          exchange.reason,
        );
      }

      const { status } = exchange;
      if (status >= 200 && status < 300) return this.parse(request, path, status, exchange.text);

      if (status === 401 && token !== undefined && !reauthenticated) {
        // The token may have been revoked or expired early (clock skew): one fresh login,
        // then a 401 is final (reference: "on a 401, log in again once, then fail").
        reauthenticated = true;
        this.forget(token);
        this.stats.recordReauthentication();
        continue;
      }

      if (status === 429) {
        this.stats.recordRateLimited();
        const nowMs = this.settings.now();
        const askedMs = retryAfterMs(exchange.headers, nowMs);
        const decision = decideRateLimit({
          askedMs,
          backoffMs: backoffDelayMs(
            attempt,
            this.settings.retryBaseDelayMs,
            this.settings.retryMaxDelayMs,
            this.settings.random,
          ),
          attempt,
          maxRetries: this.settings.maxRetries,
          waitedMs: rateLimitWaitedMs,
          maxWaitMs: this.settings.maxRateLimitWaitMs,
          nowMs,
        });
        if (decision.kind === "wait") {
          this.stats.recordRetry();
          this.stats.recordRateLimitWait(decision.ms);
          rateLimitWaitedMs += decision.ms;
          await this.settings.sleep(decision.ms);
          attempt += 1;
          continue;
        }
        const init = this.failureInit(request.method, path, status, exchange.text, attempt);
        throw new HubRateLimitError({ ...init, answer: `${init.answer}; ${decision.reason}` }, askedMs);
      }

      if (status >= 500) {
        if (attempt < this.settings.maxRetries) {
          ambiguous ||= request.method !== "GET";
          await this.backOff(attempt);
          attempt += 1;
          continue;
        }
        throw new HubServerError(this.failureInit(request.method, path, status, exchange.text, attempt));
      }

      const error = classifyAnswer({ status, method: request.method, path, bodyText: this.scrub(exchange.text) });
      if (ambiguous && request.reconcile !== undefined) return request.reconcile(error);
      throw error;
    }
  }

  private failureInit(method: HttpMethod, path: string, status: number, text: string, attempt: number) {
    const { answer } = summarizeErrorBody(this.scrub(text));
    const retries = attempt === 0 ? "" : ` (after ${attempt + 1} attempts)`;
    return { status, method, path, answer: `${answer}${retries}` };
  }

  private async backOff(attempt: number): Promise<void> {
    this.stats.recordRetry();
    await this.settings.sleep(
      backoffDelayMs(attempt, this.settings.retryBaseDelayMs, this.settings.retryMaxDelayMs, this.settings.random),
    );
  }

  private resolve(request: HubRequest<unknown>): URL {
    const url = new URL(request.target, this.origin);
    // A `next` link is followed with the bearer token attached: following one to another
    // origin would hand the token to that host.
    if (url.origin !== this.origin.origin) {
      throw new HubResponseError({
        status: undefined,
        method: request.method,
        path: request.target,
        answer: `refusing to follow a link outside ${this.origin.origin}`,
      });
    }
    return url;
  }

  private parse<T>(request: HubRequest<T>, path: string, status: number, text: string): T {
    let body: unknown;
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        throw new HubResponseError({
          status,
          method: request.method,
          path,
          answer: `body is not JSON: ${this.scrub(text.slice(0, 200))}`,
        });
      }
    }
    try {
      return request.parse(body);
    } catch (error) {
      throw new HubResponseError({
        status,
        method: request.method,
        path,
        answer: `body does not match the documented shape: ${this.scrub(issuesOf(error))}`,
      });
    }
  }

  private scrub(text: string): string {
    return redact(text, [this.settings.secret, this.cached?.token ?? ""]);
  }

  private forget(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async token(): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && this.settings.now() < cached.renewAt) return cached.token;
    // Concurrent calls share one login instead of each logging in.
    this.pendingLogin ??= this.login().finally(() => {
      this.pendingLogin = undefined;
    });
    return this.pendingLogin;
  }

  private async login(): Promise<string> {
    this.stats.recordLogin();
    const token = await this.send({
      method: "POST",
      target: "/v2/auth/token",
      route: "auth.token",
      authenticated: false,
      body: { identifier: this.settings.identifier, secret: this.settings.secret },
      parse: (body) => {
        const value = (body as { access_token?: unknown } | undefined)?.access_token;
        if (typeof value !== "string" || value === "") throw new Error("access_token: expected a non-empty string");
        return value;
      },
    });
    const expiry = jwtExpiryMs(token) ?? this.settings.now() + FALLBACK_TOKEN_LIFETIME_MS;
    this.cached = { token, renewAt: expiry - this.settings.tokenSkewMs };
    return token;
  }

  private async exchange(method: HttpMethod, url: URL, body: unknown, token: string | undefined): Promise<Exchange> {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort();
    }, this.settings.timeoutMs);
    try {
      const headers: Record<string, string> = { accept: "application/json" };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await this.settings.fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        // A redirect is reported, never followed: the API documents none, and following
        // one silently could resend a write.
        redirect: "manual",
      });
      const text = await response.text();
      this.stats.recordRateLimitObservation(rateLimitObservation(response.headers, this.settings.now()));
      return { kind: "answer", status: response.status, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted)
        return { kind: "no-answer", reason: "timeout", detail: `no answer within ${this.settings.timeoutMs} ms` };
      return { kind: "no-answer", reason: "connection", detail: describeNetworkError(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
