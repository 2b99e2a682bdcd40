import { field, intBetween, itemsOf, known, lengthBetween, matches, oneOf, type Rule } from "./rule";
import { AWS } from "../../resource-types";

/*
 * Validations of hashicorp/terraform-provider-aws, the upstream of
 * @pulumi/aws 7.48.0. The upstream tag that release bundles could not be
 * pinned (the repositories are too large to fetch here; circumstantial
 * evidence points at v6.46-v6.48), so citations name the file and function of
 * a recent v6.x version, without line numbers, and facts read only from the
 * 7.48.0 SDK's documentation say so.
 */
const UPSTREAM = "hashicorp/terraform-provider-aws (recent v6.x; the tag @pulumi/aws 7.48.0 bundles is not pinned)";
const cite = (file: string, where: string): string => `${UPSTREAM} internal/service/${file} ${where}`;
const SDK = "@pulumi/aws 7.48.0";

const T = AWS;

const REPOSITORY = "ecr/repository.go";
const WITH_EXCLUSION = ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"];
const FILTERS = "imageTagMutabilityExclusionFilters";

/** Every exclusion filter's `filter`, with its path. */
function filters(inputs: Readonly<Record<string, unknown>>): [unknown, string][] {
  return itemsOf(inputs[FILTERS]).map(([f, n]): [unknown, string] => [
    field(f, "filter"),
    `${FILTERS}[${String(n)}].filter`,
  ]);
}

const repositoryRules: Rule[] = [
  {
    id: "aws:ecr-repository:image-tag-mutability",
    type: T.repository,
    citation: `${cite(REPOSITORY, "resourceRepository(): image_tag_mutability enum.Validate[types.ImageTagMutability]()")}; values from ${SDK} ecr/repository.d.ts:97`,
    check: (i) => oneOf("imageTagMutability", i.imageTagMutability, ["MUTABLE", "IMMUTABLE", ...WITH_EXCLUSION]),
  },
  {
    id: "aws:ecr-repository:exclusion-filters-max",
    type: T.repository,
    citation: cite(REPOSITORY, "resourceRepository(): image_tag_mutability_exclusion_filter MaxItems 5"),
    check: (i) => {
      const list = i[FILTERS];
      return Array.isArray(list) && list.length > 5
        ? [{ path: FILTERS, message: `${String(list.length)} exclusion filters; at most 5` }]
        : [];
    },
  },
  {
    id: "aws:ecr-repository:exclusion-filter-length",
    type: T.repository,
    citation: cite(REPOSITORY, "resourceRepository(): filter validation.StringLenBetween(1, 128)"),
    check: (i) => filters(i).flatMap(([f, path]) => lengthBetween(path, f, 1, 128)),
  },
  {
    id: "aws:ecr-repository:exclusion-filter-charset",
    type: T.repository,
    citation: cite(REPOSITORY, "resourceRepository(): filter validation.StringMatch(^[a-zA-Z0-9._*-]+$)"),
    check: (i) =>
      filters(i).flatMap(([f, path]) =>
        matches(path, f, /^[a-zA-Z0-9._*-]+$/, "must contain only letters, numbers, and special characters (._*-)"),
      ),
  },
  {
    id: "aws:ecr-repository:exclusion-filter-wildcards",
    type: T.repository,
    citation: cite(REPOSITORY, 'validateImageTagMutabilityExclusionFilter(): strings.Count(value, "*") > 2'),
    check: (i) =>
      filters(i).flatMap(([f, path]) => {
        if (typeof f !== "string" || !known(f)) return [];
        const stars = f.split("*").length - 1;
        return stars > 2
          ? [
              {
                path,
                message: `${JSON.stringify(f)} has ${String(stars)} wildcards; an image tag mutability exclusion filter can contain a maximum of 2 wildcards (*)`,
              },
            ]
          : [];
      }),
  },
  {
    id: "aws:ecr-repository:exclusion-filter-usage",
    type: T.repository,
    citation: cite(REPOSITORY, "CustomizeDiff validateImageTagMutabilityExclusionFilterUsage()"),
    check: (i) => {
      const list = i[FILTERS];
      // Absent means the provider's default, MUTABLE; present but unknown is not judged.
      const mutability = Object.hasOwn(i, "imageTagMutability") ? i.imageTagMutability : "MUTABLE";
      if (!Array.isArray(list) || list.length === 0 || !known(mutability)) return [];
      return WITH_EXCLUSION.includes(mutability as string)
        ? []
        : [
            {
              path: FILTERS,
              message: `exclusion filters can only be used when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION, not ${JSON.stringify(mutability)}`,
            },
          ];
    },
  },
  {
    id: "aws:ecr-repository:exclusion-filter-type",
    type: T.repository,
    citation: cite(
      REPOSITORY,
      "resourceRepository(): filter_type enum.Validate[types.ImageTagMutabilityExclusionFilterType]()",
    ),
    unverified: "the enum's members were not read; WILDCARD is the only one the ECR API documents",
    check: (i) =>
      itemsOf(i[FILTERS]).flatMap(([f, n]) =>
        oneOf(`${FILTERS}[${String(n)}].filterType`, field(f, "filterType"), ["WILDCARD"]),
      ),
  },
  {
    id: "aws:ecr-repository:encryption-type",
    type: T.repository,
    citation: cite(REPOSITORY, "resourceRepository(): encryption_type enum.Validate[types.EncryptionType]()"),
    unverified: "the enum's members were not read; AES256, KMS and KMS_DSSE are the ECR API's",
    check: (i) =>
      itemsOf(i.encryptionConfigurations).flatMap(([c, n]) =>
        oneOf(`encryptionConfigurations[${String(n)}].encryptionType`, field(c, "encryptionType"), [
          "AES256",
          "KMS",
          "KMS_DSSE",
        ]),
      ),
  },
];

