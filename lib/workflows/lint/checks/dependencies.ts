/*
 * W11: what a job installs or runs is pinned and verified, not fetched as
 * "latest" at run time. OpenSSF Scorecard Pinned-Dependencies (containers,
 * download-then-run, pip, npm and go commands); zizmor unpinned-images,
 * adhoc-packages and unpinned-tools.
 */
import { scriptSite, site, text, usesAction, type Rule, type RuleFinding } from "../rule";
import { joinContinuations } from "../script";
import { asRecord, type StepView } from "../workflow-view";

const DOWNLOAD = String.raw`\b(?:curl|wget)\b`;
const SHELL = String.raw`(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\bpython3?\b|\bnode\b|\bperl\b|\bruby\b`;
const CURL_PIPE = new RegExp(String.raw`${DOWNLOAD}[^|]*\|\s*(?:${SHELL})`);
const PROCESS_SUBSTITUTION = new RegExp(String.raw`(?:${SHELL}|\bsource\b|(?:^|\s)\.)\s*<\(\s*(?:${DOWNLOAD})`);
const COMMAND_SUBSTITUTION = new RegExp(String.raw`(?:\beval\b|(?:${SHELL})\s+-c)\s+["']?\$\(\s*(?:${DOWNLOAD})`);
const PLAINTEXT = new RegExp(String.raw`${DOWNLOAD}[^|;&]*\bhttp://`);
const VERIFIED =
  /\b(?:sha(?:1|224|256|384|512)sum|shasum)\b[^\n]*(?:-c|--check)\b|\bcosign\s+verify-blob\b|\bgpg\s+--verify\b|\bminisign\s+-V\b/;

const AD_HOC: readonly [RegExp, string][] = [
  [/\bnpm\s+(?:install|i|add)\b/, "npm install can change the lockfile and resolves what it installs now; use npm ci"],
  [
    /\byarn\s+(?:global\s+)?add\b/,
    "yarn add installs a package outside the lockfile; add it to package.json and install from the lockfile",
  ],
  [
    /\bpnpm\s+(?:add|dlx)\b/,
    "pnpm add installs a package outside the lockfile; add it to package.json and install from the lockfile",
  ],
  [
    /\bgem\s+install\b/,
    "gem install resolves the package and its dependencies now; use a Gemfile.lock and bundle install",
  ],
  [/\bbundle\s+add\b/, "bundle add changes the lockfile in CI; add the gem to the Gemfile and commit Gemfile.lock"],
];

