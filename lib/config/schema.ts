import { Region } from "@pulumi/aws/types/enums";
import { z } from "zod";
import {
  AWS_ACCOUNT,
  AWS_REGION,
  BRANCH,
  BUILD_TARGET,
  DOCKER_ID,
  GITHUB_LOGIN,
  GITHUB_REPOSITORY,
  IMAGE_NAME,
  PINNED_IMAGE,
  PLATFORM,
  REPO_PATH,
  RUNNER_LABEL,
  SLUG,
} from "./patterns";
import { ROLES } from "../access/roles";
import { DEFAULT_PLATFORM_RUNNERS, EMULATE } from "./runners";
import { SEVERITIES } from "../workflows/input";
import { cronProblem } from "../schedule/cron";
import { tagSchemeProblems } from "../channels/model";
import { DEFAULT_TAG_SCHEME } from "../channels/scheme";

/*
 * The whole stack configuration, one schema per top-level config key
 * (`release-infra:<key>` in Pulumi.<stack>.yaml). Each key is parsed on its own
 * so that a mistake in one key never hides the mistakes in another; checks that
 * span keys live in ./semantics.ts.
 */

// Every region of the pinned AWS provider (its Region enum).
const AWS_REGIONS: readonly string[] = Object.values(Region);
export { REPO_PATH };

const githubLogin = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `is required: the ${what}'s GitHub login` : undefined) })
    .regex(GITHUB_LOGIN, {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a GitHub login; use letters, digits and single hyphens (at most 39 characters)`,
    });

const dockerId = z.string().regex(DOCKER_ID, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a Docker ID; use 4 to 30 lowercase letters and digits`,
});

const imageName = z
  .string()
  .min(2)
  .max(255)
  .regex(IMAGE_NAME, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a valid image name; use lowercase letters and digits, separated by single ".", "_" or "-" (e.g. "api-server")`,
  });

const slug = (what: string) =>
  z.string().regex(SLUG, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a valid ${what}; use lowercase letters, digits and hyphens (at most 39 characters)`,
  });

const branch = z.string().regex(BRANCH, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a valid branch name`,
});

const awsRegion = z
  .string()
  .regex(AWS_REGION, {
    error: (iss) => `${JSON.stringify(iss.input)} is not an AWS region; use a region code such as "us-east-1"`,
  })
  .refine((value) => !AWS_REGION.test(value) || AWS_REGIONS.includes(value), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a region AWS has (the pinned @pulumi/aws lists ${String(AWS_REGIONS.length)}); use one such as "us-east-1"`,
  });

/**
 * A path inside the source repository: relative, no `..` segment, no
 * `${{ }}` (it reaches the workflows as it is).
 */
