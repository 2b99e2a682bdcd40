import { summarizeErrorBody } from "./error-body";
import {
  HubAuthError,
  HubConflictError,
  HubError,
  HubNotFoundError,
  HubRateLimitError,
  HubServerError,
  HubValidationError,
  type HttpMethod,
} from "./errors";

/** What the transport knows about a failed answer. */
export interface FailedAnswer {
  readonly status: number;
  readonly method: HttpMethod;
  readonly path: string;
  readonly bodyText: string;
  readonly retryAfterMs?: number | undefined;
}

/**
 * Turns a non-2xx answer into its typed error. The body has already been redacted by
 * the caller; classification uses the status only (reference: "Classify by status code,
 * not text").
 */
export function classifyAnswer(failed: FailedAnswer): HubError {
  const { answer, fields } = summarizeErrorBody(failed.bodyText);
  const init = { status: failed.status, method: failed.method, path: failed.path, answer };
  const { status } = failed;
  if (status === 401 || status === 403) return new HubAuthError(init);
  if (status === 404) return new HubNotFoundError(init);
  if (status === 409) return new HubConflictError(init);
  if (status === 400 || status === 422) return new HubValidationError(init, fields);
  if (status === 429) return new HubRateLimitError(init, failed.retryAfterMs);
  if (status >= 500) return new HubServerError(init);
  return new HubError(init);
}
