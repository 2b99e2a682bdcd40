/**
 * An error answer a handler raises: status plus the JSON body Docker Hub would send.
 * Body shapes follow the published schemas: `{detail}`, `{message, errinfo}` and the
 * validation shape `{fields, text}`.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: Readonly<Record<string, unknown>>,
  ) {
    super(`${status} ${JSON.stringify(body)}`);
  }
}

/** 400 with the `ValueError` shape, one message list per field. */
export function invalidFields(fields: Readonly<Record<string, readonly string[]>>): HttpProblem {
  const text = Object.entries(fields)
    .map(([name, messages]) => `${name}: ${messages.join(" ")}`)
    .join("; ");
  return new HttpProblem(400, { fields, text });
}

/** 404 with a `detail`. */
export function notFound(what: string): HttpProblem {
  return new HttpProblem(404, { detail: `${what} not found` });
}

/** 403 with a `detail`. */
export function forbidden(what: string): HttpProblem {
  return new HttpProblem(403, { detail: `You do not have permission to ${what}` });
}
