/*
 * Rules A1-A5 (AWS / ECR) as resource policies. Every judgement comes from
 * lib/: the OIDC provider spec, `checkIamPolicy`, the tag scheme's model and
 * ECR mutability semantics, `validateLifecyclePolicy`. This file only reads the
 * resource inputs and words the violation.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { checkIamPolicy, type PolicyKind } from "../lib/aws/check-policy";
import { githubOidcProviderSpec } from "../lib/aws/github-oidc";
import {
  ECR_MAX_FILTER_WILDCARDS,
  ECR_MAX_MUTABILITY_FILTERS,
  ECR_MUTABILITY_FILTER_RE,
  ecrFilterProblems,
  ecrTagIsImmutable,
  ecrTagMutability,
  type EcrMutabilityFilter,
} from "../lib/channels/mutability";
import { AWS } from "../lib/resource-types";
import type { TagModel } from "../lib/channels/model";
import { validateLifecyclePolicy } from "../lib/retention/validate";
import { bool, describeResource, list, obj, policyDocument, str, type Inputs } from "./inputs";
import { channelTagExamples, policyTagModel, TAG_SCHEME_CONFIG, type TagSchemePolicyConfig } from "./tag-examples";
import { onTypes } from "./validate";

/** Resource types these policies read. */
export const AWS_TYPES = {
  oidcProvider: AWS.oidcProvider,
  role: AWS.role,
  rolePolicy: AWS.rolePolicy,
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  managedPolicy: "aws:iam/policy:Policy",
  accessKey: "aws:iam/accessKey:AccessKey",
  ecrRepository: AWS.repository,
  ecrLifecyclePolicy: AWS.lifecyclePolicy,
  ecrRepositoryPolicy: AWS.repositoryPolicy,
} as const;

/** Every finding of `checkIamPolicy`, worded for one resource input. */
function iamFindings(what: string, input: string, value: unknown, kind: PolicyKind, fix: string): string[] {
  const parsed = policyDocument(value);
  if ("error" in parsed) return [`${what}: ${input} is not a readable IAM policy (${parsed.error}); ${fix}`];
  return checkIamPolicy(parsed.document, kind).map(
    (f) => `${what}: ${input} statement ${f.statement}: ${f.message} (rule ${f.rule}); ${fix}`,
  );
}

const OIDC_SPEC = githubOidcProviderSpec();

/** A1: the account's GitHub OIDC provider is GitHub's issuer, for STS only. */
export const githubOidcProvider: ResourceValidationPolicy = {
  name: "a1-github-oidc-provider",
  description: `A1: the IAM OIDC provider trusts GitHub Actions' issuer (${OIDC_SPEC.url}) for the audience ${OIDC_SPEC.clientIdLists.join(", ")} only.`,
  enforcementLevel: "mandatory",
  validateResource: onTypes([AWS_TYPES.oidcProvider], (props, args, report) => {
    const what = describeResource("IAM OIDC provider", args.name);
    const url = str(props.url);
    // Only GitHub's provider belongs to the release system; anything else is flagged
    // rather than silently ignored, since no other identity provider should be declared here.
    if (url !== OIDC_SPEC.url)
      report(
        `${what}: url is ${JSON.stringify(url ?? null)}; set url: "${OIDC_SPEC.url}" (GitHub Actions' token issuer)`,
      );
    const clients = list(props.clientIdLists);
    const expected = [...OIDC_SPEC.clientIdLists];
    if (clients.length !== expected.length || !clients.every((c) => typeof c === "string" && expected.includes(c))) {
      report(
        `${what}: clientIdLists is ${JSON.stringify(clients)}; set clientIdLists: ${JSON.stringify(expected)}, the audience aws-actions/configure-aws-credentials requests`,
      );
    }
  }),
};

