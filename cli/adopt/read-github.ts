/*
 * Reads the GitHub organization and the source repository as adopt compares
 * them. Each answer is checked against the fields of GitHub's documented
 * response that adopt uses (docs.github.com/en/rest, API version 2022-11-28):
 * - teams: GET /orgs/{org}/teams (rest/teams/teams#list-teams)
 * - team members by role: GET /orgs/{org}/teams/{slug}/members?role= (rest/teams/members#list-team-members)
 * - organization members by role: GET /orgs/{org}/members?role= (rest/orgs/members#list-organization-members)
 * - teams with access to the repository: GET /repos/{owner}/{repo}/teams (rest/repos/repos#list-repository-teams)
 * - environments: GET /repos/{owner}/{repo}/environments (rest/deployments/environments#list-environments)
 * - their policies: GET .../environments/{name}/deployment-branch-policies (rest/deployments/branch-policies)
 * - their variables: GET .../environments/{name}/variables (rest/actions/variables#list-environment-variables)
 * - rulesets: GET /repos/{owner}/{repo}/rulesets and /rulesets/{id} (rest/repos/rules)
 */
import { z } from "zod";
import type { ExistingGitHub } from "../../lib/adopt";
import { AdoptError } from "./errors";
import type { GitHubApi } from "./github-api";

const user = z.object({ login: z.string() });
const team = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  privacy: z.enum(["closed", "secret"]).optional(),
  permission: z.string().optional(),
});
const protectionRule = z.object({
  type: z.string(),
  wait_timer: z.number().optional(),
  prevent_self_review: z.boolean().optional(),
  reviewers: z
    .array(
      z.object({
        type: z.enum(["User", "Team"]),
        reviewer: z.object({ id: z.number(), login: z.string().optional(), slug: z.string().optional() }),
      }),
    )
    .optional(),
});
const environment = z.object({
  name: z.string(),
  can_admins_bypass: z.boolean().optional(),
  protection_rules: z.array(protectionRule).optional(),
  deployment_branch_policy: z
    .object({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() })
    .nullish(),
});
const branchPolicy = z.object({ name: z.string(), type: z.enum(["branch", "tag"]).optional() });
const variable = z.object({ name: z.string(), value: z.string() });
const rulesetSummary = z.object({ id: z.number() });
const ruleset = z.object({
  id: z.number(),
  name: z.string(),
  target: z.string().optional(),
  source_type: z.string().optional(),
  enforcement: z.string(),
  conditions: z.record(z.string(), z.unknown()).nullish(),
  rules: z.array(z.object({ type: z.string(), parameters: z.record(z.string(), z.unknown()).optional() })).optional(),
  bypass_actors: z
    .array(z.object({ actor_id: z.number().nullable(), actor_type: z.string(), bypass_mode: z.string().optional() }))
    .optional(),
});

