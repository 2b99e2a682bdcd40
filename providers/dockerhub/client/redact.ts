/**
 * Keeps credentials out of everything the client produces. Error messages quote what
 * Docker Hub answered, and a proxy or a misbehaving server may echo a request back, so
 * every answer is scrubbed of the secret and of the current bearer token before it
 * becomes part of an error.
 */

const REDACTED = "[redacted]";

/** Returns `text` with each of `secrets` (ignoring empty ones) replaced by a marker. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    result = result.split(secret).join(REDACTED);
  }
  return result;
}
