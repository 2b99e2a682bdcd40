// Evaluator throughput on a 100,000-image repository (ECR's default
// per-repository quota) under the compiled default policy.
// Run: npx tsx bench/retention.ts
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

const IMAGES = 100_000;
const PLATFORMS = 2;
const start = Date.UTC(2020, 0, 1);
const images: RepositoryImage[] = [];
const published: string[] = [];
let n = 0;
const digest = () => `sha256:${(n += 1).toString(16).padStart(64, "0")}`;

for (let build = 0; images.length < IMAGES; build += 1) {
  const at = new Date(start + build * (DAY_MS / 12));
  const minor = Math.floor(build / 300);
  let tags: string[];
  if (build % 300 === 299) {
    const version = `1.${minor}.0`;
    tags = tagsFor("stable", { version, publishedVersions: published }).immutable;
    published.push(version);
  } else if (build % 20 === 19) {
    tags = [`1.${minor}.0-beta.${build % 300}`];
  } else {
    // One nightly tag set per build; dates are made unique per build for volume.
    const date = nightlyDate(new Date(start + build * DAY_MS));
    tags = tagsFor("nightly", { version: `1.${minor}.0`, date, sha: (build + 0x1000000).toString(16).slice(-7) }).immutable;
  }
  const index = digest();
  images.push({ digest: index, tags, pushedAt: at });
  for (let p = 0; p < PLATFORMS && images.length < IMAGES; p += 1) images.push({ digest: digest(), tags: [], pushedAt: at, indexDigests: [index] });
}
// Give the newest build the named moving tags so the protect rules select something.
images[images.length - 3] = { ...images[images.length - 3]!, tags: [...images[images.length - 3]!.tags, "nightly", "latest", "stable", "beta"] };

const policy = compileLifecyclePolicy(DEFAULT_RETENTION);
const text = renderLifecyclePolicy(policy);
const now = new Date(start + (images.length / (PLATFORMS + 1)) * (DAY_MS / 12) + DAY_MS);

evaluateLifecyclePolicy(policy, images, now); // warm-up
const runs = 5;
const t0 = performance.now();
let expired = 0;
for (let i = 0; i < runs; i += 1) expired = evaluateLifecyclePolicy(policy, images, now).expired.length;
const seconds = (performance.now() - t0) / 1000 / runs;

console.log(`images: ${images.length}, expired: ${expired}, kept: ${images.length - expired}`);
console.log(`evaluate: ${(seconds * 1000).toFixed(1)} ms per run, ${Math.round(images.length / seconds).toLocaleString("en-US")} images/second`);
console.log(`compiled default policy: ${policy.rules.length} rules, ${text.length} characters`);
