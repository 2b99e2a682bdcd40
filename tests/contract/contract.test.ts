/*
 * The providers' contract: every resource the program registers, checked
 * against the pinned providers' schemas (tests/contract/schemas/) and the
 * upstream validations (lib/contract/rules/). Pulumi's mocks accept anything;
 * the real providers do not.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SECRET_PLACEHOLDER as ENGINE_SECRET } from "../../cli/plan/mock-runtime";
import { checkContract, type ContractReport } from "../../lib/contract/check";
import { RULES, STACK_RULES } from "../../lib/contract/rules";
import { SCHEMA_RULES, SECRET_PLACEHOLDER, type Finding, type SchemaExtract } from "../../lib/contract/schema";
import { UPDATE_FACTS, replacesOnChange } from "../../lib/contract/update-semantics";
import { runProgram } from "../support/program";
import { BAD_EXAMPLES, VALID_INPUTS } from "./examples";
import { featureStacks, prodStack, type ContractStack } from "./stacks";

const ROOT = path.resolve(__dirname, "..", "..");

function loadExtract(file: string): SchemaExtract {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", file), "utf8")) as SchemaExtract;
}
const GITHUB = loadExtract("github.json");
const AWS = loadExtract("aws.json");
const DOCKER = loadExtract("docker.json");
const EXTRACTS = [AWS, GITHUB, DOCKER];

function lockedVersion(pkg: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  };
  return lock.packages[`node_modules/${pkg}`]!.version;
}

function show(findings: readonly Finding[]): string {
  return findings
    .map((f) => `  ${f.resource} (${f.type}) ${f.path || "<resource>"}: [${f.rule}] ${f.message}`)
    .join("\n");
}

async function report(stack: ContractStack): Promise<ContractReport> {
  const { resources } = await runProgram(stack.config, stack.opts);
  return checkContract(resources, EXTRACTS);
}

/** The (rule, path) pairs of one synthetic resource's findings. */
function findingsOf(type: string, inputs: Record<string, unknown>): [string, string][] {
  const { findings } = checkContract([{ type, name: "r", inputs, custom: true, read: false }], EXTRACTS);
  return findings.map((f) => [f.rule, f.path]);
}

