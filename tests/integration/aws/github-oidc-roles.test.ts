/*
 * The GitHub OIDC provider and the per-channel CI roles, against moto's
 * emulator through the real AWS SDK v3 IAM client.
 *
 * What moto 5.2.1 does NOT enforce, so this suite cannot prove it:
 * - Trust policies are stored without any validation (even `{}` is accepted):
 *   their correctness rests on the unit tests and checkIamPolicy. Real IAM
 *   rejects malformed trust policies and unknown principals.
 * - Permission policies are validated for grammar only (Version, Effect,
 *   Action/Resource present and well-formed); action names are not checked
 *   against the service's actions (`ecr:Foo` is accepted), and nothing is ever
 *   authorized, so no request is actually allowed or denied by these roles.
 * - `sts:AssumeRoleWithWebIdentity` does not verify the token's signature,
 *   issuer, audience or subject against the provider and the trust policy.
 * - The OIDC provider does not fetch GitHub's discovery document or keys;
 *   like current IAM it accepts a provider without thumbprints.
 */
import assert from "node:assert/strict";
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import {
  channelPushPolicy,
  channelTrustPolicy,
  checkIamPolicy,
  ecrRepositoryArn,
  githubOidcProviderArn,
  githubOidcProviderSpec,
  parsePolicyDocument,
  renderPolicyDocument,
  type PolicyDocument,
} from "../../../lib/aws";
import { CHANNELS } from "../../../lib/channels";
import { sharedMoto, type MotoServer } from "../../support/moto";

// moto's documented default account id (MOTO_ACCOUNT_ID overrides it).
const ACCOUNT = process.env.MOTO_ACCOUNT_ID ?? "123456789012";
const REGION = "us-east-1";

describe("aws integration: GitHub OIDC provider and channel roles (moto)", function () {
  this.timeout(30_000);
  let moto: MotoServer;
  let iam: IAMClient;

  before(async () => {
    moto = await sharedMoto();
    iam = new IAMClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    });
  });

  after(async () => {
    iam.destroy();
    await moto.stop();
  });

  const roleDocuments = (channel: string): { trust: PolicyDocument; push: PolicyDocument } => ({
    trust: channelTrustPolicy({
      providerArn: githubOidcProviderArn(ACCOUNT),
      org: "cortexproject",
      repository: "cortex",
      channel,
      orgId: 4242,
      repositoryId: 424242,
    }),
    push: channelPushPolicy({
      repositoryArns: [
        ecrRepositoryArn(REGION, ACCOUNT, "cortex/cortex"),
        ecrRepositoryArn(REGION, ACCOUNT, `cortex/${channel}-cache`),
      ],
    }),
  });

  it("creates the provider without thumbprints, under the ARN the trust policies name", async () => {
    const spec = githubOidcProviderSpec();
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: spec.url, ClientIDList: [...spec.clientIdLists] }),
    );
    assert.equal(created.OpenIDConnectProviderArn, githubOidcProviderArn(ACCOUNT));
    const provider = await iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }),
    );
    assert.deepEqual(provider.ClientIDList, ["sts.amazonaws.com"]);
    // IAM reports the URL without its scheme.
    assert.equal(provider.Url, "token.actions.githubusercontent.com");
  });

  for (const channel of CHANNELS) {
    it(`creates the ${channel} role with its trust and inline push policies, which read back equal and pass the checker`, async () => {
      const { trust, push } = roleDocuments(channel);
      const roleName = `cortex-ci-${channel}`;
      await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: renderPolicyDocument(trust),
          MaxSessionDuration: 3600,
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: roleName,
          PolicyName: "push",
          PolicyDocument: renderPolicyDocument(push),
        }),
      );

      const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
      const trustBack = parsePolicyDocument(role.Role?.AssumeRolePolicyDocument ?? "");
      assert.deepEqual(trustBack, trust);
      assert.deepEqual(checkIamPolicy(trustBack, "trust"), []);

      const inline = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: "push" }));
      const pushBack = parsePolicyDocument(inline.PolicyDocument ?? "");
      assert.deepEqual(pushBack, push);
      assert.deepEqual(checkIamPolicy(pushBack, "permissions"), []);
    });
  }

  it("validates permission policies, so the acceptance above means something: a push statement without Resource is refused", async () => {
    const { push } = roleDocuments("stable");
    const broken: PolicyDocument = {
      ...push,
      Statement: push.Statement.map(({ Resource: _resource, ...rest }) => rest),
    };
    await assert.rejects(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: "cortex-ci-stable",
          PolicyName: "broken",
          PolicyDocument: renderPolicyDocument(broken),
        }),
      ),
      (error: unknown) => error instanceof Error && error.name === "MalformedPolicyDocumentException",
    );
  });
});
