import assert from "node:assert/strict";
import { evaluateProgram } from "../../cli/plan/evaluate";
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { Organization } from "../../components/dockerhub/organization";
import { dockerHubImmutableTagRules } from "../../lib/channels/mutability";
import { DEFAULT_MODEL } from "../support/tag-schemes";
import { parseConfigObject } from "../../lib/config/load";
import { planDockerHub, type DockerHubPlan } from "../../lib/dockerhub/plan";
import { getEngine } from "../support/engine";
import { baseConfig } from "../support/program";

const ORG_URN = "urn:pulumi:test::release-infra::release:dockerhub:Organization::demo-hub";
const T = {
  team: "pulumi-nodejs:dynamic/dockerhub:Team",
  members: "pulumi-nodejs:dynamic/dockerhub:TeamMembers",
  repository: "pulumi-nodejs:dynamic/dockerhub:Repository",
  permission: "pulumi-nodejs:dynamic/dockerhub:RepositoryTeamPermission",
};

function plan(): DockerHubPlan {
  const fixture = baseConfig();
  fixture.images = [{ name: "demo", description: "The demo server", readme: "docs/demo.md" }, { name: "demo-tool" }];
  const loaded = parseConfigObject(fixture);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return planDockerHub(loaded.config, { demo: "# Demo\n" });
}

async function construct(allowRepositoryDeletion?: boolean): Promise<readonly RecordedResource[]> {
  const { resources } = await evaluateProgram(
    getEngine(),
    () => {
      new Organization("demo-hub", {
        plan: plan(),
        ...(allowRepositoryDeletion === undefined ? {} : { allowRepositoryDeletion }),
      });
      return {};
    },
    { config: {} },
  );
  return resources;
}

/** Inputs without the serialized provider code. */
function inputsOf(r: RecordedResource | undefined): Record<string, unknown> | undefined {
  if (r === undefined) return undefined;
  const { __provider, ...rest } = r.inputs;
  assert.equal(typeof __provider, "string");
  return rest;
}

const named = (resources: readonly RecordedResource[], type: string) =>
  new Map(resources.filter((r) => r.type === type).map((r) => [r.name, r]));

describe("Docker Hub Organization under the recording engine", () => {
  it("registers exactly one team and member list per role, one repository per image and a permission per pair", async () => {
    const resources = await construct();
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    assert.deepEqual(counts, {
      "release:dockerhub:Organization": 1,
      [T.team]: 4,
      [T.members]: 4,
      [T.repository]: 2,
      [T.permission]: 8,
    });
    for (const r of resources)
      if (r.type !== "release:dockerhub:Organization") assert.equal(r.parentUrn, ORG_URN, r.name);
  });

  it("names children by role and image, with the plan's inputs", async () => {
    const resources = await construct();
    const teams = named(resources, T.team);
    assert.deepEqual(
      [...teams.keys()],
      ["demo-hub-team-admin", "demo-hub-team-release-manager", "demo-hub-team-maintainer", "demo-hub-team-triager"],
    );
    assert.deepEqual(inputsOf(teams.get("demo-hub-team-release-manager")), {
      org: "demoorg",
      name: "demo-release-managers",
      description:
        "Demo release-managers: Cuts beta and stable releases (pushes v* tags), approves stable deployments, runs rollbacks. Managed by release-infra.",
    });

    const members = named(resources, T.members);
    assert.deepEqual(inputsOf(members.get("demo-hub-members-admin")), {
      org: "demoorg",
      team: "demo-admins",
      members: ["ada0", "brian0"],
    });
    // Registered even when nobody in the role has a Docker ID: the list is authoritative.
    assert.deepEqual(inputsOf(members.get("demo-hub-members-maintainer")), {
      org: "demoorg",
      team: "demo-maintainers",
      members: [],
    });

    const repos = named(resources, T.repository);
    assert.deepEqual(inputsOf(repos.get("demo-hub-repo-demo")), {
      namespace: "demoorg",
      name: "demo",
      description: "The demo server",
      fullDescription: "# Demo\n",
      isPrivate: false,
      immutableTagRules: dockerHubImmutableTagRules(DEFAULT_MODEL),
      allowDelete: false,
    });
    assert.equal("fullDescription" in (inputsOf(repos.get("demo-hub-repo-demo-tool")) ?? {}), false);

    const permissions = named(resources, T.permission);
    assert.deepEqual(
      [...permissions.values()]
        .filter((r) => r.inputs.repository === "demo")
        .map((r) => [r.name, r.inputs.team, r.inputs.permission]),
      [
        ["demo-hub-permission-demo-admin", "demo-admins", "read"],
        ["demo-hub-permission-demo-release-manager", "demo-release-managers", "admin"],
        ["demo-hub-permission-demo-maintainer", "demo-maintainers", "write"],
        ["demo-hub-permission-demo-triager", "demo-triagers", "read"],
      ],
    );
    const teamUrn = teams.get("demo-hub-team-maintainer")?.urn ?? "";
    const repoUrn = repos.get("demo-hub-repo-demo")?.urn ?? "";
    assert.deepEqual(
      permissions.get("demo-hub-permission-demo-maintainer")?.options.dependsOn,
      [repoUrn, teamUrn].sort(),
    );
  });

  it("retains repositories on delete by default and only lets them go when deletion is allowed", async () => {
    const guarded = await construct();
    for (const r of guarded) assert.equal(r.options.retainOnDelete, r.type === T.repository, r.name);
    const allowed = named(await construct(true), T.repository).get("demo-hub-repo-demo");
    assert.ok(allowed);
    assert.equal(allowed.options.retainOnDelete, false);
    assert.equal(allowed.inputs.allowDelete, true);
  });

  it("stores only a small forwarding provider in state: no client code, no machine path, no credential", async () => {
    const resources = await construct();
    const dynamic = resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/"));
    // One provider closure per resource kind, however many resources use it.
    const kinds = new Set(dynamic.map((r) => r.type));
    assert.equal(new Set(dynamic.map((r) => r.rawInputs.__provider)).size, kinds.size);
    for (const r of dynamic) {
      const code = r.rawInputs.__provider as string;
      assert.ok(code.length < 4000, `${r.name}: ${code.length} characters`);
      assert.match(code, /providers\/dockerhub\/operations\.ts/);
      assert.doesNotMatch(code, /DockerHubClient|DOCKERHUB_TOKEN|dckr_/);
      assert.equal(code.includes(process.cwd()), false);
    }
  });
});