function decode<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AdoptError(
    `GitHub answered ${what} with an unexpected shape (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
  );
}

const each = <T>(schema: z.ZodType<T>, items: unknown[], what: string): T[] =>
  items.map((item) => decode(schema, item, what));

/** Runs `work` on every item, at most `limit` at a time, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Reads everything adopt compares on GitHub for `org` and its repository `repo`. */
export async function readGitHub(api: GitHubApi, org: string, repo: string): Promise<ExistingGitHub> {
  const o = encodeURIComponent(org);
  const r = encodeURIComponent(repo);
  const users = async (path: string) => each(user, await api.list(path), `GET ${path}`).map((u) => u.login);

  const [admins, plainMembers] = [
    await users(`/orgs/${o}/members?role=admin`),
    await users(`/orgs/${o}/members?role=member`),
  ];
  const teams = each(team, await api.list(`/orgs/${o}/teams`), `GET /orgs/${org}/teams`);
  const teamsWithMembers = await mapLimit(teams, 4, async (t) => {
    const base = `/orgs/${o}/teams/${encodeURIComponent(t.slug)}/members`;
    const maintainers = await users(`${base}?role=maintainer`);
    const members = await users(`${base}?role=member`);
    return {
      id: t.id,
      slug: t.slug,
      name: t.name,
      description: t.description ?? "",
      privacy: t.privacy ?? "secret",
      members: [
        ...maintainers.map((login) => ({ login, role: "maintainer" as const })),
        ...members.map((login) => ({ login, role: "member" as const })),
      ],
    };
  });
  const repoTeams = each(team, await api.list(`/repos/${o}/${r}/teams`), `GET /repos/${org}/${repo}/teams`);

  const envPath = `/repos/${o}/${r}/environments`;
  const environments = each(environment, await api.list(envPath, "environments"), `GET ${envPath}`);
  const readEnvironments = await mapLimit(environments, 4, async (e) => {
    const base = `${envPath}/${encodeURIComponent(e.name)}`;
    const policies =
      e.deployment_branch_policy?.custom_branch_policies === true
        ? each(
            branchPolicy,
            await api.list(`${base}/deployment-branch-policies`, "branch_policies"),
            `GET ${base}/deployment-branch-policies`,
          )
        : [];
    const variables = each(variable, await api.list(`${base}/variables`, "variables"), `GET ${base}/variables`);
    const rules = e.protection_rules ?? [];
    const reviewersRule = rules.find((p) => p.type === "required_reviewers");
    return {
      name: e.name,
      ...(e.can_admins_bypass !== undefined ? { canAdminsBypass: e.can_admins_bypass } : {}),
      preventSelfReview: reviewersRule?.prevent_self_review ?? false,
      waitTimer: rules.find((p) => p.type === "wait_timer")?.wait_timer ?? 0,
      reviewers: (reviewersRule?.reviewers ?? []).map((v) => ({
        type: v.type,
        id: v.reviewer.id,
        name: (v.type === "Team" ? v.reviewer.slug : v.reviewer.login) ?? String(v.reviewer.id),
      })),
      deploymentBranchPolicy:
        e.deployment_branch_policy === null || e.deployment_branch_policy === undefined
          ? null
          : {
              protectedBranches: e.deployment_branch_policy.protected_branches,
              customBranchPolicies: e.deployment_branch_policy.custom_branch_policies,
            },
      policies: policies.map((p) => ({ name: p.name, type: p.type ?? "branch" })),
      variables: variables.map((v) => ({ name: v.name, value: v.value })),
    };
  });

  const rulesetsPath = `/repos/${o}/${r}/rulesets`;
  const summaries = each(rulesetSummary, await api.list(rulesetsPath), `GET ${rulesetsPath}`);
  const rulesets = await mapLimit(summaries, 4, async (s) => {
    const full = decode(ruleset, await api.get(`${rulesetsPath}/${s.id}`), `GET ${rulesetsPath}/${s.id}`);
    return {
      id: full.id,
      name: full.name,
      sourceType: full.source_type ?? "Repository",
      target: full.target ?? "branch",
      enforcement: full.enforcement,
      conditions: full.conditions ?? {},
      rules: (full.rules ?? []).map((rule) => ({
        type: rule.type,
        ...(rule.parameters !== undefined ? { parameters: rule.parameters } : {}),
      })),
      bypassActors: (full.bypass_actors ?? []).map((a) => ({
        actorId: a.actor_id,
        actorType: a.actor_type,
        ...(a.bypass_mode !== undefined ? { bypassMode: a.bypass_mode } : {}),
      })),
    };
  });

  return {
    org,
    repository: repo,
    members: [
      ...admins.map((login) => ({ login, role: "admin" as const })),
      ...plainMembers.map((login) => ({ login, role: "member" as const })),
    ],
    teams: teamsWithMembers,
    teamRepositories: repoTeams.map((t) => ({ team: t.slug, permission: t.permission ?? "pull" })),
    environments: readEnvironments,
    rulesets,
  };
}