const SCANNING_DOC = `${SDK} ecr/registryScanningConfiguration.d.ts:91 (scanType) and types/input.d.ts:40541-40546 (rules)`;

const registryRules: Rule[] = [
  {
    id: "aws:ecr-registry-scanning:scan-type",
    type: T.scanning,
    citation: SCANNING_DOC,
    unverified: "from the SDK's documentation; the provider source was not read",
    check: (i) => oneOf("scanType", i.scanType, ["BASIC", "ENHANCED"]),
  },
  {
    id: "aws:ecr-registry-scanning:scan-frequency",
    type: T.scanning,
    citation: SCANNING_DOC,
    unverified: "from the SDK's documentation; the provider source was not read",
    check: (i) =>
      itemsOf(i.rules).flatMap(([r, n]) =>
        oneOf(`rules[${String(n)}].scanFrequency`, field(r, "scanFrequency"), [
          "SCAN_ON_PUSH",
          "CONTINUOUS_SCAN",
          "MANUAL",
        ]),
      ),
  },
  {
    id: "aws:ecr-registry-scanning:filter-type",
    type: T.scanning,
    citation: SCANNING_DOC,
    unverified:
      'from the SDK\'s documentation ("currently only WILDCARD is supported"); the provider source was not read',
    check: (i) =>
      itemsOf(i.rules).flatMap(([r, n]) =>
        itemsOf(field(r, "repositoryFilters")).flatMap(([f, m]) =>
          oneOf(`rules[${String(n)}].repositoryFilters[${String(m)}].filterType`, field(f, "filterType"), ["WILDCARD"]),
        ),
      ),
  },
  {
    id: "aws:ecr-pull-through-cache:repository-prefix",
    type: T.pullThroughCache,
    citation: cite(
      "ecr/pull_through_cache_rule.go",
      "resourcePullThroughCacheRule(): ecr_repository_prefix StringLenBetween(2, 30), StringMatch((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)",
    ),
    unverified: "read from a version older than 7.48.0's (before custom_role_arn); the limits may have changed since",
    check: (i) => {
      const prefix = i.ecrRepositoryPrefix;
      return [
        ...lengthBetween("ecrRepositoryPrefix", prefix, 2, 30),
        ...matches(
          "ecrRepositoryPrefix",
          prefix,
          /(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*/,
          "must only include alphanumeric, underscore, period, hyphen, or slash characters",
        ),
      ];
    },
  },
];

const roleRules: Rule[] = [
  {
    id: "aws:iam-role:max-session-duration",
    type: T.role,
    citation: `${SDK} iam/role.d.ts:394 ("a value from 1 hour to 12 hours", in seconds); upstream internal/service/iam/role.go`,
    unverified: "from the SDK's documentation; the provider source was not read",
    check: (i) => intBetween("maxSessionDuration", i.maxSessionDuration, 3600, 43200),
  },
  {
    id: "aws:iam-role:name-length",
    type: T.role,
    citation: "upstream internal/service/iam/role.go (name); the IAM API's RoleName limit",
    unverified: "not read from the provider source; the IAM API documents RoleName as 1-64 characters",
    check: (i) => lengthBetween("name", i.name, 1, 64),
  },
  {
    id: "aws:iam-role:name-or-prefix",
    type: T.role,
    citation: `${SDK} iam/role.d.ts:402 (namePrefix: "Conflicts with name")`,
    unverified: "from the SDK's documentation; the provider source was not read",
    check: (i) =>
      Object.hasOwn(i, "name") && Object.hasOwn(i, "namePrefix")
        ? [{ path: "namePrefix", message: "namePrefix conflicts with name" }]
        : [],
  },
];

/** The AWS provider's validations this program depends on. */
export const AWS_RULES: readonly Rule[] = [...repositoryRules, ...registryRules, ...roleRules];
