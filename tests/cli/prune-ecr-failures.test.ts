// `pruneEcr` when AWS cannot be used at all: the failures no repository gets past.
import assert from "node:assert/strict";
import type { ECRClient } from "@aws-sdk/client-ecr";
import { UserError } from "../../cli/errors";
import { pruneEcr } from "../../cli/prune/ecr";

/** An ECR client whose DescribeImages answers an empty repository, or fails as `fail` says for a repository. */
function ecr(fail: (repository: string) => Error | undefined): ECRClient {
  return {
    send: (command: { input: { repositoryName?: string } }) => {
      const error = fail(command.input.repositoryName ?? "");
      return error === undefined ? Promise.resolve({ imageDetails: [] }) : Promise.reject(error);
    },
  } as unknown as ECRClient;
}

const named = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

const run = (client: ECRClient, lines: string[] = []) =>
  pruneEcr({
    client,
    repositories: ["demo/nightly/demo", "demo/beta/demo", "demo/demo"],
    maxAgeDays: 1,
    now: new Date("2026-11-28T00:00:00Z"),
    apply: true,
    registryId: "111122223333",
    log: (line) => lines.push(line),
  });

describe("release-infra prune ecr: AWS that cannot be used", () => {
  it("no credentials: a user error naming the variables and the account, before any repository", async () => {
    const lines: string[] = [];
    await assert.rejects(
      run(
        ecr(() => named("CredentialsProviderError", "Could not load credentials from any providers")),
        lines,
      ),
      (e: unknown) =>
        e instanceof UserError &&
        e.path === "AWS credentials" &&
        /set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for account 111122223333 \(registries\.ecr\.accountId\)$/.test(
          e.message,
        ),
    );
    assert.deepEqual(lines, []);
  });

  it("credentials AWS refuses: a user error saying which to check", async () => {
    await assert.rejects(
      run(ecr(() => named("UnrecognizedClientException", "The security token included in the request is invalid."))),
      (e: unknown) =>
        e instanceof UserError && /^AWS credentials: AWS refused them \(UnrecognizedClientException/.test(e.message),
    );
  });

  it("ECR stops answering after a repository: the rest are reported not pruned, and the run fails", async () => {
    const refused = named("Error", "connect ECONNREFUSED 127.0.0.1:443", { code: "ECONNREFUSED" });
    const lines: string[] = [];
    const result = await run(
      ecr((repository) => (repository === "demo/nightly/demo" ? undefined : refused)),
      lines,
    );
    assert.deepEqual(result.problems, [
      "demo/beta/demo: not pruned: registries.ecr.region: ECR did not answer (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443); check the network, and AWS_ENDPOINT_URL_ECR or AWS_ENDPOINT_URL if one is set",
      "demo/demo: not pruned: registries.ecr.region: ECR did not answer (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443); check the network, and AWS_ENDPOINT_URL_ECR or AWS_ENDPOINT_URL if one is set",
    ]);
    assert.ok(lines.includes("problems:"));
  });

  it("an action the credentials may not call stays the problem of its repository, with the actions the prune needs", async () => {
    const result = await run(
      ecr((repository) =>
        repository === "demo/beta/demo"
          ? named("AccessDeniedException", "not authorized to ecr:DescribeImages")
          : undefined,
      ),
    );
    assert.deepEqual(result.problems, [
      "demo/beta/demo: could not list images: AccessDeniedException: not authorized to ecr:DescribeImages; the prune needs ecr:DescribeImages, ecr:BatchGetImage and ecr:BatchDeleteImage on the stack's repositories",
    ]);
  });
});