/** A2: every role's trust policy admits only one channel environment of the source repository, through GitHub's OIDC provider. */
export const ciRoleTrust: ResourceValidationPolicy = {
  name: "a2-ci-role-trust",
  description:
    "A2: every IAM role the release system declares is a CI role whose trust policy admits only GitHub Actions jobs of one environment " +
    "(StringEquals on aud = sts.amazonaws.com and on an exact repo:ORG/REPO:environment:NAME sub; no wildcard, no set operator).",
  enforcementLevel: "mandatory",
  validateResource: onTypes([AWS_TYPES.role], (props, args, report) => {
    const what = describeResource("IAM role", args.name, props.name);
    const fix = "build the trust policy with channelTrustPolicy() (lib/aws)";
    for (const message of iamFindings(what, "assumeRolePolicy", props.assumeRolePolicy, "trust", fix)) report(message);
  }),
};

const PERMISSIONS_FIX =
  "build the policy with channelPushPolicy() (lib/aws): registry login on *, push actions on the channel's repository ARNs only";

function rolePermissionFindings(type: string, name: string, props: Inputs): string[] {
  switch (type) {
    case AWS_TYPES.rolePolicy:
      return iamFindings(
        describeResource("IAM role policy", name, props.name),
        "policy",
        props.policy,
        "permissions",
        PERMISSIONS_FIX,
      );
    case AWS_TYPES.managedPolicy:
      return iamFindings(
        describeResource("IAM policy", name, props.name),
        "policy",
        props.policy,
        "permissions",
        PERMISSIONS_FIX,
      );
    case AWS_TYPES.role: {
      const what = describeResource("IAM role", name, props.name);
      const inline = list(props.inlinePolicies).flatMap((p, i) =>
        iamFindings(what, `inlinePolicies[${i}].policy`, obj(p)?.policy, "permissions", PERMISSIONS_FIX),
      );
      const managed = list(props.managedPolicyArns).map(
        (arn) =>
          `${what}: managedPolicyArns attaches ${JSON.stringify(arn)}, whose statements this check cannot see (rule A3); remove it and grant the push permissions inline with an aws.iam.RolePolicy`,
      );
      return [...inline, ...managed];
    }
    case AWS_TYPES.rolePolicyAttachment:
      return [
        `${describeResource("IAM role policy attachment", name)}: attaches ${JSON.stringify(props.policyArn ?? null)} to role ${JSON.stringify(props.role ?? null)}, whose statements this check cannot see ` +
          "(managed policies such as AmazonEC2ContainerRegistryPowerUser grant delete and wildcard actions, rule A3); remove it and grant the push permissions inline with an aws.iam.RolePolicy",
      ];
    case AWS_TYPES.accessKey:
      return [
        `${describeResource("IAM access key", name)}: creates a long-lived key for user ${JSON.stringify(props.user ?? null)} (rule A3 allows no IAM access keys); remove it: CI assumes a channel role through GitHub's OIDC provider`,
      ];
    default:
      return [];
  }
}

/** A3: identity permissions are the channel push policy at most; no managed policies, no access keys. */
export const ciRolePermissions: ResourceValidationPolicy = {
  name: "a3-ci-role-permissions",
  description:
    "A3: IAM permissions grant ecr:GetAuthorizationToken on * and the push actions on named repositories only: no ecr:*, no delete, policy or IAM actions, " +
    "no managed policy attachments (their statements cannot be checked) and no IAM access keys.",
  enforcementLevel: "mandatory",
  validateResource: onTypes(
    [
      AWS_TYPES.rolePolicy,
      AWS_TYPES.managedPolicy,
      AWS_TYPES.role,
      AWS_TYPES.rolePolicyAttachment,
      AWS_TYPES.accessKey,
    ],
    (props, args, report) => {
      for (const message of rolePermissionFindings(args.type, args.name, props)) report(message);
    },
  ),
};