const repoPath = (what: string) =>
  z
    .string()
    .min(1)
    .regex(REPO_PATH, {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a ${what} inside the repository; use a relative path without ".." (letters, digits, ".", "_", "-", "/")`,
    });

const days = (fallback: number) => z.number().int().min(1).max(3650).default(fallback);
const count = (fallback: number) => z.number().int().min(1).max(1000).default(fallback);

export const projectSchema = z.strictObject({
  /** Short name: prefixes teams and names resources. */
  name: slug("project name"),
  /** Human name for descriptions. @default name */
  displayName: z.string().min(1).max(60).optional(),
});

export const githubSchema = z.strictObject({
  /** The GitHub organization that owns the source repository. */
  org: z.string().regex(GITHUB_LOGIN, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a GitHub organization name; use letters, digits and single hyphens`,
  }),
  /** The source repository the images are built from. */
  // GitHub refuses "." and ".." as repository names.
  repository: z.string().regex(GITHUB_REPOSITORY, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a repository name; use letters, digits, ".", "_" and "-" (not "." or "..")`,
  }),
  /** Branch stable releases are cut from. @default "main" */
  defaultBranch: branch.default("main"),
  /** Branch nightlies are built from and betas are cut from. @default "dev" */
  devBranch: branch.default("dev"),
  /** GitHub login whose token runs `pulumi up`; it must stay an admin. */
  deployer: githubLogin("deploying identity"),
  /**
   * Numeric ids of the organization and repository. When set, CI roles also
   * trust GitHub's immutable OIDC subject (`repo:ORG@id/REPO@id:...`).
   */
  orgId: z.number().int().positive().optional(),
  repositoryId: z.number().int().positive().optional(),
  /** Prefix of the team names (`<prefix>-maintainers`). @default project.name */
  teamPrefix: slug("team prefix").optional(),
  /**
   * Whether this stack manages organization membership. `unmanaged`: it only
   * adds people to this project's teams (GitHub invites whoever is not in the
   * organization yet) and offboarding removes them from those teams only, so an
   * organization shared with other projects keeps its members and owners.
   * `managed`: every person also gets an organization membership, and deleting
   * their entry removes them from the whole organization. An existing owner is
   * never demoted either way.
   * @default "unmanaged"
   */
  orgMembership: z
    .enum(["unmanaged", "managed"], {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a membership mode; use unmanaged (only this project's teams) or managed`,
    })
    .default("unmanaged"),
  /**
   * With `orgMembership: managed`, whether role `admin` makes people
   * organization owners. When false, everyone is a member (an existing owner
   * stays one). Caution: owners control every repository and setting of the
   * organization, other projects' included.
   * @default false
   */
  adminsAreOrgOwners: z.boolean().default(false),
  /**
   * Check names (a workflow job's `name`, or its id) that must pass before a
   * pull request merges into the default or dev branch; they must come from
   * GitHub Actions. An empty list omits the rule. A check that never runs blocks
   * every merge: set the project's real CI job names.
   * @default ["test"]
   */
  requiredStatusChecks: z
    .array(
      z.string().regex(/^\S(?:.*\S)?$/, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a check name; use the job's name as GitHub shows it, e.g. "test"`,
      }),
    )
    .default(["test"])
    .refine((checks) => new Set(checks).size === checks.length, { error: "lists a check twice; list each once" }),
  /**
   * CODEOWNERS management. GitHub reads only the first CODEOWNERS it finds
   * (`.github/`, the root, `docs/`), so a managed `.github/CODEOWNERS` replaces
   * any other: move the project's rules into `extraLines` before enabling it.
   * @default { manage: false, extraLines: [] }
   */
  codeowners: z
    .strictObject({
      manage: z.boolean().default(false),
      extraLines: z
        .array(
          z.string().regex(/^[^\r\n]*\S[^\r\n]*$/, {
            error: (iss) =>
              `${JSON.stringify(iss.input)} is not one CODEOWNERS line; give one "<pattern> <owner>..." rule per entry`,
          }),
        )
        .default([]),
    })
    .default({ manage: false, extraLines: [] }),
  /** Author email of the commits that deliver generated files. @default "release-infra@users.noreply.github.com" */
  commitEmail: z
    .string()
    .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not an email address; use e.g. "release-infra@users.noreply.github.com"`,
    })
    .default("release-infra@users.noreply.github.com"),
});

export const registriesSchema = z.strictObject({
  ecr: z.strictObject({
    /** The AWS account that holds the registry; `pulumi up` refuses credentials of any other. */
    accountId: z
      .string()
      .regex(AWS_ACCOUNT, { error: (iss) => `${JSON.stringify(iss.input)} is not an AWS account id; use 12 digits` }),
    /** Region of the ECR registry. */
    region: awsRegion,
    /**
     * The account's registry scanning configuration, managed only when set:
     * basic (free, on push) or enhanced (Amazon Inspector, continuous). It is
     * one per account and region (PutRegistryScanningConfiguration replaces the
     * whole of it), so setting it takes it over for every repository there.
     * @default not managed: left as the account has it (repositories still scan on push)
     */
    scanning: z
      .enum(["basic", "enhanced"], {
        error: (iss) => `${JSON.stringify(iss.input)} is not a scanning type; use basic or enhanced`,
      })
      .optional(),
    /** An existing GitHub OIDC provider to reuse (one per account). @default a new one */
    oidcProviderArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a GitHub OIDC provider ARN; use arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`,
      })
      .optional(),
    /**
     * Pull-through cache for Docker Hub: the Secrets Manager secret (name prefixed
     * `ecr-pullthroughcache/`) holding Docker Hub credentials. @default no cache rule
     */
    dockerhubCacheCredentialArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a Secrets Manager ARN whose name starts with ecr-pullthroughcache/ (ECR requires that prefix)`,
      })
      .optional(),
    /** Regions ECR replicates every image to. @default [] */
    replicationRegions: z.array(awsRegion).default([]),
    /** Accounts allowed to pull the images (repository policy). @default [] */
    pullAccounts: z
      .array(
        z.string().regex(AWS_ACCOUNT, {
          error: (iss) => `${JSON.stringify(iss.input)} is not an AWS account id; use 12 digits`,
        }),
      )
      .default([]),
    /** Keep untagged images (e.g. superseded builds) this many days. @default 1 */
    untaggedMaxAgeDays: days(1),
  }),
  dockerhub: z.strictObject({
    /** Docker Hub organization (namespace) the images are published under. */
    // Docker documents 4 to 30 lowercase letters and digits for a Docker ID
    // (https://docs.docker.com/accounts/create-account/); an organization
    // takes its namespace from the same pool of names, so the same rule is
    // applied (Docker publishes no separate rule for organization names).
    namespace: z.string().regex(DOCKER_ID, {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a Docker Hub organization name; use 4 to 30 lowercase letters and digits`,
    }),
  }),
});

