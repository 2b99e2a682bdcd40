/*
 * What `release-infra adopt` read from Docker Hub, GitHub and AWS, as plain
 * data: the file `--save` writes and `--from` reads. One schema (zod) is the
 * shape of both. It holds no credential: the readers never put a token in it,
 * and nothing here has a field for one.
 */
import { z } from "zod";

/** The dump format's version; a file of another version is refused with how to re-read it. */
export const DUMP_VERSION = 1;

const text = z.string();
const names = z.array(z.string());

/** Tags of a Docker Hub repository by class (lib/channels' classifyTag). */
const tagCounts = z.object({
  total: z.number().int().nonnegative(),
  moving: z.number().int().nonnegative(),
  immutable: z.number().int().nonnegative(),
  signature: z.number().int().nonnegative(),
  other: z.number().int().nonnegative(),
});

const dockerhubRepository = z.object({
  name: text,
  description: text,
  /** The overview; absent for repositories only listed (not read one by one). */
  fullDescription: text.optional(),
  isPrivate: z.boolean(),
  /** Absent when the answering route did not report it. */
  immutableTags: z.object({ enabled: z.boolean(), rules: names }).optional(),
  /** Counted for the repositories the stack declares. */
  tags: tagCounts.optional(),
});

const dockerhubTeam = z.object({
  id: z.number().int(),
  name: text,
  description: text,
  members: names,
  /** Invited to the organization to join this team, not accepted yet. */
  invited: names,
});

const dockerhubPermission = z.object({
  repository: text,
  team: text,
  permission: z.enum(["read", "write", "admin"]),
});

const dockerhub = z.object({
  namespace: text,
  repositories: z.array(dockerhubRepository),
  teams: z.array(dockerhubTeam),
  /** Team permissions on the repositories the stack declares. */
  permissions: z.array(dockerhubPermission),
});

const githubMember = z.object({ login: text, role: z.enum(["admin", "member"]) });
const teamMember = z.object({ login: text, role: z.enum(["maintainer", "member"]) });

const githubTeam = z.object({
  id: z.number().int(),
  slug: text,
  name: text,
  description: text,
  privacy: z.enum(["closed", "secret"]),
  members: z.array(teamMember),
});

const reviewer = z.object({ type: z.enum(["Team", "User"]), id: z.number().int(), name: text });

const environment = z.object({
  name: text,
  /** Absent when GitHub did not report it. */
  canAdminsBypass: z.boolean().optional(),
  preventSelfReview: z.boolean(),
  waitTimer: z.number().int().nonnegative(),
  reviewers: z.array(reviewer),
  deploymentBranchPolicy: z.object({ protectedBranches: z.boolean(), customBranchPolicies: z.boolean() }).nullable(),
  policies: z.array(z.object({ name: text, type: z.enum(["branch", "tag"]) })),
  /** Environment variables (not secrets: GitHub never returns a secret's value). */
  variables: z.array(z.object({ name: text, value: text })),
});

const ruleset = z.object({
  id: z.number().int(),
  name: text,
  /** `Repository` for the source repository's own; `Organization` for one it inherits. */
  sourceType: text,
  target: text,
  enforcement: text,
  conditions: z.record(z.string(), z.unknown()),
  /** As GitHub returns them: `{type, parameters?}`. */
  rules: z.array(z.object({ type: text, parameters: z.record(z.string(), z.unknown()).optional() })),
  bypassActors: z.array(
    z.object({ actorId: z.number().int().nullable(), actorType: text, bypassMode: text.optional() }),
  ),
});

const github = z.object({
  org: text,
  repository: text,
  members: z.array(githubMember),
  teams: z.array(githubTeam),
  /** Teams with access to the source repository and their permission. */
  teamRepositories: z.array(z.object({ team: text, permission: text })),
  environments: z.array(environment),
  rulesets: z.array(ruleset),
});

const ecrRepository = z.object({
  name: text,
  imageTagMutability: text,
  exclusionFilters: z.array(z.object({ filter: text, filterType: text })),
  scanOnPush: z.boolean(),
  encryptionType: text,
  /** The lifecycle policy text, or null for none; absent when not read. */
  lifecyclePolicy: text.nullable().optional(),
});

const role = z.object({
  name: text,
  arn: text,
  description: text,
  maxSessionDuration: z.number().int(),
  /** Policy documents are JSON text, URL-decoded. */
  assumeRolePolicy: text,
  inlinePolicies: z.array(z.object({ name: text, document: text })),
  attachedPolicies: names,
});

const aws = z.object({
  accountId: text,
  region: text,
  repositories: z.array(ecrRepository),
  /** GitHub's OIDC provider (token.actions.githubusercontent.com), or null when the account has none. */
  oidcProvider: z.object({ arn: text, url: text, clientIds: names, thumbprints: names }).nullable(),
  /** The roles the stack declares, those that exist. */
  roles: z.array(role),
});

/** Everything read, by service. */
export const dumpSchema = z.object({
  version: z.literal(DUMP_VERSION),
  stack: text,
  readAt: text,
  dockerhub,
  github,
  aws,
});

export type ExistingState = z.infer<typeof dumpSchema>;
export type ExistingDockerHub = ExistingState["dockerhub"];
export type ExistingGitHub = ExistingState["github"];
export type ExistingAws = ExistingState["aws"];
export type ExistingEnvironment = ExistingGitHub["environments"][number];
export type ExistingRuleset = ExistingGitHub["rulesets"][number];
export type TagCounts = z.infer<typeof tagCounts>;

/** The dump as `--save` writes it: stable key order, two-space indent. */
export function renderDump(dump: ExistingState): string {
  return `${JSON.stringify(dumpSchema.parse(dump), null, 2)}\n`;
}

/** `dockerhub.repositories[0].isPrivate` from a zod path. */
function dumpPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path)
    out += typeof segment === "number" ? `[${segment}]` : `${out === "" ? "" : "."}${String(segment)}`;
  return out === "" ? "(the whole file)" : out;
}

/** A parsed dump, or every problem with its path in the file. */
export type DumpParse = { ok: true; dump: ExistingState } | { ok: false; problems: string[] };

/** Parses a dump file's text; never throws. */
export function parseDump(source: string): DumpParse {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    return { ok: false, problems: [`not JSON: ${(err as Error).message}`] };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof json === "object" && json !== null && version !== DUMP_VERSION)
    return { ok: false, problems: [`version: expected ${DUMP_VERSION}, found ${JSON.stringify(version ?? null)}`] };
  const parsed = dumpSchema.safeParse(json);
  if (parsed.success) return { ok: true, dump: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${dumpPath(i.path)}: ${i.message}`) };
}
