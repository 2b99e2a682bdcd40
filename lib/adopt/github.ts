/*
 * GitHub: the declared teams, members, team repository permissions,
 * organization memberships, environments (with their deployment policies and
 * variables) and rulesets against what the organization and the source
 * repository have. GitHub's REST shapes are turned into the provider's input
 * shapes before comparing (rulesets: snake_case rule types and parameters).
 */
import { GITHUB } from "../resource-types";
import type { PlanDocument, PlanResource } from "../plan/model";
import type { ExistingGitHub, ExistingRuleset } from "./dump";
import type { CompareContext, Comparator, Difference, UnmanagedEntry } from "./report";
import { compareField, compareSet, record, records, str } from "./values";

const login = (value: unknown) => str(value).toLowerCase();
const teamOf = (gh: ExistingGitHub, slug: string) => gh.teams.find((t) => t.slug === slug);
const environmentOf = (gh: ExistingGitHub, name: string) => gh.environments.find((e) => e.name === name);
const repositoryRuleset = (gh: ExistingGitHub, name: string) =>
  gh.rulesets.find((r) => r.sourceType === "Repository" && r.name === name);

const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** GitHub's REST keys renamed where the provider's input differs by more than case. */
const RULE_PARAMETER_NAMES: Readonly<Record<string, string>> = { requiredStatusChecks: "requiredChecks" };

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const name = camel(k);
      return [RULE_PARAMETER_NAMES[name] ?? name, camelKeys(v)];
    }),
  );
}

/** A ruleset's rules in the provider's shape: `{pullRequest: {...}, deletion: true}`. */
function providerRules(rules: ExistingRuleset["rules"]): Record<string, unknown> {
  return Object.fromEntries(
    rules.map((rule) => [
      camel(rule.type),
      rule.parameters === undefined || Object.keys(rule.parameters).length === 0 ? true : camelKeys(rule.parameters),
    ]),
  );
}

/**
 * The declared fields (and only those) compared, recursively; a rule that
 * exists and is not declared is a difference too: the provider writes the
 * whole rule list.
 */
function compareRules(existing: Record<string, unknown>, desired: Record<string, unknown>): Difference[] {
  const out: Difference[] = [];
  const walk = (path: string, live: unknown, wanted: unknown): void => {
    if (typeof wanted === "object" && wanted !== null && !Array.isArray(wanted) && typeof live === "object") {
      for (const [k, v] of Object.entries(wanted)) walk(`${path}.${k}`, record(live)[k], v);
      return;
    }
    if (wanted === true && live !== undefined) return;
    out.push(...compareField(path, live, wanted));
  };
  for (const [k, v] of Object.entries(desired)) walk(`rules.${k}`, existing[k], v);
  for (const [k, v] of Object.entries(existing))
    if (!(k in desired)) out.push({ field: `rules.${k}`, existing: v, desired: undefined });
  return out;
}

/** A bypass actor as `Team:slug:always`, teams by slug so the plan's stand-in ids compare with GitHub's. */
function actorKey(type: string, id: number | null, mode: string | undefined, slug: (id: number) => string | undefined) {
  const who = type === "Team" && id !== null ? (slug(id) ?? `#${id}`) : String(id ?? "");
  return `${type}:${who}:${mode ?? "always"}`;
}

function compareRuleset(r: PlanResource, live: ExistingRuleset, context: CompareContext): Difference[] {
  const refName = record(record(r.inputs.conditions).refName);
  const liveRef = record(live.conditions.ref_name);
  const teamSlug = (id: number) => context.existing.github.teams.find((t) => t.id === id)?.slug;
  return [
    ...compareField("target", live.target, r.inputs.target),
    ...compareField("enforcement", live.enforcement, r.inputs.enforcement),
    ...compareSet("conditions.refName.includes", strs(liveRef.include), strs(refName.includes)),
    ...compareSet("conditions.refName.excludes", strs(liveRef.exclude), strs(refName.excludes)),
    ...compareRules(providerRules(live.rules), record(r.inputs.rules)),
    ...compareSet(
      "bypassActors",
      live.bypassActors.map((a) => actorKey(a.actorType, a.actorId, a.bypassMode, teamSlug)),
      records(r.inputs.bypassActors).map((a) =>
        actorKey(str(a.actorType), Number(a.actorId), str(a.bypassMode) || undefined, context.planTeamSlug),
      ),
    ),
  ];
}

