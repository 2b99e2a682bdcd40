/*
 * Rules D1-D3 (Docker Hub) as resource policies over the dynamic resources
 * `pulumi-nodejs:dynamic/dockerhub:*` and the environment secret CI logs in with.
 * Judgements come from lib/dockerhub (immutable-rule check), the tag scheme's
 * model (which tags are which) and the role table (who gets which permission).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { DOCKERHUB_PERMISSIONS, ROLE_GRANTS, ROLES, type Role } from "../lib/access/roles";
import { dockerHubImmutableTagRules } from "../lib/channels/mutability";
import { immutableRuleProblem } from "../lib/dockerhub/names";
import { DOCKERHUB_TOKEN_SECRET } from "../lib/github/environments";
import { DOCKERHUB_PERSONAL_TOKEN_PREFIX } from "./credentials";
import { GITHUB_TYPES } from "./github-types";
import { bool, describeResource, list, str } from "./inputs";
import { compileRe2Rule, re2Problem } from "../lib/dockerhub/re2";
import { DOCKERHUB } from "../lib/resource-types";
import { channelTagExamples, policyTagModel, TAG_SCHEME_CONFIG, type TagSchemePolicyConfig } from "./tag-examples";
import { onTypes } from "./validate";

/** The recorded types of the Docker Hub dynamic resources (providers/dockerhub). */
export const DOCKERHUB_TYPES = { repository: DOCKERHUB.repository, teamPermission: DOCKERHUB.teamPermission } as const;

/** Docker Hub's rules are Go RE2, matched against the whole tag (lib/dockerhub/re2.ts); one that is not RE2 matches nothing. */
function ruleMatches(rule: string, tag: string): boolean {
  return re2Problem(rule) === undefined && compileRe2Rule(rule)(tag);
}

/** D2: immutable-tag rules freeze release tags and never a moving or signature tag. */
export const dockerHubImmutableTags: ResourceValidationPolicy = {
  name: "d2-dockerhub-immutable-tags",
  description:
    "D2: a Docker Hub repository's immutable-tag rules make the tag scheme's release tags immutable and never match one of its moving tags or a signature tag.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { ...TAG_SCHEME_CONFIG } },
  validateResource: onTypes([DOCKERHUB_TYPES.repository], (props, args, report) => {
    const what = describeResource("Docker Hub repository", args.name, props.name);
    const scheme = policyTagModel(args.getConfig<TagSchemePolicyConfig>());
    if ("problems" in scheme) {
      for (const problem of scheme.problems)
        report(`${what}: the policy config's ${problem}; set it to the stack's release-infra:tagScheme`);
      return;
    }
    const { model } = scheme;
    const examples = channelTagExamples(model);
    const fix = `use the tag scheme's rules (dockerHubImmutableTagRules(model): ${JSON.stringify(dockerHubImmutableTagRules(model))})`;
    const rules = list(props.immutableTagRules);
    rules.forEach((rule, i) => {
      const problem =
        typeof rule === "string"
          ? immutableRuleProblem(
              rule,
              examples.mutable.filter((t) => t !== examples.signature),
            )
          : `${JSON.stringify(rule)} is not a string`;
      if (problem !== undefined) report(`${what}: immutableTagRules[${i}] ${problem}; ${fix}`);
    });
    const textRules = rules.filter((r): r is string => typeof r === "string");
    if (textRules.some((r) => ruleMatches(r, examples.signature)))
      report(
        `${what}: immutableTagRules match the signature tag ${JSON.stringify(examples.signature)}, which cosign rewrites on every re-sign; ${fix}`,
      );
    if (!textRules.some((r) => ruleMatches(r, examples.release))) {
      report(
        `${what}: no immutableTagRules entry matches the release tag ${JSON.stringify(examples.release)}, so a push could overwrite a release; ${fix}`,
      );
    }
  }),
};

/** The role whose team this is (`<prefix>-<teamSuffix>`), the longest suffix winning. */
function roleOfTeam(team: string): Role | undefined {
  const matches = ROLES.filter((role) => team.endsWith(`-${ROLE_GRANTS[role].teamSuffix}`));
  return matches.sort((a, b) => ROLE_GRANTS[b].teamSuffix.length - ROLE_GRANTS[a].teamSuffix.length)[0];
}

