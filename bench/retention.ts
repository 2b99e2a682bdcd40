// ECR lifecycle evaluation throughput on repositories of growing size under the
// policy compiled for the default tag scheme, up to ECR's default quota of
// 100,000 images.
import { performance } from "node:perf_hooks";
import { compileTagScheme, type TagModel } from "../lib/channels/model";
import { planNightly, planTaggedRelease } from "../lib/channels/release";
import { DEFAULT_TAG_SCHEME } from "../lib/channels/scheme";
import { nightlyDate } from "../lib/channels/tags";
import {
  compileLifecyclePolicy,
  DAY_MS,
  DEFAULT_RETENTION,
  evaluateLifecyclePolicy,
  renderLifecyclePolicy,
  type RepositoryImage,
} from "../lib/retention";
import type { Row } from "./table";

const PLATFORMS = 2;
const START = Date.UTC(2020, 0, 1);

/** A synthetic history: mostly nightlies, a beta every 20 builds, a release every 300; two platform images per build. */
function history(model: TagModel, size: number): { images: RepositoryImage[]; now: Date } {
  const images: RepositoryImage[] = [];
  const gitTags: string[] = [];
  const { identifier, separator } = model.scheme.prerelease;
  const release = (channel: "stable" | "beta", version: string): readonly string[] => {
    const gitTag = model.gitTag(version);
    const plan = planTaggedRelease(model, { channel, gitTag, gitTags, onReleaseBranch: true });
    if (!plan.ok) throw new Error(plan.message);
    gitTags.push(gitTag);
    return plan.tags;
  };
  let n = 0;
  const digest = () => `sha256:${(n += 1).toString(16).padStart(64, "0")}`;
  for (let build = 0; images.length < size; build += 1) {
    const at = new Date(START + build * (DAY_MS / 12));
    const minor = Math.floor(build / 300);
    let tags: readonly string[];
    if (build % 300 === 299) {
      tags = release("stable", `1.${String(minor)}.0`);
    } else if (build % 20 === 19) {
      tags = release("beta", `1.${String(minor)}.0-${identifier}${separator}${String(build % 300)}`);
    } else {
      const plan = planNightly(model, {
        gitTags,
        sha: (build + 0x1000000).toString(16).padStart(40, "0"),
        date: nightlyDate(new Date(START + build * DAY_MS)),
        run: build + 1,
        images: [{ id: "bench", repositories: [] }],
      });
      if (!plan.ok) throw new Error(plan.message);
      tags = plan.images[0]!.tags;
    }
    const index = digest();
    images.push({ digest: index, tags: [...tags], pushedAt: at });
    for (let p = 0; p < PLATFORMS && images.length < size; p += 1)
      images.push({ digest: digest(), tags: [], pushedAt: at, indexDigests: [index] });
  }
  // The newest build holds the literal moving tags, so the protect rules select something.
  const last = images.length - 1 - PLATFORMS;
  const literals = model.retentionSelectors().protect;
  images[last] = { ...images[last]!, tags: [...images[last]!.tags, ...literals] };
  return { images, now: new Date(START + (images.length / (PLATFORMS + 1)) * (DAY_MS / 12) + DAY_MS) };
}

export function benchRetention(): Row[] {
  const model = compileTagScheme(DEFAULT_TAG_SCHEME);
  const policy = compileLifecyclePolicy(DEFAULT_RETENTION, model);
  const policyChars = renderLifecyclePolicy(policy).length;
  return [1_000, 10_000, 100_000].map((size) => {
    const { images, now } = history(model, size);
    evaluateLifecyclePolicy(policy, images, now); // warm-up
    const runs = size >= 100_000 ? 5 : 20;
    let expired = 0;
    const t0 = performance.now();
    for (let i = 0; i < runs; i += 1) expired = evaluateLifecyclePolicy(policy, images, now).expired.length;
    const ms = (performance.now() - t0) / runs;
    return {
      images: size,
      expired,
      "ms / evaluation": ms.toFixed(1),
      "images / s": Math.round(size / (ms / 1000)).toLocaleString("en-US"),
      "policy chars": policyChars,
    };
  });
}