function strs(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Environment reviewers as `team:slug` / `user:id`. */
function desiredReviewers(r: PlanResource, context: CompareContext): string[] {
  return records(r.inputs.reviewers).flatMap((group) => [
    ...strs(group.teams).map((id) => `team:${context.planTeamSlug(Number(id)) ?? `#${id}`}`),
    ...strs(group.users).map((id) => `user:${id}`),
  ]);
}

export const GITHUB_COMPARATORS: Readonly<Record<string, Comparator>> = {
  [GITHUB.team]: {
    service: "github",
    kind: "team",
    // The slug: these team names are already lowercase slugs (lib/access/plan.ts).
    key: (r) => str(r.inputs.name),
    find: (r, { existing }) => {
      const live = teamOf(existing.github, str(r.inputs.name));
      if (live === undefined) return undefined;
      return {
        differences: [
          ...compareField("description", live.description, str(r.inputs.description)),
          ...compareField("privacy", live.privacy, r.inputs.privacy ?? "secret"),
        ],
      };
    },
  },
  [GITHUB.teamMembers]: {
    service: "github",
    kind: "team members",
    key: (r) => str(r.inputs.teamSlug),
    find: (r, { existing }) => {
      const live = teamOf(existing.github, str(r.inputs.teamSlug));
      if (live === undefined) return undefined;
      return {
        differences: compareSet(
          "members",
          live.members.map((m) => `${login(m.login)} (${m.role})`),
          records(r.inputs.members).map((m) => `${login(m.username)} (${str(m.role) || "member"})`),
        ),
      };
    },
  },
  [GITHUB.teamRepository]: {
    service: "github",
    kind: "team repository permission",
    key: (r) => `${str(r.inputs.teamId)}:${str(r.inputs.repository)}`,
    find: (r, { existing }) => {
      const live = existing.github.teamRepositories.find((t) => t.team === str(r.inputs.teamId));
      return live === undefined
        ? undefined
        : { differences: compareField("permission", live.permission, r.inputs.permission) };
    },
  },
  [GITHUB.membership]: {
    service: "github",
    kind: "organization member",
    key: (r) => login(r.inputs.username),
    find: (r, { existing }) => {
      const live = existing.github.members.find((m) => login(m.login) === login(r.inputs.username));
      return live === undefined
        ? undefined
        : { differences: compareField("role", live.role, r.inputs.role ?? "member") };
    },
  },
  [GITHUB.environment]: {
    service: "github",
    kind: "environment",
    key: (r) => str(r.inputs.environment),
    find: (r, context) => {
      const live = environmentOf(context.existing.github, str(r.inputs.environment));
      if (live === undefined) return undefined;
      const policy = r.inputs.deploymentBranchPolicy === undefined ? null : record(r.inputs.deploymentBranchPolicy);
      return {
        differences: [
          ...(live.canAdminsBypass === undefined
            ? []
            : compareField("canAdminsBypass", live.canAdminsBypass, r.inputs.canAdminsBypass ?? true)),
          ...compareField("preventSelfReview", live.preventSelfReview, r.inputs.preventSelfReview ?? false),
          ...compareField("waitTimer", live.waitTimer, r.inputs.waitTimer ?? 0),
          ...compareSet(
            "reviewers",
            live.reviewers.map((v) => (v.type === "Team" ? `team:${v.name}` : `user:${v.id}`)),
            desiredReviewers(r, context),
          ),
          ...compareField("deploymentBranchPolicy", live.deploymentBranchPolicy, policy),
        ],
      };
    },
  },
  [GITHUB.deploymentPolicy]: {
    service: "github",
    kind: "deployment policy",
    key: (r) => `${str(r.inputs.environment)}:${policyOf(r).type}:${policyOf(r).name}`,
    find: (r, { existing }) => {
      const wanted = policyOf(r);
      const live = environmentOf(existing.github, str(r.inputs.environment))?.policies;
      return live?.some((p) => p.type === wanted.type && p.name === wanted.name) === true
        ? { differences: [] }
        : undefined;
    },
  },
  [GITHUB.environmentVariable]: {
    service: "github",
    kind: "environment variable",
    key: (r) => `${str(r.inputs.environment)}:${str(r.inputs.variableName)}`,
    find: (r, { existing }) => {
      const live = environmentOf(existing.github, str(r.inputs.environment))?.variables.find(
        (v) => v.name === str(r.inputs.variableName),
      );
      return live === undefined ? undefined : { differences: compareField("value", live.value, str(r.inputs.value)) };
    },
  },
  [GITHUB.ruleset]: {
    service: "github",
    kind: "ruleset",
    key: (r) => str(r.inputs.name),
    find: (r, context) => {
      const live = repositoryRuleset(context.existing.github, str(r.inputs.name));
      return live === undefined ? undefined : { differences: compareRuleset(r, live, context) };
    },
  },
};

function policyOf(r: PlanResource): { type: "branch" | "tag"; name: string } {
  return r.inputs.tagPattern !== undefined
    ? { type: "tag", name: str(r.inputs.tagPattern) }
    : { type: "branch", name: str(r.inputs.branchPattern) };
}

/** What the organization and repository have that the stack does not declare. */
export function githubUnmanaged(doc: PlanDocument, gh: ExistingGitHub): UnmanagedEntry[] {
  const of = (type: string) => doc.resources.filter((r) => r.type === type && !r.read);
  const teams = new Set(of(GITHUB.team).map((r) => str(r.inputs.name)));
  const members = new Set(of(GITHUB.membership).map((r) => login(r.inputs.username)));
  const environments = new Set(of(GITHUB.environment).map((r) => str(r.inputs.environment)));
  const policies = new Set(
    of(GITHUB.deploymentPolicy).map((r) => `${str(r.inputs.environment)}:${policyOf(r).type}:${policyOf(r).name}`),
  );
  const variables = new Set(
    of(GITHUB.environmentVariable).map((r) => `${str(r.inputs.environment)}:${str(r.inputs.variableName)}`),
  );
  const rulesets = new Set(of(GITHUB.ruleset).map((r) => str(r.inputs.name)));
  const entry = (kind: string, key: string, note?: string): UnmanagedEntry => ({
    service: "github",
    kind,
    key,
    ...(note !== undefined ? { note } : {}),
  });
  return [
    ...gh.teams.filter((t) => !teams.has(t.slug)).map((t) => entry("team", t.slug, `${t.members.length} members`)),
    ...gh.members.filter((m) => !members.has(login(m.login))).map((m) => entry("organization member", m.login, m.role)),
    ...gh.teamRepositories
      .filter((t) => !teams.has(t.team))
      .map((t) => entry("team repository permission", `${t.team}:${gh.repository}`, t.permission)),
    ...gh.environments.filter((e) => !environments.has(e.name)).map((e) => entry("environment", e.name)),
    ...gh.environments
      .filter((e) => environments.has(e.name))
      .flatMap((e) => [
        ...e.policies
          .filter((p) => !policies.has(`${e.name}:${p.type}:${p.name}`))
          .map((p) => entry("deployment policy", `${e.name}:${p.type}:${p.name}`, "it also allows deployments")),
        ...e.variables
          .filter((v) => !variables.has(`${e.name}:${v.name}`))
          .map((v) => entry("environment variable", `${e.name}:${v.name}`)),
      ]),
    ...gh.rulesets
      .filter((r) => r.sourceType !== "Repository" || !rulesets.has(r.name))
      .map((r) =>
        entry(
          "ruleset",
          r.name,
          r.sourceType === "Repository"
            ? `${r.target}, ${r.enforcement}`
            : `inherited from ${r.sourceType.toLowerCase()}`,
        ),
      ),
  ];
}