/** A3: an ECR repository policy lets named accounts pull, nothing more. */
export const ecrRepositoryPolicy: ResourceValidationPolicy = {
  name: "a3-ecr-repository-policy",
  description:
    "A3: an ECR repository policy grants the pull actions to named accounts or roles only (never *, never push, delete or policy actions).",
  enforcementLevel: "mandatory",
  validateResource: onTypes([AWS_TYPES.ecrRepositoryPolicy], (props, args, report) => {
    const what = describeResource("ECR repository policy", args.name, props.repository);
    const fix = "build the policy with crossAccountPullPolicy() (lib/aws)";
    for (const message of iamFindings(what, "policy", props.policy, "repository", fix)) report(message);
  }),
};

const MUTABILITY_MODES = ["MUTABLE", "IMMUTABLE", "MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION"];
const ENCRYPTION_TYPES = ["AES256", "KMS", "KMS_DSSE"];

/** The tag scheme's ECR settings, as the fix to quote. */
function mutabilityFix(model: TagModel): string {
  const settings = ecrTagMutability(model);
  const filters = settings.imageTagMutabilityExclusionFilters.map((f) => JSON.stringify(f.filter)).join(", ");
  return `use the tag scheme's settings (ecrTagMutability(model): imageTagMutability ${settings.imageTagMutability}, exclusion filters ${filters})`;
}

/** Why the repository's tag mutability breaks the tag scheme, or nothing. */
function mutabilityFindings(props: Inputs, model: TagModel): string[] {
  // The provider's default is MUTABLE: every tag, version tags included, can be re-pointed.
  const mode = str(props.imageTagMutability) ?? "MUTABLE";
  if (!MUTABILITY_MODES.includes(mode))
    return [
      `imageTagMutability ${JSON.stringify(mode)} is not one of ${MUTABILITY_MODES.join(", ")}; ${mutabilityFix(model)}`,
    ];

  const problems: string[] = [];
  const filters: EcrMutabilityFilter[] = [];
  const raw = list(props.imageTagMutabilityExclusionFilters);
  if (raw.length > ECR_MAX_MUTABILITY_FILTERS)
    problems.push(`${raw.length} exclusion filters; ECR accepts at most ${ECR_MAX_MUTABILITY_FILTERS}`);
  raw.forEach((item, i) => {
    const filter = str(obj(item)?.filter);
    const filterType = str(obj(item)?.filterType);
    if (filter === undefined || ecrFilterProblems(filter).length > 0 || filterType !== "WILDCARD") {
      problems.push(
        `imageTagMutabilityExclusionFilters[${i}] is ${JSON.stringify(item)}; ECR takes { filter: ${String(ECR_MUTABILITY_FILTER_RE)} with at most ${String(ECR_MAX_FILTER_WILDCARDS)} "*", filterType: "WILDCARD" }`,
      );
    } else {
      filters.push({ filter, filterType });
    }
  });
  if (problems.length > 0) return problems.map((p) => `${p}; ${mutabilityFix(model)}`);

  const settings = { imageTagMutability: mode, imageTagMutabilityExclusionFilters: filters };
  // The tags the scheme's own settings make ECR refuse to overwrite; the rest
  // of the immutable shapes (release tags) ECR cannot single out within its limits.
  const expected = ecrTagMutability(model);
  const examples = channelTagExamples(model);
  const mutable = examples.immutable
    .filter((tag) => ecrTagIsImmutable(expected, tag))
    .filter((tag) => !ecrTagIsImmutable(settings, tag));
  const frozen = examples.mutable.filter((tag) => ecrTagIsImmutable(settings, tag));
  if (mutable.length > 0)
    problems.push(
      `version and dated tags stay mutable (${mutable.map((t) => JSON.stringify(t)).join(", ")}), so a push could overwrite a release`,
    );
  if (frozen.length > 0)
    problems.push(
      `moving and signature tags become immutable (${frozen.map((t) => JSON.stringify(t)).join(", ")}), so releases and rollbacks could not re-point them`,
    );
  return problems.map((p) => `${p}; ${mutabilityFix(model)}`);
}

