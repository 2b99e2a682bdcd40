/*
 * Reads the AWS account as adopt compares it, with the AWS SDK v3: every ECR
 * repository of the registry (DescribeRepositories), the lifecycle policies of
 * the declared ones (GetLifecyclePolicy), GitHub's OIDC provider, and the
 * declared CI roles with their inline and attached policies.
 */
import {
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  type ECRClient,
  type Repository,
} from "@aws-sdk/client-ecr";
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  type IAMClient,
  type ListAttachedRolePoliciesCommandOutput,
  type ListRolePoliciesCommandOutput,
} from "@aws-sdk/client-iam";
import type { ExistingAws } from "../../lib/adopt";
import { GITHUB_OIDC_HOST } from "../../lib/aws/github-oidc";
import { AdoptError, networkReason } from "./errors";

/** What the readers need to know of the stack. */
export interface AwsScope {
  readonly accountId: string;
  readonly region: string;
  /** ECR repositories the stack declares: their lifecycle policies are read. */
  readonly repositories: readonly string[];
  /** IAM roles the stack declares. */
  readonly roles: readonly string[];
}

export interface AwsClients {
  readonly ecr: ECRClient;
  readonly iam: IAMClient;
}

/** IAM returns policy documents URL-encoded (RFC 3986), moto and the docs alike. */
function policyText(document: string | undefined): string {
  if (document === undefined) return "";
  try {
    JSON.parse(document);
    return document;
  } catch {
    return decodeURIComponent(document);
  }
}

const named = (err: unknown, ...names: string[]) => err instanceof Error && names.includes(err.name);

/** An SDK failure as the user's to fix: no credentials, unreachable, or refused. */
function explain(error: unknown, scope: AwsScope): never {
  if (error instanceof AdoptError) throw error;
  if (named(error, "CredentialsProviderError"))
    throw new AdoptError(
      `no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for account ${scope.accountId} (registries.ecr.accountId)`,
      { cause: error },
    );
  const reason = networkReason(error);
  if (reason !== undefined)
    throw new AdoptError(`cannot reach AWS in ${scope.region} (${reason}): check the network`, { cause: error });
  if (error instanceof Error)
    throw new AdoptError(`AWS refused a read: ${error.name}: ${error.message}`, { cause: error });
  throw error;
}

async function describeRepositories(ecr: ECRClient, registryId: string): Promise<Repository[]> {
  const out: Repository[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecr.send(new DescribeRepositoriesCommand({ registryId, nextToken }));
    out.push(...(page.repositories ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

async function lifecyclePolicy(ecr: ECRClient, registryId: string, repositoryName: string): Promise<string | null> {
  try {
    const answer = await ecr.send(new GetLifecyclePolicyCommand({ registryId, repositoryName }));
    return answer.lifecyclePolicyText ?? null;
  } catch (err) {
    if (named(err, "LifecyclePolicyNotFoundException")) return null;
    throw err;
  }
}

async function readOidcProvider(iam: IAMClient): Promise<ExistingAws["oidcProvider"]> {
  const { OpenIDConnectProviderList = [] } = await iam.send(new ListOpenIDConnectProvidersCommand({}));
  const arn = OpenIDConnectProviderList.map((p) => p.Arn ?? "").find((a) =>
    a.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`),
  );
  if (arn === undefined) return null;
  const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  return {
    arn,
    url: provider.Url ?? GITHUB_OIDC_HOST,
    clientIds: provider.ClientIDList ?? [],
    thumbprints: provider.ThumbprintList ?? [],
  };
}

async function readRole(iam: IAMClient, RoleName: string): Promise<ExistingAws["roles"][number] | undefined> {
  let role;
  try {
    ({ Role: role } = await iam.send(new GetRoleCommand({ RoleName })));
  } catch (err) {
    if (named(err, "NoSuchEntityException", "NoSuchEntity")) return undefined;
    throw err;
  }
  if (role === undefined) return undefined;
  const inline: string[] = [];
  let marker: string | undefined;
  do {
    const page: ListRolePoliciesCommandOutput = await iam.send(
      new ListRolePoliciesCommand({ RoleName, Marker: marker }),
    );
    inline.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated === true ? page.Marker : undefined;
  } while (marker !== undefined);
  const inlinePolicies = [];
  for (const PolicyName of inline) {
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
    inlinePolicies.push({ name: PolicyName, document: policyText(policy.PolicyDocument) });
  }
  const attached: string[] = [];
  do {
    const page: ListAttachedRolePoliciesCommandOutput = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName, Marker: marker }),
    );
    attached.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ""));
    marker = page.IsTruncated === true ? page.Marker : undefined;
  } while (marker !== undefined);
  return {
    name: role.RoleName ?? RoleName,
    arn: role.Arn ?? "",
    description: role.Description ?? "",
    maxSessionDuration: role.MaxSessionDuration ?? 3600,
    assumeRolePolicy: policyText(role.AssumeRolePolicyDocument),
    inlinePolicies,
    attachedPolicies: attached,
  };
}

/** Reads the account's registry and the declared roles. */
export async function readAws(clients: AwsClients, scope: AwsScope): Promise<ExistingAws> {
  try {
    const declared = new Set(scope.repositories);
    const repositories = [];
    for (const repo of await describeRepositories(clients.ecr, scope.accountId)) {
      const name = repo.repositoryName ?? "";
      repositories.push({
        name,
        imageTagMutability: repo.imageTagMutability ?? "MUTABLE",
        exclusionFilters: (repo.imageTagMutabilityExclusionFilters ?? []).map((f) => ({
          filter: f.filter ?? "",
          filterType: f.filterType ?? "WILDCARD",
        })),
        scanOnPush: repo.imageScanningConfiguration?.scanOnPush === true,
        encryptionType: repo.encryptionConfiguration?.encryptionType ?? "AES256",
        ...(declared.has(name) ? { lifecyclePolicy: await lifecyclePolicy(clients.ecr, scope.accountId, name) } : {}),
      });
    }
    const oidcProvider = await readOidcProvider(clients.iam);
    const roles = [];
    for (const name of scope.roles) {
      const role = await readRole(clients.iam, name);
      if (role !== undefined) roles.push(role);
    }
    return { accountId: scope.accountId, region: scope.region, repositories, oidcProvider, roles };
  } catch (error) {
    explain(error, scope);
  }
}
