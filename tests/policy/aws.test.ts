import assert from "node:assert/strict";
import {
  channelPushPolicy,
  channelTrustPolicy,
  crossAccountPullPolicy,
  ecrRepositoryArn,
  githubOidcProviderArn,
  renderPolicyDocument,
} from "../../lib/aws";
import { ecrTagMutability } from "../../lib/channels";
import { compileTagScheme } from "../../lib/channels/model";
import { cortex, DEFAULT_MODEL } from "../support/tag-schemes";
import { compileLifecyclePolicy, DEFAULT_RETENTION, renderLifecyclePolicy } from "../../lib/retention";
import {
  AWS_TYPES,
  ciRolePermissions,
  ciRoleTrust,
  ecrLifecyclePolicy,
  ecrRepositoriesHaveLifecycle,
  ecrRepositoryPolicy,
  ecrRepositorySettings,
  githubOidcProvider,
} from "../../policy/policies";
import { validateResource, validateStack } from "./harness";

const PROVIDER_ARN = githubOidcProviderArn("111122223333");
const REPO_ARN = ecrRepositoryArn("us-east-1", "111122223333", "cortex/cortex");
const TRUST = renderPolicyDocument(
  channelTrustPolicy({ providerArn: PROVIDER_ARN, org: "cortexproject", repository: "cortex", channel: "stable" }),
);
const PUSH = renderPolicyDocument(channelPushPolicy({ repositoryArns: [REPO_ARN] }));
const MUTABILITY = ecrTagMutability(DEFAULT_MODEL);
const GOOD_REPOSITORY = {
  name: "cortex/cortex",
  imageTagMutability: MUTABILITY.imageTagMutability,
  imageTagMutabilityExclusionFilters: MUTABILITY.imageTagMutabilityExclusionFilters.map((f) => ({ ...f })),
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfigurations: [{ encryptionType: "AES256" }],
  forceDelete: false,
};
const FIX_MUTABILITY =
  'use the tag scheme\'s settings (ecrTagMutability(model): imageTagMutability MUTABLE_WITH_EXCLUSION, exclusion filters "*-beta.*", "*-nightly.*", "nightly-*", "sha-*")';

