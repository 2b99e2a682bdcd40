/*
 * The pack as a whole: its type tokens match the SDKs, every policy passes the
 * real prod plan, and the pack starts and answers the way the Pulumi CLI runs it.
 */
import assert from "node:assert/strict";
import { parseConfigMap } from "../../lib/config/load";
import { policyPackConfig } from "../../policy/config";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as aws from "@pulumi/aws";
import * as github from "@pulumi/github";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzerResourceOptions,
  type AnalyzeResponse,
  type AnalyzerInfo,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { PlanDocument } from "../../lib/plan/model";
import { parseStackFile } from "../../lib/plan/stack-config";
import { evaluateProgram } from "../../cli/plan/evaluate";
import { releaseProgram } from "../../components/program";
import { getEngine } from "../support/engine";
import { UNKNOWN } from "../../providers/dockerhub/inputs";
import { AWS_TYPES, policies } from "../../policy/policies";
import { GITHUB_TYPES } from "../../policy/github-types";
import { channelTagExamples } from "../../policy/tag-examples";
import { TAG_SCHEMES } from "../support/tag-schemes";
import { compileTagScheme } from "../../lib/channels/model";
import { isResourcePolicy, typeOf, validateResource, validateStack, type Outcome, type TestResource } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The prod stack evaluated by the real program under the recording engine, as a
 * plan document (the same masking `release-infra plan` applies), optionally
 * with extra secret config.
 */
function prodStack() {
  return parseStackFile(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"), "Pulumi.prod.yaml");
}

/**
 * The policy config a preview of the prod stack passes (`--policy-pack-config`):
 * the stack's tag scheme for the policies that judge tags.
 */
let prodPackConfig: Record<string, object> | undefined;
function prodPolicyConfig(policy: string): object {
  if (prodPackConfig === undefined) {
    const loaded = parseConfigMap(prodStack().config, prodStack().secretKeys);
    if (!loaded.ok) throw new Error("Pulumi.prod.yaml is invalid");
    // What `release-infra policy-config --stack prod` writes.
    prodPackConfig = policyPackConfig(loaded.config.tagScheme);
  }
  return prodPackConfig[policy] ?? {};
}

async function plan(secrets: Record<string, string> = {}): Promise<PlanDocument> {
  const { config, secretKeys } = prodStack();
  for (const [key, value] of Object.entries(secrets)) {
    config[`release-infra:${key}`] = value;
    secretKeys.push(`release-infra:${key}`);
  }
  const evaluation = await evaluateProgram(getEngine(), releaseProgram, { config, secretKeys });
  return {
    project: "release-infra",
    stack: "prod",
    outputs: {},
    resources: evaluation.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      inputs: r.inputs,
      read: r.read,
      custom: r.custom,
      protect: r.options.protect,
    })),
  };
}

/**
 * A plan resource as the engine hands it to a policy: internal `__` keys
 * dropped (the engine skips them), and a secret the plan masks as "[secret]"
 * is a value the plan does not know, so it becomes the SDK's unknown marker.
 */
function asPolicyInput(resource: PlanDocument["resources"][number]): TestResource {
  const unmask = (value: unknown): unknown => {
    if (value === "[secret]") return UNKNOWN;
    if (Array.isArray(value)) return value.map(unmask);
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmask(v)]));
    return value;
  };
  const props = Object.fromEntries(
    Object.entries(resource.inputs)
      .filter(([key]) => !key.startsWith("__"))
      .map(([k, v]) => [k, unmask(v)]),
  );
  return { type: resource.type, name: resource.name, props, protect: resource.protect === true };
}

/** Every policy over every resource of a plan: the violations, and the (policy, resource) pairs that met an unknown value. */
async function runPack(doc: PlanDocument): Promise<{ violations: string[]; unknown: string[] }> {
  const resources = doc.resources.map(asPolicyInput);
  const violations: string[] = [];
  const unknown: string[] = [];
  const record = (policy: string, resource: string, outcome: Outcome) => {
    violations.push(...outcome.violations.map((v) => `${policy}: ${v}`));
    if (outcome.unknown !== undefined) unknown.push(`${policy} ${resource}`);
  };
  for (const policy of policies) {
    if (isResourcePolicy(policy)) {
      for (const resource of resources)
        record(
          policy.name,
          resource.name ?? "",
          await validateResource(policy, resource, prodPolicyConfig(policy.name)),
        );
    } else {
      record(policy.name, "(stack)", await validateStack(policy, resources, prodPolicyConfig(policy.name)));
    }
  }
  return { violations, unknown };
}

