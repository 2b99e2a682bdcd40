import { UserError } from "../errors";

export { networkReason } from "../errors";

/** Adopt could not read or compare for a reason the user can fix: printed without a stack trace, exit 1. */
export class AdoptError extends UserError {
  override name = "AdoptError";
}
