/**
 * A pin that cannot be applied: a version of the wrong shape or channel, one
 * that was never published, or one retention is about to remove. The message
 * names the channel and says what to pin instead.
 */
export class PinError extends Error {
  /** The config path of the pin, e.g. `channels.stable.pin`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "PinError";
    this.field = field;
  }
}
