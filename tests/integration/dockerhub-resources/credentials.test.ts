/*
 * The Docker Hub resources refuse, in `check` (so in `pulumi preview`, before
 * any write), a credential in the environment that cannot do their job, and
 * do their job with the credentials the README prescribes.
 */
import assert from "node:assert/strict";
import { repositoryProvider, teamProvider } from "../../../providers/dockerhub";
import { checked, ORG, OWNER_TOKEN, startResourceEnv, TOKEN, type ResourceEnv } from "./env";

type Bag = Record<string, unknown>;

async function failures(provider: typeof repositoryProvider, news: Bag): Promise<string[]> {
  const result = await provider.check!({}, news);
  return (result.failures ?? []).map((f) => f.reason);
}

const REPOSITORY = { namespace: ORG, name: "cortex", isPrivate: false, description: "d", immutableTagRules: [] };
const TEAM = { org: ORG, name: "cortex-maintainers", description: "" };

describe("Docker Hub resources: the credential they need", () => {
  let env: ResourceEnv;
  beforeEach(async () => {
    env = await startResourceEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  it("pass check with the prescribed pair: the organization's token and an owner's personal access token", async () => {
    assert.deepEqual(await failures(repositoryProvider, REPOSITORY), []);
    assert.deepEqual(await failures(teamProvider, TEAM), []);
  });

  it("with the organization's token alone, refuse a repository: its overview has only an undocumented route OATs may not call", async () => {
    delete process.env.DOCKERHUB_USERNAME;
    delete process.env.DOCKERHUB_TOKEN;
    const reasons = await failures(repositoryProvider, REPOSITORY);
    assert.ok(
      reasons.some((r) => /needs repository\.update, .*: it needs a personal access token of level repo:admin/.test(r)),
      reasons.join("\n"),
    );
    assert.deepEqual(await failures(teamProvider, TEAM), []);
  });

  it("with a personal access token alone, refuse a team: PATs are refused on the organization routes", async () => {
    delete process.env.DOCKERHUB_ORG;
    delete process.env.DOCKERHUB_ORG_TOKEN;
    const reasons = await failures(teamProvider, TEAM);
    assert.ok(
      reasons.some((r) => /needs teams\.create, .*organization access token with scope-group-edit/.test(r)),
      reasons.join("\n"),
    );
  });

  it("name a half-set pair and nothing set at all", async () => {
    delete process.env.DOCKERHUB_ORG_TOKEN;
    assert.ok((await failures(teamProvider, TEAM)).some((r) => /DOCKERHUB_ORG_TOKEN is not set/.test(r)));
    for (const name of ["DOCKERHUB_ORG", "DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN"])
      Reflect.deleteProperty(process.env, name);
    assert.ok((await failures(teamProvider, TEAM)).some((r) => /set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN/.test(r)));
  });

  it("reach Docker Hub with the prescribed pair: a team with the organization's token", async () => {
    assert.ok(OWNER_TOKEN.startsWith("dckr_pat_") && TOKEN.startsWith("dckr_oat_"));
    await teamProvider.create(await checked(teamProvider, TEAM));
    assert.ok(env.emulator.team(ORG, "cortex-maintainers") !== undefined);
  });
});
