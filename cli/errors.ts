/** A failure the user can fix (bad config, missing file, bad option): printed without a stack trace, exit 1. */
export class UserError extends Error {
  override name = "UserError";
}
