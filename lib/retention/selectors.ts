import type { RetentionSelectors, TagModel } from "../channels/model";
import { compileWildcard } from "../channels/wildcard";

/** A scheme's retention selectors with their matchers, computed once per model. */
export interface CompiledSelectors extends RetentionSelectors {
  readonly matchers: {
    readonly cache: readonly ((tag: string) => boolean)[];
    readonly protect: readonly ((tag: string) => boolean)[];
    readonly beta: readonly ((tag: string) => boolean)[];
    readonly nightly: readonly ((tag: string) => boolean)[];
  };
}

const cache = new WeakMap<TagModel, CompiledSelectors>();

/**
 * `model.retentionSelectors()`, the wildcards the ECR compiler writes rules
 * for and the intent engine decides images by, with a matcher for each.
 * Deriving them compares regular languages (refa), so it is done once per model.
 */
export function retentionSelectors(model: TagModel): CompiledSelectors {
  let c = cache.get(model);
  if (c === undefined) {
    const { cache: cacheTags, protect, beta, nightly } = model.retentionSelectors();
    c = {
      cache: cacheTags,
      protect,
      beta,
      nightly,
      matchers: {
        cache: cacheTags.map(compileWildcard),
        protect: protect.map(compileWildcard),
        beta: beta.map(compileWildcard),
        nightly: nightly.map(compileWildcard),
      },
    };
    cache.set(model, c);
  }
  return c;
}
