/*
 * What each config field means, for README.md's configuration table: one
 * entry per field path of ./fields.ts (`images[].buildArgs` is the field of
 * every image), plus the secret keys. Types, ranges and defaults are not
 * written here: the table reads them from the schema. A test fails when a
 * field has no entry or an entry names no field.
 */
import type { SecretKey } from "./schema";

/** The documentation of one field. */
export interface FieldDoc {
  /** What the field means, in Markdown (one table cell: no line breaks). */
  readonly what: string;
  /**
   * What leaving the field out means, for a field the schema gives no
   * default (`the Dockerfile's last stage`). A field with a schema default
   * has no `unset`: its default is shown from the schema.
   */
  readonly unset?: string;
}

/** Field docs by path: config fields (./fields.ts) and secret keys. */
export const CONFIG_DOCS: Readonly<Record<string, FieldDoc>> = {
  project: { what: "The project the release system serves." },
  "project.name": { what: "Short name (a slug): prefixes team names and ECR repositories, and names resources." },
  "project.displayName": { what: "Human name, for descriptions.", unset: "`project.name`" },

  github: { what: "The GitHub organization and source repository." },
  "github.org": { what: "The GitHub organization that owns the source repository." },
  "github.repository": { what: "The source repository the images are built from." },
  "github.defaultBranch": { what: "Branch stable releases are cut from." },
  "github.devBranch": { what: "Branch nightlies are built from and betas are cut from." },
  "github.deployer": {
    what: "GitHub login whose token runs `pulumi up`; it must be in `people` with role `admin`, so a run never takes away its own access.",
  },
  "github.orgId": {
    what: "Numeric id of the organization. With `repositoryId`, CI roles also trust GitHub's immutable OIDC subject (`repo:ORG@id/REPO@id:...`).",
    unset: "only the name-based OIDC subject is trusted",
  },
  "github.repositoryId": {
    what: "Numeric id of the source repository; set together with `orgId`.",
    unset: "only the name-based OIDC subject is trusted",
  },
  "github.teamPrefix": { what: "Prefix of the team names (`<prefix>-maintainers`).", unset: "`project.name`" },
  "github.orgMembership": {
    what: "Whether this stack manages organization membership. `unmanaged`: it only adds people to this project's teams (GitHub invites whoever is not in the organization yet) and offboarding removes them from those teams only, so an organization shared with other projects keeps its members and owners. `managed`: every person is also an organization member, and deleting their entry removes them from the whole organization. An existing owner is never demoted either way.",
  },
  "github.adminsAreOrgOwners": {
    what: "With `orgMembership: managed`, whether role `admin` makes people organization owners; otherwise everyone is a member (an existing owner stays one). Caution: owners control every repository and setting of the organization, other projects' included.",
  },
  "github.requiredStatusChecks": {
    what: "Check names (a workflow job's `name`, or its id) that must pass before a pull request merges into the default or dev branch; they must come from GitHub Actions. An empty list omits the rule. A check that never runs blocks every merge: set the project's real CI job names.",
  },
  "github.codeowners": {
    what: "CODEOWNERS management. GitHub reads only the first CODEOWNERS it finds (`.github/`, the root, `docs/`), so a managed `.github/CODEOWNERS` replaces any other.",
  },
  "github.codeowners.manage": { what: "Whether the stack writes `.github/CODEOWNERS`." },
  "github.codeowners.extraLines": {
    what: 'CODEOWNERS rules added after the generated ones, one `"<pattern> <owner>..."` line each: move the project\'s own rules here before enabling `manage`.',
  },
  "github.commitEmail": { what: "Author email of the commits that deliver generated files." },

  registries: { what: "The two registries every image is published to." },
  "registries.ecr": { what: "The Amazon ECR registry." },
  "registries.ecr.accountId": {
    what: "The AWS account that holds the registry; `pulumi up` refuses credentials of any other.",
  },
  "registries.ecr.region": { what: 'Region of the registry, e.g. `"us-east-1"`.' },
  "registries.ecr.scanning": {
    what: "The account's registry scanning configuration: `basic` (free, on push) or `enhanced` (Amazon Inspector, continuous). It is one per account and region and replaced whole, so setting it takes it over for every repository there.",
    unset: "not managed: left as the account has it (repositories still scan on push)",
  },
  "registries.ecr.oidcProviderArn": {
    what: "An existing GitHub OIDC provider to reuse (an account has at most one).",
    unset: "a new provider",
  },
  "registries.ecr.replicationRegions": { what: "Regions ECR replicates every image to." },
  "registries.ecr.pullAccounts": { what: "AWS accounts allowed to pull the images (repository policy)." },
  "registries.ecr.dockerhubCacheCredentialArn": {
    what: "Pull-through cache for Docker Hub: the Secrets Manager secret (its name prefixed `ecr-pullthroughcache/`) holding Docker Hub credentials.",
    unset: "no pull-through cache",
  },
  "registries.ecr.untaggedMaxAgeDays": {
    what: "Days an untagged image no image index refers to (e.g. a superseded build) is kept.",
  },
  "registries.dockerhub": { what: "The Docker Hub organization." },
  "registries.dockerhub.namespace": { what: "Docker Hub organization (namespace) the images are published under." },

  images: { what: "The images the project publishes, each built from the source repository." },
  "images[].name": { what: "Repository name in both registries." },
  "images[].context": { what: "Build context, relative to the source repository root." },
  "images[].dockerfile": { what: "Dockerfile path, relative to the source repository root." },
  "images[].target": { what: "Multi-stage build target.", unset: "the Dockerfile's last stage" },
  "images[].platforms": { what: "Platforms of the multi-arch image." },
  "images[].buildArgs": {
    what: 'Build arguments. `{version}` in a value is the version being built (e.g. `CORTEX_CPP_VERSION: "{version}"`).',
  },
  "images[].submodules": { what: "Check out git submodules: `recursive` for nested ones." },
  "images[].description": { what: "Docker Hub short description." },
  "images[].readme": {
    what: "Markdown file in this repository (relative to `Pulumi.yaml`) synced as the Docker Hub overview.",
    unset: "the overview is left as it is on Docker Hub",
  },

  channels: { what: "The three release channels: what each builds, pins and retains (see [Retention](#retention))." },
  "channels.nightly": { what: "Nightly builds of the dev branch." },
  "channels.nightly.schedule": {
    what: "Cron schedule (UTC) of the nightly build; minute 0 is refused (GitHub delays or drops runs then).",
  },
  "channels.nightly.images": { what: "Names of the images built nightly.", unset: "every image" },
  "channels.nightly.pin": {
    what: "A rollback pin (see [Rollback pins](#rollback-pins)): holds the channel's moving tags on this nightly version.",
    unset: "no pin",
  },
  "channels.nightly.retention": { what: "How long nightly images are kept." },
  "channels.nightly.retention.maxAgeDays": { what: "Days a nightly image is kept after its push." },
  "channels.beta": { what: "Betas, tagged on the dev branch." },
  "channels.beta.images": { what: "Names of the images built for a beta.", unset: "every image" },
  "channels.beta.pin": {
    what: "A rollback pin: holds the channel's moving tags on this beta version.",
    unset: "no pin",
  },
  "channels.beta.retention": { what: "How many betas are kept." },
  "channels.beta.retention.keepLast": { what: "The newest betas kept, by push time." },
  "channels.stable": { what: "Stable releases, tagged on the default branch." },
  "channels.stable.images": { what: "Names of the images built for a release.", unset: "every image" },
  "channels.stable.pin": {
    what: "A rollback pin: holds the channel's moving tags on this release.",
    unset: "no pin",
  },
  "channels.stable.retention": {
    what: "Stable releases are every rollback target and are kept forever.",
  },
  "channels.stable.retention.keep": {
    what: "Only `all`: a count is refused, since an ECR lifecycle rule cannot count releases apart from beta and nightly version tags.",
  },

  tagScheme: {
    what: "The release-tag scheme (see [Tag schemes](#tag-schemes)): triggers, tags, immutability, retention, pins and rollback all follow it.",
  },
  "tagScheme.gitTagPrefix": { what: "What precedes the version in a git tag (`v` makes `v1.5.0`)." },
  "tagScheme.prerelease": { what: "How a pre-release (beta) version is written after `X.Y.Z`." },
  "tagScheme.prerelease.identifier": { what: "Lowercase letters: `rc`, `beta`, `alpha`." },
  "tagScheme.prerelease.separator": {
    what: 'Between the identifier and its number: `""` makes `1.0.0-rc1`, `"."` makes `1.0.0-rc.1`.',
  },
  "tagScheme.stable": { what: "Tags of a stable release." },
  "tagScheme.stable.tag": { what: "The image tag of a release." },
  "tagScheme.stable.moving": {
    what: "Tags that follow the highest release of their scope: literals, `{major}` and `{major}.{minor}` forms.",
  },
  "tagScheme.stable.releaseBranches": {
    what: 'Branches besides the default branch a release may be tagged on (GitHub fnmatch patterns, e.g. `"release-*"` for backports).',
  },
  "tagScheme.beta": { what: "Tags of a beta." },
  "tagScheme.beta.tag": { what: "The image tag of a beta." },
  "tagScheme.beta.moving": { what: "Literal tags that follow the highest beta." },
  "tagScheme.nightly": { what: "Tags of a nightly." },
  "tagScheme.nightly.tags": {
    what: "Immutable tags of a nightly; the first is its version (the image's version label).",
  },
  "tagScheme.nightly.commitTag": {
    what: "The tag that records which commit was built, with `{sha}`: the nightly is skipped for an image that already has it.",
  },
  "tagScheme.nightly.moving": { what: "Literal tags moved to every nightly." },
  "tagScheme.nightly.runOffset": {
    what: "Added to the workflow run number for `{run}`, to continue an existing numbering.",
  },
  "tagScheme.legacy": {
    what: "Tags an earlier release process published: never pushed, retained like a channel's (or forever).",
  },
  "tagScheme.legacy[].pattern": { what: 'ECR wildcard (`*` is any run of characters), e.g. `"beta-*"`.' },
  "tagScheme.legacy[].retain": { what: "The channel whose retention the tags follow; `forever` keeps them always." },

  people: { what: "Everyone with access, each with one role (see [Roles](#roles))." },
  "people[].github": { what: "GitHub login: the person's identity in this config." },
  "people[].dockerhub": {
    what: "Docker ID, to put the person in the Docker Hub teams.",
    unset: "not in the Docker Hub teams",
  },
  "people[].name": { what: "Display name, for humans reading the config and the plan.", unset: "none" },
  "people[].role": { what: "What the person may do (see [Roles](#roles))." },

  safety: {
    what: "Safety rails of access changes (see [Onboarding and offboarding](#onboarding-and-offboarding-a-maintainer)).",
  },
  "safety.minAdmins": { what: "Fewest people with role `admin`." },
  "safety.maxRemovalShare": { what: "Largest share of the deployed grants one change may remove." },
  "safety.allowMassRemoval": {
    what: "Lets one change remove more than `maxRemovalShare`; remove it again after.",
  },

  workflows: { what: "The release workflows generated into the source repository." },
  "workflows.testCommand": {
    what: 'Shell command that installs, builds and tests the source before any image is built, e.g. `"make test"`.',
    unset: "no test job",
  },
  "workflows.scanSeverity": { what: "Severities that fail the beta and stable scan gate (reported for nightly)." },
  "workflows.runner": {
    what: "Runner label of the jobs that build no image (plan, test, publish), and of the platforms `platformRunners` builds under emulation.",
  },
  "workflows.platformRunners": {
    what: 'Runner label per build platform, merged over the defaults. Each platform builds on its own runner, in parallel; `"emulate"` builds it on `runner` under QEMU instead (e.g. a private repository without arm64 runners). A platform with no entry is emulated. A runner whose labels name its architecture (`ubuntu-*`, `*-arm`) must be of the platform\'s, since no QEMU is set up there.',
  },
  "workflows.buildCache": {
    what: '`"registry"`: each image, channel and platform keeps a BuildKit cache in the channel\'s ECR repository under the tag `buildcache-<channel>-<platform>`, which retention keeps and no prune deletes. `"none"`: every build starts from scratch.',
  },
  "workflows.toolImages": { what: "Build tool images, pinned by digest (`name@sha256:<64 hex digits>`)." },
  "workflows.toolImages.binfmt": {
    what: "The QEMU binfmt image setup-qemu installs.",
    unset: "the action's own, by tag",
  },
  "workflows.toolImages.buildkit": {
    what: "The BuildKit image buildx runs, on every build runner: pin the multi-platform index digest its tag resolves to (what the preview's refusal prints), not one platform's, since arm64 runners run it too.",
    unset: "the action's own, by tag",
  },
  "workflows.allowUnpinnedToolImages": {
    what: "Accept a tool image the workflows use that `toolImages` leaves unset (the action's own, a tag that moves); otherwise `pulumi preview` refuses it, giving the digest to pin.",
  },

  githubToken: {
    what: "Secret: GitHub token of `github.deployer` (scopes `admin:org`, `repo`, `workflow`).",
    unset: "the GitHub provider reads `GITHUB_TOKEN`",
  },
  dockerhubToken: {
    what: "Secret: the Docker Hub organization access token CI pushes with, delivered only as the environments' `DOCKERHUB_TOKEN` secret.",
    unset: "those secrets are not managed",
  },
} satisfies Record<SecretKey, FieldDoc> & Record<string, FieldDoc>;
