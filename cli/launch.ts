import * as path from "node:path";

/**
 * The arguments that run a checkout's `cli/main.ts` in a child Node.js
 * process, TypeScript loaded by tsx (as `npm run plan` and the tests do).
 * tsx's full loader (`--import`) also serves older checkouts whose CLI loads
 * modules with dynamic `import()`, which `plan --base` may run.
 */
export function cliArgs(projectDir: string, args: readonly string[]): string[] {
  return ["--import", "tsx", path.join(projectDir, "cli", "main.ts"), ...args];
}
