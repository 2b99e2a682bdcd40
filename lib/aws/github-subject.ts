import { UserError } from "../errors";

/*
 * Subject (`sub`) claims of GitHub Actions OIDC tokens for jobs that run in a
 * deployment environment: `repo:ORG/REPO:environment:NAME`, or, for repositories
 * that use immutable subject claims (the default for repositories created or
 * renamed from 15 July 2026), `repo:ORG@<owner id>/REPO@<repository id>:environment:NAME`.
 * https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims
 * https://github.blog/changelog/2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens/
 *
 * The parts are validated against GitHub's own naming rules. That rules out `*`,
 * `?`, `:`, `/` and `@`, so no input can turn a subject into a pattern or make it
 * name another repository.
 */

// Logins: letters, digits and single inner hyphens, at most 39 characters.
const GITHUB_LOGIN = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}";
// Repository names: letters, digits, ".", "_" and "-", at most 100 characters.
const GITHUB_REPOSITORY = "(?!\\.\\.?(?:[:@]|$))[A-Za-z0-9._-]{1,100}";
// Environment names may hold more characters than this; release channels need no
// more, and a narrow alphabet keeps the subject free of pattern characters.
const ENVIRONMENT = "[A-Za-z0-9._-]{1,255}";
const GITHUB_ID = "[1-9]\\d{0,19}";

const LOGIN_RE = new RegExp(`^${GITHUB_LOGIN}$`);
const REPOSITORY_RE = new RegExp(`^${GITHUB_REPOSITORY}$`);
const ENVIRONMENT_RE = new RegExp(`^${ENVIRONMENT}$`);
const ID_RE = new RegExp(`^${GITHUB_ID}$`);

/** A subject in the name form: `repo:ORG/REPO:environment:NAME`. */
export const ENVIRONMENT_SUBJECT = new RegExp(`^repo:${GITHUB_LOGIN}/${GITHUB_REPOSITORY}:environment:${ENVIRONMENT}$`);

/** A subject in the immutable form: `repo:ORG@ID/REPO@ID:environment:NAME`. */
export const IMMUTABLE_ENVIRONMENT_SUBJECT = new RegExp(
  `^repo:${GITHUB_LOGIN}@${GITHUB_ID}/${GITHUB_REPOSITORY}@${GITHUB_ID}:environment:${ENVIRONMENT}$`,
);

/** Identifies the jobs of one repository that run in one deployment environment. */
export interface EnvironmentSubjectArgs {
  /** The organization (or user) that owns the repository, spelled as GitHub spells it. */
  readonly org: string;
  /** The repository name, spelled as GitHub spells it. */
  readonly repository: string;
  /** The deployment environment, i.e. the release channel (`nightly`, `beta`, `stable`). */
  readonly channel: string;
  /**
   * The owner's numeric id, for the immutable subject form. Give it together with
   * `repositoryId`. @default omitted: only the name form is trusted
   */
  readonly orgId?: number | string;
  /** The repository's numeric id, for the immutable subject form. @default omitted */
  readonly repositoryId?: number | string;
}

function checked(value: string, pattern: RegExp, field: string, what: string): string {
  if (!pattern.test(value)) throw new UserError(`${JSON.stringify(value)} is not ${what}`, { path: field });
  return value;
}

function checkedId(value: number | string, field: string): string {
  const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : "") : value;
  return checked(text, ID_RE, field, "a GitHub numeric id (a positive integer)");
}

/**
 * The subject claims a job of `org/repository` running in environment `channel`
 * can carry: the name form, and the immutable form when both ids are given.
 * @param field prefix of the field names quoted in errors
 */
export function githubEnvironmentSubjects(args: EnvironmentSubjectArgs, field = "subject"): readonly string[] {
  const org = checked(args.org, LOGIN_RE, `${field}.org`, "a GitHub organization or user login");
  const repository = checked(
    args.repository,
    REPOSITORY_RE,
    `${field}.repository`,
    'a GitHub repository name (letters, digits, ".", "_", "-")',
  );
  const channel = checked(
    args.channel,
    ENVIRONMENT_RE,
    `${field}.channel`,
    'an environment name (letters, digits, ".", "_", "-")',
  );
  const subjects = [`repo:${org}/${repository}:environment:${channel}`];
  if (args.orgId === undefined && args.repositoryId === undefined) return subjects;
  if (args.orgId === undefined || args.repositoryId === undefined) {
    const missing = args.orgId === undefined ? "orgId" : "repositoryId";
    throw new UserError(
      "is required with the other id: the immutable subject carries both the owner's and the repository's id",
      { path: `${field}.${missing}` },
    );
  }
  const orgId = checkedId(args.orgId, `${field}.orgId`);
  const repositoryId = checkedId(args.repositoryId, `${field}.repositoryId`);
  subjects.push(`repo:${org}@${orgId}/${repository}@${repositoryId}:environment:${channel}`);
  return subjects;
}
