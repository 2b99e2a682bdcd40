import { NAMESPACE } from "../../lib/config/problems";
import { evaluateProgram, type Evaluation } from "../../cli/plan/evaluate";
import { offlineCalls } from "../../cli/plan/calls";
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { releaseProgram } from "../../components/program";
import { getEngine } from "./engine";

/** A stack config as a test writes it: loosely typed so tests can break it. */
export interface Fixture {
  [key: string]: unknown;
  project: Record<string, unknown>;
  github: Record<string, unknown>;
  registries: Record<string, unknown>;
  images: Record<string, unknown>[];
  people: Record<string, unknown>[];
}

/** A small, valid stack config: two admins, one of each other role, one image. */
export function baseConfig(): Fixture {
  return {
    project: { name: "demo", displayName: "Demo" },
    github: { org: "demo-org", repository: "demo", deployer: "ada" },
    registries: { ecr: { accountId: "111122223333", region: "eu-west-1" }, dockerhub: { namespace: "demoorg" } },
    images: [{ name: "demo", description: "The demo server" }],
    people: [
      { github: "ada", dockerhub: "ada0", role: "admin" },
      { github: "brian", dockerhub: "brian0", role: "admin" },
      { github: "cleo", dockerhub: "cleo0", role: "release-manager" },
      { github: "dmitri", role: "maintainer" },
      { github: "erin", role: "triager" },
    ],
  };
}

/** `{ people: [...] }` -> the engine's config map (`release-infra:people` -> JSON). */
export function toConfigMap(
  config: Readonly<Record<string, unknown>>,
  secrets: Record<string, string> = {},
): { map: Record<string, string>; secretKeys: string[] } {
  const map: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) map[`${NAMESPACE}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(secrets)) {
    map[`${NAMESPACE}:${k}`] = v;
    secretKeys.push(`${NAMESPACE}:${k}`);
  }
  return { map, secretKeys };
}

export interface RunOptions {
  readonly secrets?: Record<string, string>;
  readonly previousOutputs?: Record<string, unknown>;
  /**
   * The GitHub organization as it is before the run: login -> "admin" (an
   * owner) or "member", what `github.getMembership` answers. Anyone else is
   * neither a member nor invited. @default nobody
   */
  readonly orgRoles?: Record<string, string>;
}

const evaluations = new Map<string, Evaluation>();

/**
 * Runs the real program with this config under the recording engine. The
 * program is deterministic, so a successful evaluation of the same config is
 * reused (frozen) rather than run again: it keeps the suite fast.
 */
export async function runProgram(
  config: Readonly<Record<string, unknown>>,
  opts: RunOptions = {},
): Promise<Evaluation> {
  const key = JSON.stringify({ config, opts });
  const cached = evaluations.get(key);
  if (cached !== undefined) return cached;
  const { map, secretKeys } = toConfigMap(config, opts.secrets);
  const evaluation = await evaluateProgram(getEngine(), releaseProgram, {
    config: map,
    secretKeys,
    ...(opts.previousOutputs !== undefined ? { previousOutputs: opts.previousOutputs } : {}),
    call: offlineCalls(opts.orgRoles),
  });
  evaluations.set(key, deepFreeze(evaluation));
  return evaluation;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Resources of one type, by logical name. */
export function ofType(resources: readonly RecordedResource[], type: string): Map<string, RecordedResource> {
  return new Map(resources.filter((r) => r.type === type).map((r) => [r.name, r]));
}
