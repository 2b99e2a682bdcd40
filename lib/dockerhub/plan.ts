import type { Grant } from "../access/plan";
import { ROLE_GRANTS, ROLES, type DockerHubPermission, type Role } from "../access/roles";
import { compileTagScheme } from "../channels/model";
import { dockerHubImmutableTagRules } from "../channels/mutability";
import { configPath, formatProblems, type ConfigProblem } from "../config/problems";
import type { ReleaseConfig } from "../config/schema";
import { UserError } from "../errors";
import { HUB_FULL_DESCRIPTION_MAX, teamNameProblem } from "./names";

/** One Docker Hub team per role. */
export interface DockerHubTeamPlan {
  readonly role: Role;
  /** `<prefix>-<teamSuffix>`, the same name as the role's GitHub team. */
  readonly name: string;
  readonly description: string;
  /** Docker IDs of the people holding the role, sorted. Authoritative: anyone else is removed. */
  readonly members: readonly string[];
  /** The team's permission on every image repository. */
  readonly permission: DockerHubPermission;
}

/** One Docker Hub repository per image. */
export interface DockerHubRepositoryPlan {
  /** The image name in config; also the repository name. */
  readonly image: string;
  readonly namespace: string;
  readonly name: string;
  readonly description: string;
  /**
   * The overview (Markdown) synced from `images[].readme`; `undefined` when the
   * image names no readme, and the overview is then left as it is on Docker Hub.
   */
  readonly fullDescription: string | undefined;
  /** Open-source images are public. */
  readonly isPrivate: boolean;
  /** Immutable-tag rules from the tag scheme: stable release tags only (rule D2). */
  readonly immutableTagRules: readonly string[];
}

/** A team's permission on one repository. */
export interface DockerHubPermissionPlan {
  readonly repository: string;
  readonly role: Role;
  readonly team: string;
  readonly permission: DockerHubPermission;
}

/** Everything the Docker Hub side should hold, decided from config alone. */
export interface DockerHubPlan {
  /** The organization: the namespace the images are published under. */
  readonly org: string;
  readonly teams: readonly DockerHubTeamPlan[];
  readonly repositories: readonly DockerHubRepositoryPlan[];
  /** One per (repository, role), repositories in config order, roles in table order. */
  readonly permissions: readonly DockerHubPermissionPlan[];
}

/**
 * The Docker Hub side cannot be planned from this config; lists every problem,
 * each with its path. A class of its own because the program merges these
 * problems with the readme problems it found first (components/program.ts).
 */
export class DockerHubPlanError extends UserError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
  }
}

/** Where the team prefix comes from, for error messages. */
function prefixSource(config: Pick<ReleaseConfig, "github" | "project">): { prefix: string; path: string } {
  return config.github.teamPrefix !== undefined
    ? { prefix: config.github.teamPrefix, path: configPath("github", ["teamPrefix"]) }
    : { prefix: config.project.name, path: configPath("project", ["name"]) };
}

/** Team name of a role: the same name as on GitHub, so one name means one role everywhere. */
export function dockerHubTeamName(prefix: string, role: Role): string {
  return `${prefix}-${ROLE_GRANTS[role].teamSuffix}`;
}

/** Problems with the generated team names (Docker Hub allows at most 30 characters). */
function teamNameProblems(config: Pick<ReleaseConfig, "github" | "project">): ConfigProblem[] {
  const { prefix, path } = prefixSource(config);
  const problems: ConfigProblem[] = [];
  for (const role of ROLES) {
    const name = dockerHubTeamName(prefix, role);
    if (teamNameProblem(name) === undefined) continue;
    const room = 30 - 1 - ROLE_GRANTS[role].teamSuffix.length;
    problems.push({
      path,
      message:
        `${JSON.stringify(prefix)} names the ${role} team "${name}" (${name.length} characters), which Docker Hub refuses: team names are 3 to 30 letters, digits, "_" and "-"; ` +
        `use a prefix of at most ${room} characters (set release-infra:github.teamPrefix to a shorter one)`,
    });
  }
  return problems;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The Docker Hub organization's teams, members, repositories and permissions.
 *
 * `readmes` holds the contents of each image's `readme` file, keyed by image
 * name: reading files is the program's job, so this stays a pure function.
 *
 * @throws {DockerHubPlanError} listing every problem (a generated team name
 *   Docker Hub refuses, a readme whose content was not supplied or is too long).
 */
export function planDockerHub(config: ReleaseConfig, readmes: Readonly<Record<string, string>> = {}): DockerHubPlan {
  const problems = teamNameProblems(config);
  const org = config.registries.dockerhub.namespace;
  const { prefix } = prefixSource(config);
  const displayName = config.project.displayName ?? config.project.name;

  const teams = ROLES.map((role) => ({
    role,
    name: dockerHubTeamName(prefix, role),
    description: `${displayName} ${role}s: ${ROLE_GRANTS[role].summary}. Managed by release-infra.`,
    members: config.people
      .filter((p) => p.role === role && p.dockerhub !== undefined)
      .map((p) => p.dockerhub as string)
      .sort(byText),
    permission: ROLE_GRANTS[role].dockerhubPermission,
  }));

  const rules = dockerHubImmutableTagRules(compileTagScheme(config.tagScheme));
  const repositories = config.images.map((image, index) => {
    let fullDescription: string | undefined;
    if (image.readme !== undefined) {
      fullDescription = readmes[image.name];
      const path = configPath("images", [index, "readme"]);
      if (fullDescription === undefined) {
        problems.push({
          path,
          message: `the content of ${JSON.stringify(image.readme)} was not supplied to the Docker Hub plan (the program reads it and passes it as readmes[${JSON.stringify(image.name)}])`,
        });
      } else if (fullDescription.length > HUB_FULL_DESCRIPTION_MAX) {
        problems.push({
          path,
          message: `${JSON.stringify(image.readme)} has ${fullDescription.length} characters; Docker Hub's overview holds at most ${HUB_FULL_DESCRIPTION_MAX}`,
        });
      }
    }
    return {
      image: image.name,
      namespace: org,
      name: image.name,
      description: image.description,
      fullDescription,
      isPrivate: false,
      immutableTagRules: rules,
    };
  });
  if (problems.length > 0) throw new DockerHubPlanError(problems);

  const permissions = repositories.flatMap((repo) =>
    teams.map((team) => ({ repository: repo.name, role: team.role, team: team.name, permission: team.permission })),
  );
  return { org, teams, repositories, permissions };
}

/**
 * The Docker Hub grants each person holds (`dockerhub:team:<team>`), keyed by
 * GitHub login like every other grant, for the stack's `access` output and the
 * mass-removal guard. People without a Docker ID hold none. Sorted by person, then grant.
 */
export function dockerHubGrants(config: Pick<ReleaseConfig, "github" | "project" | "people">): Grant[] {
  const { prefix } = prefixSource(config);
  return config.people
    .filter((p) => p.dockerhub !== undefined)
    .map((p) => ({ person: p.github, grant: `dockerhub:team:${dockerHubTeamName(prefix, p.role)}` }))
    .sort((a, b) => a.person.toLowerCase().localeCompare(b.person.toLowerCase()) || byText(a.grant, b.grant));
}