describe("policy pack: the pack", function () {
  this.timeout(60_000);

  it("names resource types exactly as the provider SDKs register them", () => {
    const sdk: Record<string, unknown> = {
      oidcProvider: aws.iam.OpenIdConnectProvider,
      role: aws.iam.Role,
      rolePolicy: aws.iam.RolePolicy,
      rolePolicyAttachment: aws.iam.RolePolicyAttachment,
      managedPolicy: aws.iam.Policy,
      accessKey: aws.iam.AccessKey,
      ecrRepository: aws.ecr.Repository,
      ecrLifecyclePolicy: aws.ecr.LifecyclePolicy,
      ecrRepositoryPolicy: aws.ecr.RepositoryPolicy,
      ruleset: github.RepositoryRuleset,
      workflowPermissions: github.WorkflowRepositoryPermissions,
      environment: github.RepositoryEnvironment,
      deploymentPolicy: github.RepositoryEnvironmentDeploymentPolicy,
      environmentSecret: github.ActionsEnvironmentSecret,
      environmentVariable: github.ActionsEnvironmentVariable,
      repositorySecret: github.ActionsSecret,
      repositoryVariable: github.ActionsVariable,
      organizationSecret: github.ActionsOrganizationSecret,
      organizationVariable: github.ActionsOrganizationVariable,
      repository: github.Repository,
    };
    for (const [key, type] of Object.entries({ ...AWS_TYPES, ...GITHUB_TYPES }))
      assert.equal(type, typeOf(sdk[key]), key);
  });

  it("tests registries against tag examples each scheme's model classifies as it says", () => {
    for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
      const model = compileTagScheme(scheme);
      const examples = channelTagExamples(model);
      for (const tag of examples.immutable) assert.equal(model.classify(tag).kind, "immutable", `${name}: ${tag}`);
      for (const tag of examples.mutable)
        assert.ok(["moving", "signature"].includes(model.classify(tag).kind), `${name}: ${tag}`);
      assert.equal(model.classify(examples.signature).kind, "signature");
      assert.ok(examples.immutable.includes(examples.release), name);
    }
  });

  it("has unique policy names, every one mandatory", () => {
    assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
    assert.deepEqual(
      policies.filter((p) => p.enforcementLevel !== "mandatory").map((p) => p.name),
      [],
    );
  });

  describe("over the real plans", () => {
    let prod: PlanDocument;
    let withToken: PlanDocument;

    before(async () => {
      // The prod stack manages no Docker Hub token; with one, the environment secrets appear.
      prod = await plan();
      withToken = await plan({ dockerhubToken: "dckr_oat_not-a-real-token" });
    });

    it("finds no violation in the prod plan", async () => {
      assert.ok(prod.resources.some((r) => r.type === AWS_TYPES.ecrRepository));
      assert.deepEqual(await runPack(prod), { violations: [], unknown: [] });
    });

    it("finds no violation once the Docker Hub token is managed; its masked value stays unread", async () => {
      const secrets = withToken.resources
        .filter((r) => r.type === GITHUB_TYPES.environmentSecret)
        .map((r) => r.name)
        .sort();
      assert.deepEqual(secrets, [
        "cortex-repository-beta-secret-DOCKERHUB_TOKEN",
        "cortex-repository-nightly-secret-DOCKERHUB_TOKEN",
        "cortex-repository-stable-secret-DOCKERHUB_TOKEN",
      ]);
      const outcome = await runPack(withToken);
      assert.deepEqual(
        { ...outcome, unknown: [...outcome.unknown].sort() },
        { violations: [], unknown: secrets.map((name) => `d1-dockerhub-ci-token ${name}`) },
      );
    });
  });

  describe("run as the Pulumi CLI runs it", () => {
    const policyDir = path.join(ROOT, "policy");
    let child: ReturnType<typeof spawn> | undefined;
    let client: AnalyzerClient;

    before(async () => {
      // What the CLI's `pulumi-analyzer-policy` shim does: resolve run-policy-pack
      // from the pack's directory and run it on "." there.
      const runPolicyPack = execFileSync(
        process.execPath,
        ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))"],
        { cwd: policyDir },
      )
        .toString()
        .trim();
      const started = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], { cwd: policyDir });
      child = started;
      const port = await new Promise<string>((resolve, reject) => {
        let stderr = "";
        started.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
        });
        started.stdout.once("data", (d: Buffer) => {
          resolve(d.toString().trim());
        });
        started.on("close", (status) => {
          reject(new Error(`the pack exited ${status}: ${stderr}`));
        });
      });
      client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
      client.close();
      child?.kill();
    });

    it("serves every policy as mandatory", async () => {
      const info = await new Promise<AnalyzerInfo>((resolve, reject) =>
        client.getAnalyzerInfo(new Empty(), (e, v) => {
          if (e) reject(e);
          else resolve(v);
        }),
      );
      assert.equal(info.getName(), "release-infra");
      const served = info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]);
      // EnforcementLevel.MANDATORY in the analyzer protocol.
      assert.deepEqual(
        served,
        policies.map((p) => [p.name, 1]),
      );
    });

    it("reports what the policies report in process, for an unprotected ECR repository that overwrites releases", async () => {
      const resource: TestResource = {
        type: AWS_TYPES.ecrRepository,
        name: "ecr-bad",
        props: {
          name: "cortex/bad",
          imageTagMutability: "MUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "AES256" }],
        },
      };
      const request = new AnalyzeRequest();
      request.setType(resource.type);
      request.setName("ecr-bad");
      request.setUrn(`urn:pulumi:prod::release-infra::${resource.type}::ecr-bad`);
      request.setProperties(Struct.fromJavaScript(resource.props as Parameters<typeof Struct.fromJavaScript>[0]));
      request.setOptions(new AnalyzerResourceOptions());
      const response = await new Promise<AnalyzeResponse>((resolve, reject) =>
        client.analyze(request, (e, v) => {
          if (e) reject(e);
          else resolve(v);
        }),
      );
      // The server prefixes each message with the policy's description and a newline.
      const served = response
        .getDiagnosticsList()
        .map((d) => [d.getPolicyname(), d.getMessage().slice(d.getMessage().indexOf("\n") + 1)]);
      const expected: string[][] = [];
      for (const policy of policies.filter(isResourcePolicy)) {
        for (const message of (await validateResource(policy, resource)).violations)
          expected.push([policy.name, message]);
      }
      assert.deepEqual(
        expected.map(([name]) => name),
        ["a4-ecr-repository-settings", "g6-stateful-resources-protected"],
      );
      assert.deepEqual(served, expected);
    });
  });
});
