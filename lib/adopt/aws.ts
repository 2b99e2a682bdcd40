/*
 * AWS: the declared ECR repositories and lifecycle policies, GitHub's OIDC
 * provider and the CI roles with their inline policies against what the
 * account has. Policy documents compare by content (key order and whitespace
 * ignored), as IAM and ECR store the text they were given.
 */
import { GITHUB_OIDC_HOST } from "../aws/github-oidc";
import { AWS } from "../resource-types";
import type { PlanDocument } from "../plan/model";
import type { ExistingAws } from "./dump";
import type { Comparator, UnmanagedEntry } from "./report";
import { compareField, compareJson, compareSet, record, records, str, strings } from "./values";

const repositoryOf = (aws: ExistingAws, name: string) => aws.repositories.find((r) => r.name === name);
const roleOf = (aws: ExistingAws, name: string) => aws.roles.find((r) => r.name === name);
const host = (url: string) => url.replace(/^https:\/\//, "");

export const AWS_COMPARATORS: Readonly<Record<string, Comparator>> = {
  [AWS.repository]: {
    service: "aws",
    kind: "ECR repository",
    key: (r) => str(r.inputs.name),
    find: (r, { existing }) => {
      const live = repositoryOf(existing.aws, str(r.inputs.name));
      if (live === undefined) return undefined;
      const encryption = records(r.inputs.encryptionConfigurations)[0];
      return {
        differences: [
          ...compareField("imageTagMutability", live.imageTagMutability, r.inputs.imageTagMutability ?? "MUTABLE"),
          ...compareSet(
            "imageTagMutabilityExclusionFilters",
            live.exclusionFilters.map((f) => `${f.filterType}:${f.filter}`),
            records(r.inputs.imageTagMutabilityExclusionFilters).map((f) => `${str(f.filterType)}:${str(f.filter)}`),
          ),
          ...compareField(
            "imageScanningConfiguration.scanOnPush",
            live.scanOnPush,
            record(r.inputs.imageScanningConfiguration).scanOnPush === true,
          ),
          ...compareField(
            "encryptionConfigurations.encryptionType",
            live.encryptionType,
            str(encryption?.encryptionType) || "AES256",
          ),
        ],
      };
    },
  },
  [AWS.lifecyclePolicy]: {
    service: "aws",
    kind: "ECR lifecycle policy",
    key: (r) => str(r.inputs.repository),
    find: (r, { existing }) => {
      const policy = repositoryOf(existing.aws, str(r.inputs.repository))?.lifecyclePolicy;
      return typeof policy === "string"
        ? { differences: compareJson("policy", policy, str(r.inputs.policy)) }
        : undefined;
    },
  },
  [AWS.oidcProvider]: {
    service: "aws",
    kind: "IAM OIDC provider",
    key: (r) => host(str(r.inputs.url)),
    find: (r, { existing }) => {
      const live = existing.aws.oidcProvider;
      if (live === null || host(live.url) !== host(str(r.inputs.url))) return undefined;
      return { differences: compareSet("clientIdLists", live.clientIds, strings(r.inputs.clientIdLists)) };
    },
  },
  [AWS.role]: {
    service: "aws",
    kind: "IAM role",
    key: (r) => str(r.inputs.name),
    find: (r, { existing }) => {
      const live = roleOf(existing.aws, str(r.inputs.name));
      if (live === undefined) return undefined;
      return {
        differences: [
          ...compareField("description", live.description, str(r.inputs.description)),
          ...compareField("maxSessionDuration", live.maxSessionDuration, r.inputs.maxSessionDuration ?? 3600),
          ...compareJson("assumeRolePolicy", live.assumeRolePolicy, str(r.inputs.assumeRolePolicy)),
        ],
      };
    },
  },
  [AWS.rolePolicy]: {
    service: "aws",
    kind: "IAM role policy",
    key: (r) => `${str(r.inputs.role)}:${str(r.inputs.name)}`,
    find: (r, { existing }) => {
      const live = roleOf(existing.aws, str(r.inputs.role))?.inlinePolicies.find((p) => p.name === str(r.inputs.name));
      return live === undefined
        ? undefined
        : { differences: compareJson("policy", live.document, str(r.inputs.policy)) };
    },
  },
};

/** What the account has that the stack does not declare: other repositories, the OIDC provider when referenced, extra role policies. */
export function awsUnmanaged(doc: PlanDocument, aws: ExistingAws): UnmanagedEntry[] {
  const of = (type: string) => doc.resources.filter((r) => r.type === type && !r.read);
  const repositories = new Set(of(AWS.repository).map((r) => str(r.inputs.name)));
  const roles = new Set(of(AWS.role).map((r) => str(r.inputs.name)));
  const inline = new Set(of(AWS.rolePolicy).map((r) => `${str(r.inputs.role)}:${str(r.inputs.name)}`));
  const entry = (kind: string, key: string, note?: string): UnmanagedEntry => ({
    service: "aws",
    kind,
    key,
    ...(note !== undefined ? { note } : {}),
  });
  const oidc = aws.oidcProvider;
  return [
    ...aws.repositories.filter((r) => !repositories.has(r.name)).map((r) => entry("ECR repository", r.name)),
    ...(oidc !== null && of(AWS.oidcProvider).length === 0
      ? [
          entry(
            "IAM OIDC provider",
            GITHUB_OIDC_HOST,
            `referenced by the roles (registries.ecr.oidcProviderArn), ${oidc.arn}`,
          ),
        ]
      : []),
    ...aws.roles
      .filter((r) => roles.has(r.name))
      .flatMap((r) => [
        ...r.inlinePolicies
          .filter((p) => !inline.has(`${r.name}:${p.name}`))
          .map((p) => entry("IAM role policy", `${r.name}:${p.name}`, "an inline policy the stack does not declare")),
        ...r.attachedPolicies.map((arn) =>
          entry("IAM attached policy", `${r.name}:${arn}`, "a managed policy attached by hand"),
        ),
      ]),
  ];
}