describe("policy pack: AWS rules A1-A5", () => {
  describe("a1-github-oidc-provider", () => {
    it("passes GitHub's issuer with the STS audience", async () => {
      const outcome = await validateResource(githubOidcProvider, {
        type: AWS_TYPES.oidcProvider,
        name: "oidc",
        props: { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] },
      });
      assert.deepEqual(outcome, { violations: [] });
    });

    it("names another issuer and an extra audience", async () => {
      const outcome = await validateResource(githubOidcProvider, {
        type: AWS_TYPES.oidcProvider,
        name: "oidc",
        props: { url: "https://example.com", clientIdLists: ["sts.amazonaws.com", "other"] },
      });
      assert.deepEqual(outcome.violations, [
        'IAM OIDC provider "oidc": url is "https://example.com"; set url: "https://token.actions.githubusercontent.com" (GitHub Actions\' token issuer)',
        'IAM OIDC provider "oidc": clientIdLists is ["sts.amazonaws.com","other"]; set clientIdLists: ["sts.amazonaws.com"], the audience aws-actions/configure-aws-credentials requests',
      ]);
    });
  });

  describe("a2-ci-role-trust", () => {
    it("passes the channel trust policy lib/aws builds", async () => {
      assert.deepEqual(
        await validateResource(ciRoleTrust, {
          type: AWS_TYPES.role,
          name: "ci-stable",
          props: { name: "cortex-release-stable", assumeRolePolicy: TRUST },
        }),
        { violations: [] },
      );
    });

    it("reports a wildcard subject through checkIamPolicy", async () => {
      const wide = TRUST.replace("repo:cortexproject/cortex:environment:stable", "repo:cortexproject/*");
      const outcome = await validateResource(ciRoleTrust, {
        type: AWS_TYPES.role,
        name: "ci-stable",
        props: { name: "cortex-release-stable", assumeRolePolicy: wide },
      });
      assert.deepEqual(outcome.violations, [
        'IAM role "ci-stable" (cortex-release-stable): assumeRolePolicy statement GitHubActionsEnvironment: sub "repo:cortexproject/*" holds a wildcard (rule A2); build the trust policy with channelTrustPolicy() (lib/aws)',
      ]);
    });

    it("reports a trust policy that is not an IAM document", async () => {
      const outcome = await validateResource(ciRoleTrust, {
        type: AWS_TYPES.role,
        name: "r",
        props: { assumeRolePolicy: "{" },
      });
      assert.equal(outcome.violations.length, 1);
      assert.match(
        outcome.violations[0]!,
        /^IAM role "r": assumeRolePolicy is not a readable IAM policy \(policy document is not JSON: .*\); build the trust policy with channelTrustPolicy\(\) \(lib\/aws\)$/,
      );
    });
  });

  describe("a3-ci-role-permissions", () => {
    it("passes the channel push policy, inline or as a role policy", async () => {
      assert.deepEqual(
        await validateResource(ciRolePermissions, {
          type: AWS_TYPES.rolePolicy,
          props: { name: "push", policy: PUSH },
        }),
        { violations: [] },
      );
      assert.deepEqual(
        await validateResource(ciRolePermissions, {
          type: AWS_TYPES.role,
          props: { assumeRolePolicy: TRUST, inlinePolicies: [{ name: "push", policy: PUSH }] },
        }),
        { violations: [] },
      );
    });

    it("reports ecr:* on a role policy", async () => {
      const wide = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "All", Effect: "Allow", Action: "ecr:*", Resource: REPO_ARN }],
      });
      const outcome = await validateResource(ciRolePermissions, {
        type: AWS_TYPES.rolePolicy,
        name: "ci-push",
        props: { name: "push", policy: wide },
      });
      assert.deepEqual(outcome.violations, [
        'IAM role policy "ci-push" (push): policy statement All: action "ecr:*" is a wildcard (rule A3); build the policy with channelPushPolicy() (lib/aws): registry login on *, push actions on the channel\'s repository ARNs only',
      ]);
    });

    it("reports managed policies, attachments and access keys, which cannot be checked", async () => {
      const managed = await validateResource(ciRolePermissions, {
        type: AWS_TYPES.role,
        name: "ci",
        props: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
      });
      assert.deepEqual(managed.violations, [
        'IAM role "ci": managedPolicyArns attaches "arn:aws:iam::aws:policy/AdministratorAccess", whose statements this check cannot see (rule A3); remove it and grant the push permissions inline with an aws.iam.RolePolicy',
      ]);
      const attachment = await validateResource(ciRolePermissions, {
        type: AWS_TYPES.rolePolicyAttachment,
        name: "att",
        props: { role: "ci", policyArn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser" },
      });
      assert.equal(attachment.violations.length, 1);
      assert.match(
        attachment.violations[0]!,
        /^IAM role policy attachment "att": attaches "arn:aws:iam::aws:policy\/AmazonEC2ContainerRegistryPowerUser" to role "ci"/,
      );
      const key = await validateResource(ciRolePermissions, {
        type: AWS_TYPES.accessKey,
        name: "key",
        props: { user: "ci-bot" },
      });
      assert.deepEqual(key.violations, [
        'IAM access key "key": creates a long-lived key for user "ci-bot" (rule A3 allows no IAM access keys); remove it: CI assumes a channel role through GitHub\'s OIDC provider',
      ]);
    });
  });

  describe("a3-ecr-repository-policy", () => {
    it("passes the cross-account pull policy and reports a public one", async () => {
      const pull = renderPolicyDocument(crossAccountPullPolicy({ accountIds: ["444455556666"] }));
      assert.deepEqual(
        await validateResource(ecrRepositoryPolicy, {
          type: AWS_TYPES.ecrRepositoryPolicy,
          props: { repository: "cortex/cortex", policy: pull },
        }),
        { violations: [] },
      );
      const open = pull.replace('{"AWS":["arn:aws:iam::444455556666:root"]}', '"*"');
      const outcome = await validateResource(ecrRepositoryPolicy, {
        type: AWS_TYPES.ecrRepositoryPolicy,
        name: "pull",
        props: { repository: "cortex/cortex", policy: open },
      });
      assert.deepEqual(outcome.violations, [
        'ECR repository policy "pull" (cortex/cortex): policy statement CrossAccountPull: the principal must name accounts or roles, found "*" (rule A3); build the policy with crossAccountPullPolicy() (lib/aws)',
      ]);
    });
  });

  describe("a4-ecr-repository-settings", () => {
    it("passes the repository ImageRepository declares", async () => {
      assert.deepEqual(
        await validateResource(ecrRepositorySettings, { type: AWS_TYPES.ecrRepository, props: GOOD_REPOSITORY }),
        { violations: [] },
      );
    });

    it("reports mutable version tags, no scanning, no encryption and force delete", async () => {
      const outcome = await validateResource(ecrRepositorySettings, {
        type: AWS_TYPES.ecrRepository,
        name: "ecr-cortex",
        props: { name: "cortex/cortex", forceDelete: true },
      });
      assert.deepEqual(outcome.violations, [
        `ECR repository "ecr-cortex" (cortex/cortex): version and dated tags stay mutable ("1.5.0-beta.2", "1.5.0-nightly.20261128.ab12cd3", "nightly-20261128", "sha-ab12cd3000000000000000000000000000000000"), so a push could overwrite a release; ${FIX_MUTABILITY}`,
        'ECR repository "ecr-cortex" (cortex/cortex): images are not scanned on push; set imageScanningConfiguration: { scanOnPush: true }',
        'ECR repository "ecr-cortex" (cortex/cortex): encryptionConfigurations is null; set encryptionConfigurations: [{ encryptionType: "AES256" }] (or "KMS" with a key)',
        'ECR repository "ecr-cortex" (cortex/cortex): forceDelete is true, so deleting the resource deletes every pushed image; set forceDelete: false',
      ]);
    });

    it("judges by the tag scheme in its config: cortex.cpp's settings pass under cortex.cpp's scheme only", async () => {
      const settings = ecrTagMutability(compileTagScheme(cortex));
      const repository = {
        type: AWS_TYPES.ecrRepository,
        name: "r",
        props: {
          ...GOOD_REPOSITORY,
          imageTagMutabilityExclusionFilters: settings.imageTagMutabilityExclusionFilters.map((f) => ({ ...f })),
        },
      };
      assert.deepEqual(await validateResource(ecrRepositorySettings, repository, { tagScheme: cortex }), {
        violations: [],
      });
      const underDefault = await validateResource(ecrRepositorySettings, repository);
      assert.match(underDefault.violations.join("\n"), /version and dated tags stay mutable \("1\.5\.0-beta\.2"/);
      const invalid = await validateResource(ecrRepositorySettings, repository, {
        tagScheme: { ...cortex, beta: { tag: "beta", moving: [] } },
      });
      assert.match(
        invalid.violations.join("\n"),
        /^ECR repository "r" \(cortex\/cortex\): the policy config's tagScheme\.beta\.tag: .*; set it to the stack's release-infra:tagScheme/,
      );
    });

    it("reports IMMUTABLE, which freezes the moving and signature tags", async () => {
      const outcome = await validateResource(ecrRepositorySettings, {
        type: AWS_TYPES.ecrRepository,
        name: "r",
        props: { ...GOOD_REPOSITORY, imageTagMutability: "IMMUTABLE", imageTagMutabilityExclusionFilters: [] },
      });
      assert.equal(outcome.violations.length, 1);
      assert.match(
        outcome.violations[0]!,
        /^ECR repository "r" \(cortex\/cortex\): moving and signature tags become immutable \("1\.5", "1", "stable", "latest", "beta", "nightly", "sha256-0+\.sig"\)/,
      );
    });

    it("reports a filter ECR refuses: a character outside its set, or three wildcards", async () => {
      for (const filter of ["v*/x", "*.*.*"]) {
        const outcome = await validateResource(ecrRepositorySettings, {
          type: AWS_TYPES.ecrRepository,
          name: "r",
          props: { ...GOOD_REPOSITORY, imageTagMutabilityExclusionFilters: [{ filter, filterType: "WILDCARD" }] },
        });
        assert.deepEqual(outcome.violations, [
          `ECR repository "r" (cortex/cortex): imageTagMutabilityExclusionFilters[0] is {"filter":${JSON.stringify(filter)},"filterType":"WILDCARD"}; ECR takes { filter: /^[0-9a-zA-Z._*-]{1,128}$/ with at most 2 "*", filterType: "WILDCARD" }; ${FIX_MUTABILITY}`,
        ]);
      }
    });
  });

  describe("a5-ecr-lifecycle-policy", () => {
    const compiled = renderLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION, DEFAULT_MODEL));

    it("passes the compiled retention", async () => {
      assert.deepEqual(
        await validateResource(ecrLifecyclePolicy, {
          type: AWS_TYPES.ecrLifecyclePolicy,
          props: { repository: "cortex/cortex", policy: compiled },
        }),
        { violations: [] },
      );
    });

    it("reports every problem validateLifecyclePolicy finds", async () => {
      const policy = JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 0 },
            action: { type: "expire" },
          },
        ],
      });
      const outcome = await validateResource(ecrLifecyclePolicy, {
        type: AWS_TYPES.ecrLifecyclePolicy,
        name: "lc",
        props: { repository: "cortex/cortex", policy },
      });
      assert.deepEqual(outcome.violations, [
        'ECR lifecycle policy "lc" (cortex/cortex): policy.rules[0].selection.countNumber: must be a positive integer (0 is not accepted); compile the policy from the retention intent (compileLifecyclePolicy, lib/retention)',
      ]);
    });
  });

  describe("a5-every-repository-has-lifecycle-policy", () => {
    it("reports the repository without a lifecycle policy, and only it", async () => {
      const outcome = await validateStack(ecrRepositoriesHaveLifecycle, [
        { type: AWS_TYPES.ecrRepository, name: "ecr-cortex", props: { name: "cortex/cortex" } },
        {
          type: AWS_TYPES.ecrLifecyclePolicy,
          name: "ecr-cortex-lifecycle",
          props: { repository: "cortex/cortex", policy: "{}" },
        },
        { type: AWS_TYPES.ecrRepository, name: "ecr-tools", props: { name: "cortex/tools" } },
      ]);
      assert.deepEqual(outcome.violations, [
        'ECR repository "ecr-tools" (cortex/tools) has no lifecycle policy; declare an aws.ecr.LifecyclePolicy for it with the compiled retention (ImageRepository does)',
      ]);
    });
  });
});
