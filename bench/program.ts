import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliArgs } from "../cli/launch";
import { evaluateProgram } from "../cli/plan/evaluate";
import { installRecordingMocks } from "../cli/plan/mock-runtime";
import { ROLES } from "../lib/access/roles";

import type { Row } from "./table";

/** A synthetic stack: `people` people spread over the roles, `images` images. */
function syntheticConfig(people: number, images: number): Record<string, string> {
  const config = {
    project: { name: "bench" },
    github: { org: "bench-org", repository: "bench", deployer: "person-0" },
    registries: { ecr: { accountId: "111122223333", region: "us-east-1" }, dockerhub: { namespace: "benchorg" } },
    images: Array.from({ length: images }, (_, i) => ({ name: `image-${i}` })),
    people: Array.from({ length: people }, (_, i) => ({
      github: `person-${i}`,
      role: i < 2 ? "admin" : ROLES[i % ROLES.length],
    })),
    safety: { allowMassRemoval: true },
  };
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [`release-infra:${k}`, JSON.stringify(v)]));
}

/** Program evaluation under the recording engine for growing configs. */
export async function benchProgram(): Promise<Row[]> {
  const engine = await installRecordingMocks("release-infra", "bench");
  const program = (await import("../index.js")).default;
  const rows: Row[] = [];
  for (const [people, images] of [
    [10, 2],
    [100, 10],
    [1000, 50],
  ] as const) {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = process.hrtime.bigint();
    const result = await evaluateProgram(engine, program, { config: syntheticConfig(people, images) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    rows.push({
      "people x images": `${people} x ${images}`,
      resources: result.resources.length,
      "wall ms": Math.round(ms),
      "ms / resource": (ms / result.resources.length).toFixed(2),
      "peak RSS MiB": Math.round(peak / 2 ** 20),
    });
  }
  return rows;
}

/** `release-infra plan --stack prod` as a user runs it: a whole process. */
export function benchPlan(runs = 3): Row[] {
  const root = path.resolve(__dirname, "..");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, cliArgs(root, ["plan", "--stack", "prod", "--out", out]), { cwd: root });
    if (r.status !== 0) throw new Error(`plan failed: ${r.stderr.toString()}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  fs.rmSync(out, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  return [
    {
      command: "release-infra plan --stack prod",
      runs,
      "min ms": Math.round(times[0]!),
      "median ms": Math.round(times[Math.floor(runs / 2)]!),
    },
  ];
}