/** A4: tag mutability per the tag scheme, scan on push, encryption, no force delete. */
export const ecrRepositorySettings: ResourceValidationPolicy = {
  name: "a4-ecr-repository-settings",
  description:
    "A4: an ECR repository keeps the tag scheme's version tags immutable where ECR's filters can single them out and moving and signature tags mutable, scans on push, " +
    "sets its encryption explicitly and never force-deletes images.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { ...TAG_SCHEME_CONFIG } },
  validateResource: onTypes([AWS_TYPES.ecrRepository], (props, args, report) => {
    const what = describeResource("ECR repository", args.name, props.name);
    const scheme = policyTagModel(args.getConfig<TagSchemePolicyConfig>());
    if ("problems" in scheme) {
      for (const problem of scheme.problems)
        report(`${what}: the policy config's ${problem}; set it to the stack's release-infra:tagScheme`);
    } else {
      for (const problem of mutabilityFindings(props, scheme.model)) report(`${what}: ${problem}`);
    }
    if (bool(obj(props.imageScanningConfiguration)?.scanOnPush) !== true) {
      report(`${what}: images are not scanned on push; set imageScanningConfiguration: { scanOnPush: true }`);
    }
    const encryption = list(props.encryptionConfigurations).map((e) => str(obj(e)?.encryptionType));
    if (encryption.length === 0 || !encryption.every((t) => t !== undefined && ENCRYPTION_TYPES.includes(t))) {
      report(
        `${what}: encryptionConfigurations is ${JSON.stringify(props.encryptionConfigurations ?? null)}; set encryptionConfigurations: [{ encryptionType: "AES256" }] (or "KMS" with a key)`,
      );
    }
    // Absent means the provider's default, false.
    if (props.forceDelete === true)
      report(
        `${what}: forceDelete is true, so deleting the resource deletes every pushed image; set forceDelete: false`,
      );
  }),
};

/** A5: every lifecycle policy is one ECR accepts and the project can evaluate. */
export const ecrLifecyclePolicy: ResourceValidationPolicy = {
  name: "a5-ecr-lifecycle-policy",
  description: "A5: every ECR lifecycle policy passes every limit ECR applies (validateLifecyclePolicy).",
  enforcementLevel: "mandatory",
  validateResource: onTypes([AWS_TYPES.ecrLifecyclePolicy], (props, args, report) => {
    const what = describeResource("ECR lifecycle policy", args.name, props.repository);
    const fix = "compile the policy from the retention intent (compileLifecyclePolicy, lib/retention)";
    const text = props.policy;
    let policy: unknown = text;
    if (typeof text === "string") {
      try {
        policy = JSON.parse(text);
      } catch (error) {
        report(`${what}: policy is not JSON (${(error as Error).message}); ${fix}`);
        return;
      }
    }
    for (const problem of validateLifecyclePolicy(policy))
      report(`${what}: policy${problem.path === "" ? "" : `.${problem.path}`}: ${problem.message}; ${fix}`);
  }),
};

/** A5: every ECR repository of the stack has a lifecycle policy. */
export const ecrRepositoriesHaveLifecycle: StackValidationPolicy = {
  name: "a5-every-repository-has-lifecycle-policy",
  description:
    "A5: every ECR repository in the stack has a lifecycle policy, so untagged and expired images do not pile up.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const covered = new Set(
      args.resources.filter((r) => r.type === AWS_TYPES.ecrLifecyclePolicy).map((r) => str(r.props.repository)),
    );
    for (const repository of args.resources.filter((r) => r.type === AWS_TYPES.ecrRepository)) {
      const name = str(repository.props.name);
      if (name === undefined || covered.has(name)) continue;
      report(
        `${describeResource("ECR repository", repository.name, name)} has no lifecycle policy; declare an aws.ecr.LifecyclePolicy for it with the compiled retention (ImageRepository does)`,
        repository.urn,
      );
    }
  },
};
