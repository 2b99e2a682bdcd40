/*
 * Repository settings the stack config does not hold yet: required status
 * checks, CODEOWNERS management, the commit email of generated files and the
 * channel pins. Plain data with defaults; every problem is collected and
 * reported at once with the config path it will have.
 */
import semver from "semver";
import { CHANNELS, type Channel } from "../channels";
import { ConfigError, configPath, type ConfigProblem } from "../config/problems";

/** CODEOWNERS management. */
export interface CodeownersSettings {
  /**
   * Commit `.github/CODEOWNERS` through the generated pull requests. GitHub
   * reads only the first CODEOWNERS it finds (`.github/`, then the root, then
   * `docs/`), so a managed file replaces any other: move the project's existing
   * rules into `extraLines` before turning this on.
   * @default false
   */
  readonly manage: boolean;
  /** Rules kept before the generated ones, e.g. `* @org/maintainers`. @default [] */
  readonly extraLines: readonly string[];
}

/** The settings with every default applied. */
export interface RepositorySettings {
  /**
   * Check names (a workflow job's `name`, or its id when it has none) that must
   * pass before a pull request merges into the default or dev branch. They must
   * come from GitHub Actions. An empty list omits the rule.
   * @default ["test"]
   */
  readonly requiredStatusChecks: readonly string[];
  readonly codeowners: CodeownersSettings;
  /** Author email of the commits that deliver generated files. @default "release-infra@users.noreply.github.com" */
  readonly commitEmail: string;
  /**
   * A version per channel whose moving tags stay put (the `<CHANNEL>_PIN`
   * repository variable). @default no pin
   */
  readonly pins: Readonly<Partial<Record<Channel, string>>>;
}

/** What a stack may set; anything left out takes its default. */
export interface RepositorySettingsInput {
  readonly requiredStatusChecks?: readonly string[];
  readonly codeowners?: { readonly manage?: boolean; readonly extraLines?: readonly string[] };
  readonly commitEmail?: string;
  readonly pins?: Readonly<Partial<Record<Channel, string>>>;
}

export const DEFAULT_REQUIRED_STATUS_CHECKS: readonly string[] = ["test"];
export const DEFAULT_COMMIT_EMAIL = "release-infra@users.noreply.github.com";

// A plain address: no spaces, one "@", a dot in the domain.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Applies defaults and checks every field.
 * @throws ConfigError listing every problem, each with its config path
 */
export function normalizeRepositorySettings(input: RepositorySettingsInput = {}): RepositorySettings {
  const problems: ConfigProblem[] = [];
  const problem = (key: string, path: readonly PropertyKey[], message: string) => {
    problems.push({ path: configPath(key, path), message });
  };

  const checks = input.requiredStatusChecks ?? DEFAULT_REQUIRED_STATUS_CHECKS;
  const seen = new Set<string>();
  checks.forEach((check, i) => {
    if (check.trim() === "" || check !== check.trim()) {
      problem("github", ["requiredStatusChecks", i], `${JSON.stringify(check)} is not a check name; use the job's name as GitHub shows it, e.g. "test"`);
    } else if (seen.has(check)) {
      problem("github", ["requiredStatusChecks", i], `${JSON.stringify(check)} is listed twice; remove one`);
    }
    seen.add(check);
  });

  const extraLines = input.codeowners?.extraLines ?? [];
  extraLines.forEach((line, i) => {
    if (/[\r\n]/.test(line) || line.trim() === "") {
      problem("github", ["codeowners", "extraLines", i], `${JSON.stringify(line)} is not one CODEOWNERS line; give one "<pattern> <owner>..." rule per entry`);
    }
  });

  const commitEmail = input.commitEmail ?? DEFAULT_COMMIT_EMAIL;
  if (!EMAIL.test(commitEmail)) {
    problem("github", ["commitEmail"], `${JSON.stringify(commitEmail)} is not an email address; use e.g. "${DEFAULT_COMMIT_EMAIL}"`);
  }

  const pins: Partial<Record<Channel, string>> = {};
  for (const channel of CHANNELS) {
    const pin = input.pins?.[channel];
    if (pin === undefined) continue;
    // The workflows compare the pin with versions as they tag images: plain semver, no "v".
    if (semver.valid(pin) !== pin) {
      problem("channels", [channel, "pin"], `${JSON.stringify(pin)} is not a version; use the version of an existing ${channel} image, e.g. "1.5.0"`);
    } else {
      pins[channel] = pin;
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { requiredStatusChecks: [...checks], codeowners: { manage: input.codeowners?.manage ?? false, extraLines: [...extraLines] }, commitEmail, pins };
}