describe("the providers' contract", () => {
  describe("the schema extracts", () => {
    it("are of the provider versions package-lock.json pins, with their sources recorded", () => {
      assert.equal(GITHUB.version, lockedVersion("@pulumi/github"));
      assert.equal(AWS.version, lockedVersion("@pulumi/aws"));
      assert.equal(DOCKER.version, lockedVersion("@pulumi/docker"));
      assert.equal(DOCKER.commit, "237b7899bb513613a7645e74d6981c12d054dcc7");
      assert.equal(GITHUB.commit, "e46c2bbdc297d05a418b40af162f1da43547819a");
      assert.match(AWS.source, /^DERIVED/);
    });

    it("extract.mjs keeps a resource's inputs and the types they reach, without descriptions", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "extract-"));
      const schema = {
        name: "demo",
        resources: {
          "demo:index/thing:Thing": {
            description: "dropped",
            inputProperties: {
              shape: { $ref: "#/types/demo:index/Shape:Shape", description: "dropped", willReplaceOnChanges: true },
            },
            requiredInputs: ["shape"],
          },
          "demo:index/other:Other": { inputProperties: {} },
        },
        types: {
          "demo:index/Shape:Shape": {
            type: "object",
            properties: { kind: { $ref: "#/types/demo:index/Kind:Kind" } },
            required: ["kind"],
          },
          "demo:index/Kind:Kind": { type: "string", enum: [{ value: "round", name: "Round" }] },
          "demo:index/Unused:Unused": { type: "object", properties: {} },
        },
      };
      fs.writeFileSync(path.join(dir, "schema.json"), JSON.stringify(schema));
      const out = execFileSync(
        process.execPath,
        [path.join(__dirname, "schemas", "extract.mjs"), path.join(dir, "schema.json"), "--version", "1.0.0"].concat([
          "--commit",
          "abc",
          "demo:index/thing:Thing",
        ]),
        { encoding: "utf8" },
      );
      fs.rmSync(dir, { recursive: true });
      assert.deepEqual(JSON.parse(out), {
        provider: "pulumi-demo",
        version: "1.0.0",
        source: path.join(dir, "schema.json"),
        commit: "abc",
        resources: {
          "demo:index/thing:Thing": {
            inputProperties: { shape: { $ref: "#/types/demo:index/Shape:Shape", willReplaceOnChanges: true } },
            requiredInputs: ["shape"],
          },
        },
        types: {
          "demo:index/Kind:Kind": { type: "string", enum: [{ value: "round", name: "Round" }] },
          "demo:index/Shape:Shape": {
            type: "object",
            properties: { kind: { $ref: "#/types/demo:index/Kind:Kind" } },
            required: ["kind"],
          },
        },
      });
    });

    it("define every type they reference", () => {
      for (const extract of EXTRACTS) {
        const refs = JSON.stringify(extract).match(/"#\/types\/[^"]+"/g) ?? [];
        for (const ref of refs) {
          const token = decodeURIComponent(ref.slice('"#/types/'.length, -1));
          assert.ok(Object.hasOwn(extract.types, token), `${extract.provider}: ${token} is referenced but not defined`);
        }
      }
    });
  });

  describe("the prod stack (Pulumi.prod.yaml)", () => {
    it("registers nothing the pinned providers would refuse", async () => {
      const { findings } = await report(prodStack());
      assert.deepEqual(findings, [], `the prod stack has ${String(findings.length)} findings:\n${show(findings)}`);
    });

    it("checks every aws and github resource, and skips only components, reads and dynamic resources", async () => {
      const stack = prodStack();
      const { resources } = await runProgram(stack.config, stack.opts);
      const { checked, skipped } = checkContract(resources, EXTRACTS);
      assert.ok(checked.length > 50, `only ${String(checked.length)} resources checked`);
      const providerTypes = resources.filter((r) => /^(aws|github):|^pulumi:providers:/.test(r.type) && !r.read);
      assert.deepEqual(
        checked.map((c) => c.name).sort(),
        providerTypes.map((r) => r.name).sort(),
        "every aws/github resource and provider is checked",
      );
      assert.deepEqual([...new Set(skipped.map((s) => s.reason))].sort(), ["component", "dynamic", "read"]);
      assert.equal(checked.length + skipped.length, resources.length);
    });
  });

  describe("stacks turning on every optional feature", () => {
    for (const stack of featureStacks()) {
      it(`${stack.name}: registers nothing the providers would refuse`, async () => {
        const { findings, checked } = await report(stack);
        assert.ok(checked.length > 30, `only ${String(checked.length)} resources checked`);
        assert.deepEqual(findings, [], `${String(findings.length)} findings:\n${show(findings)}`);
      });
    }

    it("together register every resource type the extracts hold", async () => {
      const types = new Set<string>();
      for (const stack of [prodStack(), ...featureStacks()]) {
        for (const c of (await report(stack)).checked) types.add(c.type);
      }
      const declared = EXTRACTS.flatMap((e) => Object.keys(e.resources));
      assert.deepEqual(
        declared.filter((t) => !types.has(t)),
        [],
        "an extract type no stack registers: add a stack that does, or drop it from the extract",
      );
    });
  });

  describe("placeholders", () => {
    it("the secret placeholder is the recording engine's", () => {
      assert.equal(SECRET_PLACEHOLDER, ENGINE_SECRET);
    });

    it("a masked secret, an unknown and an undefined value pass as any value of the right kind", () => {
      const type = "aws:iam/role:Role";
      assert.deepEqual(findingsOf(type, { assumeRolePolicy: "[secret]", maxSessionDuration: "[secret]" }), []);
      assert.deepEqual(findingsOf(type, { assumeRolePolicy: { __pulumiUnknown: true }, name: undefined }), []);
      assert.deepEqual(
        findingsOf("aws:ecr/repository:Repository", {
          imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
          imageTagMutabilityExclusionFilters: [{ filter: "[secret]", filterType: { __pulumiUnknown: true } }],
        }),
        [],
      );
    });

    it("an unknown value still counts as present for a required input", () => {
      assert.deepEqual(findingsOf("aws:iam/role:Role", { assumeRolePolicy: undefined }), []);
      assert.deepEqual(findingsOf("aws:iam/role:Role", {}), [[SCHEMA_RULES.required, "assumeRolePolicy"]]);
    });
  });

  describe("every check, proven on a bad example", () => {
    it("the valid examples have no findings", () => {
      for (const [type, inputs] of Object.entries(VALID_INPUTS)) {
        assert.deepEqual(findingsOf(type, inputs), [], type);
      }
    });

    for (const example of BAD_EXAMPLES) {
      it(`${example.rule}: ${example.what}`, () => {
        const { findings } = checkContract(
          [{ type: example.type, name: "r", inputs: example.inputs, custom: true, read: false }],
          example.extracts ?? EXTRACTS,
        );
        assert.deepEqual(
          findings.map((f) => [f.rule, f.path]),
          example.expect,
          show(findings),
        );
        for (const f of findings) assert.ok(f.message.length > 0 && f.resource === "r" && f.type === example.type);
      });
    }

    describe("github:environment-deployment-policy:custom-branch-policies", () => {
      const environment = (deploymentBranchPolicy?: Record<string, unknown>) => ({
        type: "github:index/repositoryEnvironment:RepositoryEnvironment",
        name: "env",
        inputs: {
          repository: "demo",
          environment: "stable",
          ...(deploymentBranchPolicy ? { deploymentBranchPolicy } : {}),
        },
        custom: true,
        read: false,
      });
      const policy = {
        type: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
        name: "policy",
        inputs: { repository: "demo", environment: "stable", tagPattern: "v*" },
        custom: true,
        read: false,
      };
      const rulesOf = (report: ContractReport) => report.findings.map((f) => [f.resource, f.rule, f.path]);
      const expected = [["policy", "github:environment-deployment-policy:custom-branch-policies", "environment"]];

      it("refuses a policy on an environment with protected branches only", () => {
        const env = environment({ protectedBranches: true, customBranchPolicies: false });
        assert.deepEqual(rulesOf(checkContract([env, policy], EXTRACTS)), expected);
      });

      it("refuses a policy on an environment without a branch policy (every branch may deploy)", () => {
        assert.deepEqual(rulesOf(checkContract([environment(), policy], EXTRACTS)), expected);
      });

      it("accepts one on an environment with custom branch policies, or one this program does not manage", () => {
        const env = environment({ protectedBranches: false, customBranchPolicies: true });
        assert.deepEqual(rulesOf(checkContract([env, policy], EXTRACTS)), []);
        assert.deepEqual(rulesOf(checkContract([policy], EXTRACTS)), []);
      });
    });

    it("covers every upstream rule and every schema check kind", () => {
      const proven = new Set([...BAD_EXAMPLES.map((e) => e.rule), ...STACK_RULES.map((r) => r.id)]);
      const missing = [...RULES.map((r) => r.id), ...Object.values(SCHEMA_RULES)].filter((id) => !proven.has(id));
      assert.deepEqual(missing, []);
    });

    it("the upstream rules have unique ids, a citation, and a type the extracts declare", () => {
      const ids = [...RULES, ...STACK_RULES].map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const rule of STACK_RULES) assert.ok(rule.citation.length > 0 && rule.unverified !== undefined, rule.id);
      for (const rule of RULES) {
        assert.match(rule.citation, /\S/, rule.id);
        assert.ok(
          EXTRACTS.some((e) => Object.hasOwn(e.resources, rule.type)),
          `${rule.id}: ${rule.type} is in no extract`,
        );
        assert.ok(
          rule.citation.includes("terraform-provider-github@v6.13.0") ||
            rule.citation.includes("not pinned") ||
            rule.unverified !== undefined,
          `${rule.id}: cite the pinned upstream, or say why not`,
        );
      }
    });
  });

  describe("update semantics", () => {
    it("a github Branch's branch is renamed in place; a file's branch and a pull request's head replace", () => {
      assert.equal(replacesOnChange("github:index/branch:Branch", "branch"), false);
      assert.equal(replacesOnChange("github:index/repositoryFile:RepositoryFile", "branch"), true);
      assert.equal(replacesOnChange("github:index/repositoryPullRequest:RepositoryPullRequest", "headRef"), true);
      assert.equal(replacesOnChange("github:index/repositoryPullRequest:RepositoryPullRequest", "baseRef"), false);
    });

    it("agree with the github schema's willReplaceOnChanges, input by input", () => {
      for (const fact of UPDATE_FACTS.filter((f) => f.type.startsWith("github:"))) {
        const spec = GITHUB.resources[fact.type]?.inputProperties[fact.input];
        assert.ok(spec !== undefined, `${fact.type}.${fact.input} is not an input`);
        assert.equal(spec.willReplaceOnChanges === true, fact.replaces, `${fact.type}.${fact.input}`);
      }
    });

    it("name real aws inputs, each with a citation", () => {
      for (const fact of UPDATE_FACTS) {
        const extract = fact.type.startsWith("aws:") ? AWS : GITHUB;
        assert.ok(
          extract.resources[fact.type]?.inputProperties[fact.input] !== undefined,
          `${fact.type}.${fact.input}`,
        );
        assert.match(fact.citation, /\.go/);
      }
    });
  });
});
