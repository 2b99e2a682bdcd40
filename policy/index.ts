/*
 * The release-infra policy pack: `pulumi preview --policy-pack policy` (or
 * `pulumi up --policy-pack policy`) from the project directory.
 *
 * How the Pulumi CLI runs this directory, and why it holds what it holds:
 * - For a nodejs pack the CLI starts its `pulumi-analyzer-policy` shim with the
 *   pack directory as working directory. The shim resolves
 *   `@pulumi/pulumi/cmd/run-policy-pack` with Node's resolution from there, which
 *   walks up to the project's node_modules, and runs it on ".". The CLI does not
 *   run `npm install` for a local pack (only for packs it downloads), so no
 *   node_modules is needed here: every import resolves from the project's.
 * - run-policy-pack compiles TypeScript with ts-node, type-checking, using the
 *   compilerOptions of `tsconfig.json` in this directory (otherwise ES2020 and
 *   `nodenext`, which the project's code does not compile under). The local
 *   tsconfig.json extends the project's and restates the options
 *   run-policy-pack would override.
 * - `new PolicyPack` reads the pack's version from `package.json` in the working
 *   directory and fails without one; `main` names this file.
 * - PulumiPolicy.yaml gives the runtime. Publishing the pack to Pulumi Cloud
 *   (`pulumi policy publish`) would need its dependencies listed in
 *   package.json; running it locally does not.
 *
 * The policies live in ./policies.ts, which starts nothing: constructing the
 * PolicyPack below starts the gRPC server the CLI talks to.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("release-infra", {
  description: "release-infra's security rules over the release system's resources",
  policies,
  enforcementLevel: "mandatory",
});
