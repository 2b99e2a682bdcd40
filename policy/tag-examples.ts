import type { PolicyConfigSchema } from "@pulumi/policy";
import { compileTagScheme, type TagModel } from "../lib/channels/model";
import { exampleTags } from "../lib/channels/mutability";
import { tagSchemeSchema } from "../lib/config/schema";

/**
 * Policy config of the policies that judge tags: the stack's tag scheme, as
 * `release-infra:tagScheme` states it. Absent, the scheme of a stack that
 * configures none (the config schema's defaults).
 */
export interface TagSchemePolicyConfig {
  readonly tagScheme?: unknown;
}

/** The `configSchema` property that carries the scheme. */
export const TAG_SCHEME_CONFIG: PolicyConfigSchema["properties"] = {
  tagScheme: { type: "object", description: "release-infra:tagScheme of the stack, as in Pulumi.<stack>.yaml" },
};

/** The model of the configured scheme, or the problems that keep it from being one. */
export function policyTagModel(config: TagSchemePolicyConfig): { model: TagModel } | { problems: string[] } {
  const parsed = tagSchemeSchema.safeParse(config.tagScheme ?? {});
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => `tagScheme${i.path.map((p) => `.${String(p)}`).join("")}: ${i.message}`),
    };
  }
  return { model: compileTagScheme(parsed.data) };
}

/**
 * One build of every channel, as the tag scheme tags it: the tags a registry
 * setting must keep immutable and the ones it must leave mutable (moving
 * tags, and cosign's signature tags, rewritten on every re-sign). Policies
 * test a repository's settings against these instead of restating which tag
 * shapes are which. `release` is a stable release tag (`1.5.0`).
 */
export function channelTagExamples(model: TagModel): {
  readonly immutable: readonly string[];
  readonly mutable: readonly string[];
  readonly signature: string;
  readonly release: string;
} {
  const examples = exampleTags(model);
  return {
    immutable: examples.immutable.map((e) => e.tag),
    mutable: [...examples.moving, examples.signature],
    signature: examples.signature,
    release: examples.immutable.find((e) => e.shape.role === "stable")!.tag,
  };
}
