/** Where a user error is and what to do about it, besides what went wrong. */
export interface UserErrorOptions extends ErrorOptions {
  /**
   * What the user gave that is wrong: a config path (`release-infra:channels.beta.retention.keepLast`,
   * or `beta.keepLast` inside one value), a flag (`--previous`), a file, an environment variable.
   */
  readonly path?: string;
  /** What to do instead, when the problem alone does not say it. */
  readonly fix?: string;
}

/**
 * A mistake the user can fix (a config value, a flag, a file, a credential),
 * as opposed to a bug. The message reads `<path>: <problem>; <fix>`, so it is
 * complete wherever it is printed; the CLI prints it without a stack trace and
 * exits 1, and reports anything else as an unexpected failure. Subclasses exist
 * only where a caller must tell one kind apart (e.g. `PinError`).
 *
 * @example new UserError("must be a whole number from 1 to 1000, got 0", { path: "beta.keepLast" })
 *   // message: "beta.keepLast: must be a whole number from 1 to 1000, got 0"
 */
export class UserError extends Error {
  readonly path: string | undefined;
  readonly fix: string | undefined;

  constructor(problem: string, options: UserErrorOptions = {}) {
    const { path, fix } = options;
    super(
      `${path === undefined ? "" : `${path}: `}${problem}${fix === undefined ? "" : `; ${fix}`}`,
      "cause" in options ? { cause: options.cause } : undefined,
    );
    this.name = new.target.name;
    this.path = path;
    this.fix = fix;
  }
}
