import type { CompileOptions } from "./compile";
import type { RetentionIntent } from "./intent";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The intent in plain English, one line per rule, for the plan output.
 *
 * @example describeRetention(DEFAULT_RETENTION)[0] // "keeps every stable release (X.Y.Z)"
 */
export function describeRetention(intent: RetentionIntent, options: CompileOptions = {}): string[] {
  const multiArch = options.multiArch ?? true;
  const lines = [
    "keeps every image holding a moving tag (latest, stable, beta, nightly, X, X.Y), so rollback targets stay",
    "keep" in intent.stable
      ? "keeps every stable release (X.Y.Z)"
      : `keeps the newest ${plural(intent.stable.keepLast, "stable release", "stable releases")} (X.Y.Z)`,
    `keeps the newest ${plural(intent.beta.keepLast, "beta image", "beta images")} (X.Y.Z-beta.N)`,
    `keeps nightly images (nightly-YYYYMMDD) for ${plural(intent.nightly.maxAgeDays, "day", "days")}`,
    multiArch
      ? `removes untagged images no kept image index references after ${plural(intent.untagged.maxAgeDays, "day", "days")}, in the scheduled prune (an ECR untagged rule would also expire the per-platform images of kept multi-arch releases)`
      : `expires untagged images after ${plural(intent.untagged.maxAgeDays, "day", "days")}`,
    "leaves signature images (sha256-*.sig, .att, .sbom) and tags outside the channels alone",
  ];
  return lines;
}
