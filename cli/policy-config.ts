import type { Command } from "commander";
import { policyPackConfig } from "../policy/config";
import { loadStackConfig } from "./stack";

/** `release-infra policy-config --stack NAME`: the policy pack config of a stack, as JSON on stdout. */
export function registerPolicyConfigCommand(program: Command, stackName: (value: string) => string): void {
  program
    .command("policy-config")
    .description("print the policy pack config of a stack (for pulumi preview --policy-pack-config)")
    .option("--stack <name>", "stack to read (Pulumi.<name>.yaml)", stackName, "prod")
    .option("--dir <dir>", "project directory holding Pulumi.yaml", ".")
    .action((opts: { stack: string; dir: string }) => {
      const config = loadStackConfig(opts.dir, opts.stack);
      process.stdout.write(`${JSON.stringify(policyPackConfig(config.tagScheme), null, 2)}\n`);
    });
}
