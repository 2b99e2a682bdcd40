import { ecrRepositoryArn, githubOidcProviderArn, type PolicyDocument, type PolicyStatement } from "../../../lib/aws";

/** Small, fixed inputs shared by the AWS policy specs. */
export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
export const PROVIDER_ARN = githubOidcProviderArn(ACCOUNT);
export const REPO_ARNS = [
  ecrRepositoryArn(REGION, ACCOUNT, "cortex/cortex"),
  ecrRepositoryArn(REGION, ACCOUNT, "cortex/cortex-tools"),
];
export const SUB_KEY = "token.actions.githubusercontent.com:sub";
export const AUD_KEY = "token.actions.githubusercontent.com:aud";

/** `doc` with statement `index` changed by `patch` (a bad variant of a good document). */
export function patchStatement(doc: PolicyDocument, patch: Partial<PolicyStatement>, index = 0): PolicyDocument {
  return { ...doc, Statement: doc.Statement.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

/** `doc` with one more statement. */
export function addStatement(doc: PolicyDocument, statement: PolicyStatement): PolicyDocument {
  return { ...doc, Statement: [...doc.Statement, statement] };
}