export const imageSchema = z.strictObject({
  /** Repository name in both registries. */
  name: imageName,
  /** Build context, relative to the source repository root. @default "." */
  context: repoPath("build context").default("."),
  /** Dockerfile path. @default "Dockerfile" */
  dockerfile: repoPath("Dockerfile path").default("Dockerfile"),
  /** Multi-stage build target. @default the Dockerfile's last stage */
  target: z
    .string()
    .regex(BUILD_TARGET, { error: (iss) => `${JSON.stringify(iss.input)} is not a build stage name` })
    .optional(),
  /** Platforms of the multi-arch image. @default ["linux/amd64", "linux/arm64"] */
  platforms: z
    .array(
      z.string().regex(PLATFORM, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a supported platform; use e.g. "linux/amd64" or "linux/arm64"`,
      }),
    )
    .min(1)
    .default(["linux/amd64", "linux/arm64"]),
  /**
   * Build arguments. A value may use `{version}`, the version being built
   * (e.g. `CORTEX_CPP_VERSION: "{version}"`). @default {}
   */
  buildArgs: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, {
        error: (iss) => `${JSON.stringify(iss.input)} is not a build argument name; use letters, digits and _`,
      }),
      z
        .string()
        .max(1000)
        .regex(/^[^\r\n]*$/, { error: () => "must be one line" })
        .refine((value) => !value.includes("${{"), {
          error: () =>
            "must not contain ${{ }}: build arguments are written into the workflows as they are; use {version} for the version being built",
        }),
    )
    .default({}),
  /** Check out git submodules: `recursive` for nested ones. @default false */
  submodules: z.union([z.boolean(), z.literal("recursive")]).default(false),
  /** Docker Hub short description (at most 100 characters). */
  description: z.string().max(100).default(""),
  /** Markdown file (in this repository) synced as the Docker Hub full description. */
  readme: repoPath("Markdown file").optional(),
});

const channelImages = z.array(z.string()).min(1).optional();

/**
 * A rollback pin: `pulumi up` points the channel's moving tags at this version's
 * image in both registries, and the release workflows stop moving them until the
 * pin is removed. @default no pin
 */
const pin = (channel: "nightly" | "beta" | "stable") =>
  z
    .string({
      error: (iss) =>
        `expected a ${channel} version in quotes (pin: "1.4.9"), got ${iss.input === null ? "null" : `${typeof iss.input} ${JSON.stringify(iss.input)}`}`,
    })
    .optional();
// A pin's shape depends on the tag scheme, another key: ./semantics.ts checks it.

export const channelsSchema = z.strictObject({
  nightly: z
    .strictObject({
      /** Cron schedule (UTC); minute 0 is refused. @default "17 3 * * *" */
      schedule: z
        .string()
        .default("17 3 * * *")
        .superRefine((value, ctx) => {
          const problem = cronProblem(value);
          if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
        }),
      /** Images built nightly. @default every image */
      images: channelImages,
      pin: pin("nightly"),
      retention: z.strictObject({ maxAgeDays: days(14) }).default({ maxAgeDays: 14 }),
    })
    .default({ schedule: "17 3 * * *", retention: { maxAgeDays: 14 } }),
  beta: z
    .strictObject({
      images: channelImages,
      pin: pin("beta"),
      retention: z.strictObject({ keepLast: count(20) }).default({ keepLast: 20 }),
    })
    .default({ retention: { keepLast: 20 } }),
  stable: z
    .strictObject({
      images: channelImages,
      pin: pin("stable"),
      /**
       * Stable releases are every rollback target and are kept forever. A count
       * is refused: an ECR lifecycle rule cannot count releases apart from beta
       * and nightly version tags (lib/retention/compile.ts explains why).
       */
      retention: z
        .strictObject(
          {
            keep: z.literal("all", { error: () => "stable releases are kept forever; write retention: { keep: all }" }),
          },
          {
            error: (iss) =>
              iss.code === "unrecognized_keys"
                ? `unknown key${iss.keys.length === 1 ? "" : "s"} ${iss.keys.map((k) => JSON.stringify(k)).join(", ")}: ECR lifecycle rules cannot count stable releases apart from beta and nightly version tags, so every release is kept`
                : undefined,
          },
        )
        .default({ keep: "all" }),
    })
    .default({ retention: { keep: "all" } }),
});

const tagTemplate = z.string().min(1).max(128);
const D = DEFAULT_TAG_SCHEME;

/**
 * The project's release-tag scheme (lib/channels/scheme.ts explains the
 * templates and their placeholders). Every default is the scheme of the
 * README's channel table; a project whose users pull other tag names today
 * writes its own, and everything else follows from it.
 */
export const tagSchemeSchema = z
  .strictObject({
    /** What precedes the version in a git tag. @default "v" */
    gitTagPrefix: z.string().max(20).default(D.gitTagPrefix),
    /** Pre-release form: `{ identifier: rc, separator: "" }` is `1.0.10-rc1`. @default { identifier: beta, separator: "." } */
    prerelease: z
      .strictObject({
        identifier: z.string().default(D.prerelease.identifier),
        separator: z
          .enum(["", "."], { error: () => 'must be "" (1.0.0-rc1) or "." (1.0.0-rc.1)' })
          .default(D.prerelease.separator),
      })
      .default(D.prerelease),
    stable: z
      .strictObject({
        /** @default "{version}" */
        tag: tagTemplate.default(D.stable.tag),
        /** @default ["{major}.{minor}", "{major}", "stable", "latest"] */
        moving: z
          .array(tagTemplate)
          .max(10)
          .default([...D.stable.moving]),
        /** Branches besides the default branch releases may be tagged on, e.g. ["release-*"]. @default [] */
        releaseBranches: z
          .array(
            z.string().regex(/^[A-Za-z0-9._/*-]{1,200}$/, {
              error: (iss) =>
                `${JSON.stringify(iss.input)} is not a branch pattern; use letters, digits, . _ / - and *`,
            }),
          )
          .default([]),
      })
      .default({ ...D.stable, moving: [...D.stable.moving], releaseBranches: [] }),
    beta: z
      .strictObject({
        /** @default "{version}" */
        tag: tagTemplate.default(D.beta.tag),
        /** @default ["beta"] */
        moving: z
          .array(tagTemplate)
          .max(10)
          .default([...D.beta.moving]),
      })
      .default({ ...D.beta, moving: [...D.beta.moving] }),
    nightly: z
      .strictObject({
        /** @default ["{next}-nightly.{date}.{short}", "nightly-{date}"] */
        tags: z
          .array(tagTemplate)
          .max(5)
          .default([...D.nightly.tags]),
        /** @default "sha-{sha}" */
        commitTag: tagTemplate.default(D.nightly.commitTag),
        /** @default ["nightly"] */
        moving: z
          .array(tagTemplate)
          .max(10)
          .default([...D.nightly.moving]),
        /** @default 0 */
        runOffset: z.number().int().min(0).max(1_000_000_000).default(D.nightly.runOffset),
      })
      .default({ ...D.nightly, tags: [...D.nightly.tags], moving: [...D.nightly.moving] }),
    /** Tags of an earlier release process: `{ pattern: "beta-*", retain: beta }`. @default [] */
    legacy: z
      .array(
        z.strictObject({
          pattern: z.string().min(1).max(128),
          retain: z.enum(["nightly", "beta", "stable", "forever"], {
            error: () => "must be nightly, beta, stable or forever",
          }),
        }),
      )
      .max(20)
      .default([]),
  })
  .superRefine((value, ctx) => {
    for (const problem of tagSchemeProblems(value)) {
      ctx.addIssue({
        code: "custom",
        path: problem.path
          .split(/[.[\]]/)
          .filter((p) => p !== "")
          .map((p) => (/^[0-9]+$/.test(p) ? Number(p) : p)),
        message: problem.message,
      });
    }
  });

export const personSchema = z.strictObject({
  /** GitHub login: the person's identity in this config. */
  github: githubLogin("person"),
  /** Docker ID, when the person should be in the Docker Hub teams. */
  dockerhub: dockerId.optional(),
  /** Display name, for humans reading the config and the plan. */
  name: z.string().min(1).max(100).optional(),
  role: z.enum(ROLES, {
    error: (iss) =>
      iss.input === undefined
        ? `is required; use one of ${ROLES.join(", ")}`
        : `${JSON.stringify(iss.input)} is not a role; use one of ${ROLES.join(", ")}`,
  }),
});

const runnerLabel = z
  .string()
  .regex(RUNNER_LABEL, { error: (iss) => `${JSON.stringify(iss.input)} is not a runner label` })
  .refine((value) => value !== "self-hosted", {
    error: () =>
      "self-hosted runners keep state between jobs and run with the runner host's access, and a public repository's workflows must not use them (GitHub: self-hosted runners should almost never be used for public repositories); use a GitHub-hosted label such as ubuntu-24.04",
  });

const digestRef = z.string().regex(PINNED_IMAGE, {
  error: (iss) => `${JSON.stringify(iss.input)} is not pinned by digest; use name@sha256:<64 hex digits>`,
});

export const workflowsSchema = z
  .strictObject({
    /** Installs, builds and tests the source before any image is built, e.g. "make test". @default no test job */
    testCommand: z
      .string()
      .min(1)
      .refine((value) => !value.includes("${{"), {
        error: () =>
          "must not contain ${{ }}: the command reaches the job through env:, where an expression would be evaluated before the shell sees it",
      })
      .optional(),
    /** Severities that fail the beta and stable scan gate (reported for nightly). @default ["CRITICAL", "HIGH"] */
    scanSeverity: z
      .array(
        z.enum(SEVERITIES, {
          error: (iss) => `${JSON.stringify(iss.input)} is not a severity; use one of ${SEVERITIES.join(", ")}`,
        }),
      )
      .min(1)
      .default(["CRITICAL", "HIGH"]),
    /** Runner label of the jobs that build no image, and of platforms without a native runner. @default "ubuntu-24.04" */
    runner: runnerLabel.default("ubuntu-24.04"),
    /**
     * Runner label per build platform, merged over the defaults; `emulate`
     * builds the platform on `runner` under QEMU.
     * @default { "linux/amd64": "ubuntu-24.04", "linux/arm64": "ubuntu-24.04-arm" }
     */
    platformRunners: z
      .record(
        z.string().regex(PLATFORM, {
          error: (iss) =>
            `${JSON.stringify(iss.input)} is not a supported platform; use e.g. "linux/amd64" or "linux/arm64"`,
        }),
        z.union([z.literal(EMULATE), runnerLabel]),
      )
      .default({})
      .transform((runners) => ({ ...DEFAULT_PLATFORM_RUNNERS, ...runners })),
    /**
     * The build cache across runs: `registry` exports BuildKit's cache to the
     * channel's ECR repository, one tag per platform; `none` builds from scratch.
     * @default "registry"
     */
    buildCache: z
      .enum(["registry", "none"], {
        error: (iss) => `${JSON.stringify(iss.input)} is not a build cache; use "registry" or "none"`,
      })
      .default("registry"),
    /** Build tool images pinned by digest (QEMU binfmt, BuildKit). @default the actions' own, by tag */
    toolImages: z.strictObject({ binfmt: digestRef.optional(), buildkit: digestRef.optional() }).default({}),
    /** Accept a tool image the workflows use that toolImages does not pin (the action's own, by tag). @default false */
    allowUnpinnedToolImages: z.boolean().default(false),
  })
  .default({
    scanSeverity: ["CRITICAL", "HIGH"],
    runner: "ubuntu-24.04",
    platformRunners: { ...DEFAULT_PLATFORM_RUNNERS },
    buildCache: "registry",
    toolImages: {},
    allowUnpinnedToolImages: false,
  });

export const safetySchema = z
  .strictObject({
    /** Fewest admins allowed (never below 2). @default 2 */
    minAdmins: z.number().int().min(2).max(50).default(2),
    /** Largest share of current grants one change may remove. @default 0.25 */
    maxRemovalShare: z.number().min(0).max(1).default(0.25),
    /** Let one change remove more than maxRemovalShare. Remove it again after. @default false */
    allowMassRemoval: z.boolean().default(false),
  })
  .default({ minAdmins: 2, maxRemovalShare: 0.25, allowMassRemoval: false });

/** Every plain (non-secret) config key and its schema. */
export const CONFIG_SCHEMAS = {
  project: projectSchema,
  github: githubSchema,
  registries: registriesSchema,
  images: z.array(imageSchema).min(1, { error: "needs at least one image" }),
  channels: channelsSchema.default({
    nightly: { schedule: "17 3 * * *", retention: { maxAgeDays: 14 } },
    beta: { retention: { keepLast: 20 } },
    stable: { retention: { keep: "all" } },
  }),
  tagScheme: tagSchemeSchema.default(structuredClone(DEFAULT_TAG_SCHEME) as never),
  people: z.array(personSchema).min(1, { error: "needs at least one person" }),
  safety: safetySchema,
  workflows: workflowsSchema,
} as const;

export type ConfigKey = keyof typeof CONFIG_SCHEMAS;
export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMAS) as ConfigKey[];

/** Secret keys: set with `pulumi config set --secret`; never parsed into plain config. */
export const SECRET_KEYS = ["githubToken", "dockerhubToken"] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export type ProjectConfig = z.output<typeof projectSchema>;
export type GitHubConfig = z.output<typeof githubSchema>;
export type RegistriesConfig = z.output<typeof registriesSchema>;
export type ImageConfig = z.output<typeof imageSchema>;
export type ChannelsConfig = z.output<typeof channelsSchema>;
export type PersonConfig = z.output<typeof personSchema>;
export type TagSchemeConfig = z.output<typeof tagSchemeSchema>;
export type SafetyConfig = z.output<typeof safetySchema>;
export type WorkflowsConfig = z.output<typeof workflowsSchema>;

/** The validated stack configuration, defaults applied. */
export interface ReleaseConfig {
  readonly project: ProjectConfig;
  readonly github: GitHubConfig;
  readonly registries: RegistriesConfig;
  readonly images: readonly ImageConfig[];
  readonly channels: ChannelsConfig;
  readonly tagScheme: TagSchemeConfig;
  readonly people: readonly PersonConfig[];
  readonly safety: SafetyConfig;
  readonly workflows: WorkflowsConfig;
}