/** D3: team permissions come from the role table and never exceed it. */
export const dockerHubTeamPermissions: ResourceValidationPolicy = {
  name: "d3-dockerhub-team-permissions",
  description: `D3: a Docker Hub team permission is one of ${DOCKERHUB_PERMISSIONS.join(", ")} and no more than the role table grants the team's role.`,
  enforcementLevel: "mandatory",
  validateResource: onTypes([DOCKERHUB_TYPES.teamPermission], (props, args, report) => {
    const team = str(props.team) ?? "";
    const permission = str(props.permission) ?? "";
    const what = `${describeResource("Docker Hub team permission", args.name)} (team ${JSON.stringify(team)} on ${str(props.repository) ?? "?"})`;
    const level = (DOCKERHUB_PERMISSIONS as readonly string[]).indexOf(permission);
    if (level < 0) {
      report(
        `${what}: permission ${JSON.stringify(permission)} is not one of ${DOCKERHUB_PERMISSIONS.join(", ")}; grant the role table's permission`,
      );
      return;
    }
    const role = roleOfTeam(team);
    if (role === undefined) {
      report(
        `${what}: the team is no role's team (<prefix>-${ROLES.map((r) => ROLE_GRANTS[r].teamSuffix).join("|")}); grant Docker Hub access through a role in release-infra:people`,
      );
      return;
    }
    const allowed = ROLE_GRANTS[role].dockerhubPermission;
    if (level > DOCKERHUB_PERMISSIONS.indexOf(allowed)) {
      report(
        `${what}: permission ${permission} exceeds what role ${role} holds (${allowed}, lib/access/roles.ts); set permission: "${allowed}"`,
      );
    }
  }),
};

/** Policy config of {@link dockerHubRepositoryDeletion}. */
export interface RepositoryDeletionConfig {
  /** Allow Docker Hub repositories that Pulumi may delete with every image in them. @default false */
  readonly allowRepositoryDeletion?: boolean;
}

/** D3: a Docker Hub repository cannot be deleted by Pulumi unless deletion is explicitly allowed. */
export const dockerHubRepositoryDeletion: ResourceValidationPolicy = {
  name: "d3-dockerhub-repository-deletion",
  description:
    "D3: a Docker Hub repository refuses deletion (allowDelete false) unless this policy's config sets allowRepositoryDeletion: deleting one removes every image for every user.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowRepositoryDeletion: { type: "boolean", default: false } } },
  validateResource: onTypes([DOCKERHUB_TYPES.repository], (props, args, report) => {
    if (bool(props.allowDelete) !== true) return;
    if (args.getConfig<RepositoryDeletionConfig>().allowRepositoryDeletion === true) return;
    report(
      `${describeResource("Docker Hub repository", args.name, props.name)}: allowDelete is true, so Pulumi may delete the repository and every image in it; ` +
        'set allowRepositoryDeletion: false on the Organization component, or allow it for this one change in the policy config ({"d3-dockerhub-repository-deletion": {"allowRepositoryDeletion": true}})',
    );
  }),
};

/** D1: CI's Docker Hub token is not a person's personal access token. */
export const dockerHubCiToken: ResourceValidationPolicy = {
  name: "d1-dockerhub-ci-token",
  description: `D1: the ${DOCKERHUB_TOKEN_SECRET} environment secret CI pushes with is an organization access token, never a person's personal access token (${DOCKERHUB_PERSONAL_TOKEN_PREFIX}...).`,
  enforcementLevel: "mandatory",
  validateResource: onTypes([GITHUB_TYPES.environmentSecret], (props, args, report) => {
    if (str(props.secretName) !== DOCKERHUB_TOKEN_SECRET) return;
    const value = str(props.value) ?? str(props.plaintextValue);
    if (value?.startsWith(DOCKERHUB_PERSONAL_TOKEN_PREFIX) !== true) return;
    report(
      `${describeResource("GitHub environment secret", args.name)} (${DOCKERHUB_TOKEN_SECRET} in ${str(props.environment) ?? "?"}): holds a personal access token, which acts as a person; ` +
        "create an organization access token scoped to the channel's repositories (push/pull, with an expiry) and set it with pulumi config set --secret dockerhubToken",
    );
  }),
};
