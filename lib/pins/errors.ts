import { UserError } from "../errors";

/**
 * A pin that cannot be applied: a version of the wrong shape or channel, one
 * that was never published, or one retention is about to remove. Its `path` is
 * the pin's config path (e.g. `channels.stable.pin`); the message says what to
 * pin instead. A class of its own because the retag provider tells a refused
 * pin apart from a failure (providers/retag/operations.ts).
 */
export class PinError extends UserError {
  constructor(path: string, message: string) {
    super(message, { path });
  }
}
