import assert from "node:assert/strict";
import { channelTrustPolicy, parsePolicyDocument, renderPolicyDocument } from "../../../lib/aws";
import { PROVIDER_ARN } from "./fixtures";

describe("aws: policy document parser", () => {
  const trust = channelTrustPolicy({
    providerArn: PROVIDER_ARN,
    org: "cortexproject",
    repository: "cortex",
    channel: "beta",
    orgId: 1,
    repositoryId: 2,
  });

  it("reads back what the builders render", () => {
    assert.deepEqual(parsePolicyDocument(renderPolicyDocument(trust)), trust);
  });

  it("decodes the URL-encoded text IAM returns", () => {
    assert.deepEqual(parsePolicyDocument(encodeURIComponent(renderPolicyDocument(trust))), trust);
  });

  it("accepts a single statement object and makes it a list", () => {
    const doc = parsePolicyDocument(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:PutImage","Resource":"*"}}',
    );
    assert.deepEqual(doc.Statement, [{ Effect: "Allow", Action: "ecr:PutImage", Resource: "*" }]);
  });

  it("refuses text that is not a policy, naming the problem", () => {
    assert.throws(() => parsePolicyDocument("{not json"), /not JSON/);
    assert.throws(() => parsePolicyDocument('{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}'), /Effect/);
    assert.throws(
      () => parsePolicyDocument('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Acton":"x"}]}'),
      /Acton/,
    );
  });
});
