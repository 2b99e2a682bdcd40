/**
 * A retention input the user can fix: an intent the ECR compiler cannot
 * express, a malformed `describe-images` document, bad simulation options.
 * The message names the field and the fix.
 */
export class RetentionError extends Error {
  /** Path of the offending field, e.g. `stable.keepLast` or `imageDetails[3].imagePushedAt`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "RetentionError";
    this.field = field;
  }
}

/** The intent asks for something no ECR lifecycle policy can do exactly. */
export class LifecycleCompileError extends RetentionError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = "LifecycleCompileError";
  }
}
