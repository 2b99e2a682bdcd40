// ECR lifecycle evaluation throughput on repositories of growing size under the
// compiled default policy, up to ECR's default quota of 100,000 images.
import { performance } from "node:perf_hooks";
import { nightlyDate, tagsFor } from "../lib/channels";
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
function history(size: number): { images: RepositoryImage[]; now: Date } {
  const images: RepositoryImage[] = [];
  const published: string[] = [];
  let n = 0;
  const digest = () => `sha256:${(n += 1).toString(16).padStart(64, "0")}`;
  for (let build = 0; images.length < size; build += 1) {
    const at = new Date(START + build * (DAY_MS / 12));
    const minor = Math.floor(build / 300);
    let tags: string[];
    if (build % 300 === 299) {
      const version = `1.${minor}.0`;
      tags = tagsFor("stable", { version, publishedVersions: published }).immutable;
      published.push(version);
    } else if (build % 20 === 19) {
      tags = [`1.${minor}.0-beta.${build % 300}`];
    } else {
      const date = nightlyDate(new Date(START + build * DAY_MS));
      tags = tagsFor("nightly", {
        version: `1.${minor}.0`,
        date,
        sha: (build + 0x1000000).toString(16).slice(-7),
      }).immutable;
    }
    const index = digest();
    images.push({ digest: index, tags, pushedAt: at });
    for (let p = 0; p < PLATFORMS && images.length < size; p += 1)
      images.push({ digest: digest(), tags: [], pushedAt: at, indexDigests: [index] });
  }
  // The newest build holds the named moving tags, so the protect rules select something.
  const last = images.length - 1 - PLATFORMS;
  images[last] = { ...images[last]!, tags: [...images[last]!.tags, "nightly", "latest", "stable", "beta"] };
  return { images, now: new Date(START + (images.length / (PLATFORMS + 1)) * (DAY_MS / 12) + DAY_MS) };
}

export function benchRetention(): Row[] {
  const policy = compileLifecyclePolicy(DEFAULT_RETENTION);
  const policyChars = renderLifecyclePolicy(policy).length;
  return [1_000, 10_000, 100_000].map((size) => {
    const { images, now } = history(size);
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
