/**
 * The provider code Pulumi stores in state, run the way the dynamic provider
 * host runs it: loaded from its text by a plain Node.js process (no TypeScript
 * loader) in the project directory, with credentials only in the environment.
 */
import assert from "node:assert/strict";
import { evaluateProgram } from "../../../cli/plan/evaluate";
import { Team } from "../../../providers/dockerhub";
import { getEngine } from "../../support/engine";
import { runInProviderHost } from "../../support/provider-host";
import { ORG, startResourceEnv, TOKEN, type ResourceEnv } from "./env";

describe("the serialized Docker Hub provider", () => {
  let env: ResourceEnv;
  before(async () => {
    env = await startResourceEnv();
  });
  after(async () => {
    await env.close();
  });

  it("runs in a plain Node.js host against Docker Hub, reading credentials from that host's environment only", async () => {
    const { resources } = await evaluateProgram(
      getEngine(),
      () => {
        new Team("admins", { org: ORG, name: "cortex-admins", description: "Admins" });
        return {};
      },
      { config: {} },
    );
    const code = resources[0]?.rawInputs.__provider;
    assert.equal(typeof code, "string");
    const teamId = env.emulator.seedTeam(ORG, "cortex-admins", { description: "Admins" });

    const hostEnv = {
      PATH: process.env.PATH,
      DOCKERHUB_USERNAME: ORG,
      DOCKERHUB_TOKEN: TOKEN,
      DOCKERHUB_API_URL: env.emulator.url,
    };
    const [checked, read] = await runInProviderHost(
      code as string,
      [
        ["check", [{}, { org: ORG, name: "x" }]],
        ["read", ["cortex/cortex-admins", { org: ORG, name: "cortex-admins", description: "Admins" }]],
      ],
      hostEnv,
    );
    assert.match(
      (checked as { failures: { reason: string }[] }).failures[0]?.reason ?? "",
      /"x" is not a Docker Hub team name/,
    );
    assert.deepEqual(read, {
      id: "cortex/cortex-admins",
      props: { org: ORG, name: "cortex-admins", description: "Admins", teamId },
      inputs: { org: ORG, name: "cortex-admins", description: "Admins" },
    });
  });
});
