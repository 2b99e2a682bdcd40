/**
 * A value given to a policy builder that cannot make a safe policy. It is a user
 * error (a configuration mistake), not a bug: it names the offending field and the fix.
 */
export class AwsPolicyInputError extends Error {
  override readonly name = "AwsPolicyInputError";

  constructor(
    /** The builder and argument at fault, e.g. `channelTrustPolicy.org`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