/** The words of a command, quotes removed. */
function words(command: string): string[] {
  return command
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^["']|["']$/g, ""));
}

/** Scorecard's reading of `pip install`: pinned only with --require-hashes, wheels alone, or a local editable source without dependencies. */
function pipUnpinned(command: string): boolean {
  const parts = words(command);
  const start = parts.findIndex(
    (word, i) =>
      (/(?:^|\/)pip3?$/.test(word) && parts[i + 1] === "install") ||
      (/(?:^|\/)python[\d.]*$/.test(word) &&
        parts[i + 1] === "-m" &&
        parts[i + 2] === "pip" &&
        parts[i + 3] === "install"),
  );
  if (start < 0) return false;
  const args = parts.slice(start + (parts[start + 1] === "-m" ? 4 : 2));
  if (args.includes("--require-hashes")) return false;
  const editable = args.includes("-e") || args.includes("--editable");
  const packages = args.filter((arg) => !arg.startsWith("-"));
  if (editable) return !args.includes("--no-deps") || packages.some((arg) => /^(?:git|svn|hg|bzr)/.test(arg));
  return packages.length === 0 || !packages.every((arg) => arg.endsWith(".whl"));
}

/** `go install|get pkg` without `@v<semver>` or `@<commit>` on every remote package. */
function goUnpinned(command: string): boolean {
  const parts = words(command);
  const start = parts.findIndex(
    (word, i) => /(?:^|\/)go$/.test(word) && (parts[i + 1] === "install" || parts[i + 1] === "get"),
  );
  if (start < 0) return false;
  const packages = parts.slice(start + 2).filter((arg) => !arg.startsWith("-") && !/^[./]/.test(arg));
  return packages.some((arg) => !/@(?:v\d+\.\d+\.\d+\S*|[0-9a-f]{40})$/.test(arg));
}

/** Files a script downloads (`curl -o F`, `wget -O F`, `curl ... > F`) and later runs without a checksum check in between. */
function downloadedThenRun(script: string): { file: string; line: number } | undefined {
  const downloaded: string[] = [];
  let verified = false;
  for (const line of joinContinuations(script)) {
    for (const command of line.text.split(/;|&&|\|\|/)) {
      if (new RegExp(DOWNLOAD).test(command)) {
        const target = /(?:\s-o|\s-O|\s--output(?:-document)?(?:=|\s))\s*["']?([^\s"']+)|>\s*["']?([^\s"'&|]+)/.exec(
          command,
        );
        const file = target?.[1] ?? target?.[2];
        if (file !== undefined) downloaded.push(file);
        continue;
      }
      if (VERIFIED.test(command)) verified = true;
      if (verified) continue;
      const run = downloaded.find((file) => {
        const name = escape(file.replace(/^\.\//, ""));
        const asArgument = new RegExp(
          String.raw`(?:${SHELL}|\bsource\b|(?:^|\s)\.)\s+["']?(?:\./)?${name}["']?(?:\s|$)`,
        );
        const asProgram = new RegExp(String.raw`^\s*["']?(?:\./)?${name}["']?(?:\s|$)`);
        return asArgument.test(command) || asProgram.test(command);
      });
      if (run !== undefined) return { file: run, line: line.line };
    }
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A problem of a script, and the 1-based line of the script it is on. */
interface ScriptProblem {
  readonly message: string;
  readonly line: number;
}

// Problems one line of a script shows by itself.
const LINE_CHECKS: readonly [(line: string) => boolean, string][] = [
  [
    (line) => CURL_PIPE.test(line) || PROCESS_SUBSTITUTION.test(line) || COMMAND_SUBSTITUTION.test(line),
    "runs a download straight from the network; download, verify a checksum, then run",
  ],
  [(line) => PLAINTEXT.test(line), "downloads over plain http://; use https://"],
  ...AD_HOC.map(([pattern, message]): [(line: string) => boolean, string] => [(line) => pattern.test(line), message]),
  [
    (line) => line.split(/;|&&|\|\||\|/).some(pipUnpinned),
    "pip install without --require-hashes resolves the dependencies now; install from a requirements file with hashes (pip install --require-hashes -r ...)",
  ],
  [(line) => line.split(/;|&&|\|\||\|/).some(goUnpinned), "go install/get of a package without @vX.Y.Z or @<commit>"],
];

/** Every problem of one script (a `run:`, or an env value that holds a command), once each, at its first line. */
function scriptProblems(script: string): ScriptProblem[] {
  const problems = new Map<string, number>();
  for (const line of joinContinuations(script)) {
    for (const [check, message] of LINE_CHECKS)
      if (!problems.has(message) && check(line.text)) problems.set(message, line.line);
  }
  const run = downloadedThenRun(script);
  if (run !== undefined) problems.set(`runs the downloaded ${run.file} without verifying a checksum first`, run.line);
  return [...problems].map(([message, line]) => ({ message, line }));
}

function imageUnpinned(image: unknown): boolean {
  const name = typeof image === "string" ? image : asRecord(image).image;
  return typeof name === "string" && !name.includes("@sha256:");
}

// Actions that download a tool, "latest" unless `version` says otherwise (zizmor unpinned-tools).
const TOOL_INSTALLERS = ["aquasecurity/setup-trivy", "1password/load-secrets-action"];

function toolUnpinned(step: StepView): boolean {
  if (!usesAction(step, ...TOOL_INSTALLERS)) return false;
  const version = text(step.with.version);
  return version === "" || version.toLowerCase() === "latest";
}

export const W11: Rule = {
  id: "W11",
  summary:
    "Nothing is fetched unpinned at run time: containers by digest, no curl | sh or download-then-run, npm ci (no ad-hoc installs), pip with hashes, go with versions",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const findings: RuleFinding[] = [];
      if (imageUnpinned(job.raw.container))
        findings.push({
          ...site(workflow, job, undefined, "container"),
          message: "container: image is not pinned by @sha256: digest",
        });
      for (const [name, service] of Object.entries(asRecord(job.raw.services))) {
        if (imageUnpinned(service))
          findings.push({
            ...site(workflow, job, undefined, "services"),
            message: `service ${name} image is not pinned by @sha256: digest`,
          });
      }
      for (const step of job.steps) {
        if (toolUnpinned(step))
          findings.push({
            ...site(workflow, job, step),
            message: `${step.uses?.split("@")[0] ?? "the action"} installs the latest tool unless version: names one; set it`,
          });
        if (step.run !== undefined)
          for (const problem of scriptProblems(step.run))
            findings.push({ ...scriptSite(workflow, job, step, problem.line), message: problem.message });
        // Commands also arrive through env (a configurable build command), so env values are scripts too.
        const env = asRecord(step.raw.env);
        for (const [name, value] of Object.entries(env))
          for (const problem of scriptProblems(text(value)))
            findings.push({
              ...site(workflow, job, step),
              ...(workflow.at(env, name) === undefined ? {} : { at: workflow.at(env, name)! }),
              message: `env ${name}: ${problem.message}`,
            });
      }
      return findings;
    }),
};
