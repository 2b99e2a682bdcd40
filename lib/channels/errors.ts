/**
 * A release input the channel model cannot turn into tags: a malformed version,
 * date or commit, or a version that does not belong to the channel. The message
 * names the field and says how to fix it.
 */
export class ChannelError extends Error {
  /** The offending field, e.g. `release.version` or `release.publishedVersions[3]`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "ChannelError";
    this.field = field;
  }
}
