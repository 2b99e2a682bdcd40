/**
 * Typed errors for Docker Hub API calls.
 *
 * Errors are classified by HTTP status, never by response text: Docker Hub's error
 * bodies come in several shapes (`detail`, `message`, `errinfo`, `fields`/`text`) and
 * their wording is not part of the contract. The text is kept only to tell the reader
 * what Docker Hub answered.
 */

/** HTTP methods the client sends. */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** What every Hub error says about the request that failed. */
export interface HubErrorInit {
  /** HTTP status Docker Hub answered; `undefined` when no answer arrived. */
  readonly status: number | undefined;
  readonly method: HttpMethod;
  /** Path (and query) of the request, relative to the API origin. */
  readonly path: string;
  /** What Docker Hub answered, already summarised and redacted. */
  readonly answer: string;
}

/** Base class of every error the Docker Hub client throws. */
export class HubError extends Error {
  /** HTTP status Docker Hub answered; `undefined` when no answer arrived. */
  readonly status: number | undefined;
  readonly method: HttpMethod;
  readonly path: string;
  /** What Docker Hub answered, summarised (never contains credentials). */
  readonly answer: string;

  constructor(init: HubErrorInit, summary?: string) {
    const said = init.status === undefined ? "got no answer" : `answered ${init.status}`;
    super(
      `Docker Hub ${init.method} ${init.path} ${said}${summary === undefined ? "" : ` (${summary})`}: ${init.answer}`,
    );
    this.name = new.target.name;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.answer = init.answer;
  }
}

/** 401 or 403: the credentials were rejected, expired twice in a row, or lack the permission. */
export class HubAuthError extends HubError {
  constructor(init: HubErrorInit) {
    super(init, init.status === 403 ? "forbidden" : "unauthorized");
  }
}

/** 404: the namespace, repository, tag, team, member or permission does not exist. */
export class HubNotFoundError extends HubError {
  constructor(init: HubErrorInit) {
    super(init, "not found");
  }
}

/** 409, or a create that found the object already there with different settings. */
export class HubConflictError extends HubError {
  constructor(init: HubErrorInit) {
    super(init, "conflict");
  }
}

/** 400 or 422: Docker Hub rejected the input; `fields` names each rejected field. */
export class HubValidationError extends HubError {
  /** Field name -> messages, from the `fields` (or `errinfo`) part of the answer. */
  readonly fields: Readonly<Record<string, readonly string[]>>;

  constructor(init: HubErrorInit, fields: Readonly<Record<string, readonly string[]>>) {
    super(init, "rejected input");
    this.fields = fields;
  }
}

/** 429 after the retry budget, or when Docker Hub asks for a longer wait than allowed. */
export class HubRateLimitError extends HubError {
  /** How long Docker Hub asked to wait, when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(init: HubErrorInit, retryAfterMs: number | undefined) {
    super(init, "rate limited");
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx after the retry budget. */
export class HubServerError extends HubError {
  constructor(init: HubErrorInit) {
    super(init, "server error");
  }
}

/** No HTTP answer: connection refused or reset, or the per-request timeout fired. */
export class HubNetworkError extends HubError {
  readonly reason: "timeout" | "connection";

  constructor(init: HubErrorInit, reason: "timeout" | "connection") {
    super(init, reason === "timeout" ? "timed out" : "connection failed");
    this.reason = reason;
  }
}

/** A 2xx answer whose body is not what the API documents, or a `next` link off the configured origin. */
export class HubResponseError extends HubError {
  constructor(init: HubErrorInit) {
    super(init, "unexpected answer");
  }
}
