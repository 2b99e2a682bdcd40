/**
 * adopt's GitHub reader against recorded REST answers (fixtures/github,
 * shaped as GitHub documents them) served by a local server.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { AdoptError } from "../../../cli/adopt/errors";
import { GitHubApi, nextLink } from "../../../cli/adopt/github-api";
import { readGitHub } from "../../../cli/adopt/read-github";
import { GITHUB_TEST_TOKEN, startGitHubServer, type GitHubServer } from "./github-server";

describe("adopt: reading GitHub (recorded REST answers)", () => {
  let server: GitHubServer;
  before(async () => {
    server = await startGitHubServer();
  });
  after(async () => {
    await server.close();
  });

  it("reads members by role across pages, teams with their members, repository teams, environments and rulesets", async () => {
    const api = new GitHubApi({ token: GITHUB_TEST_TOKEN, baseUrl: server.url });
    const gh = await readGitHub(api, "demo-org", "demo");
    assert.deepEqual(gh.members, [
      { login: "ada", role: "admin" },
      { login: "brian", role: "member" },
      { login: "cleo", role: "member" },
      { login: "zoe", role: "member" },
    ]);
    assert.deepEqual(
      gh.teams.find((t) => t.slug === "demo-admins"),
      {
        id: 101,
        slug: "demo-admins",
        name: "demo-admins",
        description: "Admins of the demo project",
        privacy: "closed",
        members: [
          { login: "ada", role: "maintainer" },
          { login: "brian", role: "member" },
          { login: "zoe", role: "member" },
        ],
      },
    );
    assert.deepEqual(gh.teamRepositories, [
      { team: "demo-admins", permission: "admin" },
      { team: "website", permission: "push" },
    ]);
    const stable = gh.environments.find((e) => e.name === "stable");
    assert.deepEqual(stable, {
      name: "stable",
      canAdminsBypass: true,
      preventSelfReview: true,
      waitTimer: 0,
      reviewers: [{ type: "Team", id: 103, name: "demo-release-managers" }],
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      policies: [
        { name: "v[0-9].[0-9].[0-9]", type: "tag" },
        { name: "main", type: "branch" },
      ],
      variables: [
        { name: "AWS_ROLE_ARN", value: "arn:aws:iam::123456789012:role/demo-release-stable" },
        { name: "OLD_REGISTRY", value: "quay.io/demo" },
      ],
    });
    // No custom policies, so their list is not requested (GitHub has none to give).
    assert.ok(!server.requests.some((r) => r.includes("github-pages/deployment-branch-policies")));
    assert.deepEqual(
      gh.rulesets.map((r) => [r.name, r.sourceType, r.rules.map((rule) => rule.type).join(",")]),
      [
        [
          "main: reviewed changes only",
          "Repository",
          "deletion,non_fast_forward,required_linear_history,pull_request,required_status_checks",
        ],
        ["org baseline", "Organization", "deletion"],
      ],
    );
    assert.equal(api.requests, server.requests.length);
    assert.ok(server.requests.includes("/orgs/demo-org/members?role=member&per_page=100&page=2"));
  });

  it("a refused token is a user error that names GITHUB_TOKEN and the scopes it needs", async () => {
    const api = new GitHubApi({ token: "ghp_wrong", baseUrl: server.url });
    await assert.rejects(
      () => readGitHub(api, "demo-org", "demo"),
      (err: unknown) =>
        err instanceof AdoptError &&
        /answered GET \/orgs\/demo-org\/members\?role=admin&per_page=100 with 401 \(Bad credentials\): GITHUB_TOKEN was refused; set it to a token with the read:org and repo scopes/.test(
          err.message,
        ),
    );
  });

  it("an organization the token cannot see is a 404 that says so", async () => {
    const api = new GitHubApi({ token: GITHUB_TEST_TOKEN, baseUrl: server.url });
    await assert.rejects(
      () => readGitHub(api, "other-org", "demo"),
      /with 404 \(Not Found\): the organization or repository does not exist, or GITHUB_TOKEN cannot see it/,
    );
  });

  it("an API that does not answer is named, with GITHUB_API_URL", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const api = new GitHubApi({ token: GITHUB_TEST_TOKEN, baseUrl: `http://127.0.0.1:${port}` });
    await assert.rejects(
      () => readGitHub(api, "demo-org", "demo"),
      new RegExp(
        `cannot reach the GitHub API at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): check the network, or GITHUB_API_URL`,
      ),
    );
  });

  it("follows only rel=next of a Link header", () => {
    assert.equal(
      nextLink('<https://api.github.com/x?page=3>; rel="last", <https://api.github.com/x?page=2>; rel="next"'),
      "https://api.github.com/x?page=2",
    );
    assert.equal(nextLink('<https://api.github.com/x?page=1>; rel="prev"'), undefined);
    assert.equal(nextLink(null), undefined);
  });
});
