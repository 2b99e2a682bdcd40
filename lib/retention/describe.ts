import type { TagModel } from "../channels/model";
import type { CompileOptions } from "./compile";
import type { RetentionIntent } from "./intent";
import { retentionSelectors } from "./selectors";

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;
const code = (list: readonly string[]) => list.map((t) => `\`${t}\``).join(", ");

/**
 * The intent in plain words, one line per part, for the plan output. The
 * tags are the scheme's own: its templates and the selectors both registries
 * retain by.
 *
 * @example describeRetention(DEFAULT_RETENTION, compileTagScheme(DEFAULT_TAG_SCHEME))[1]
 *   // "keeps every stable release (`{version}`): no rule selects one"
 */
export function describeRetention(intent: RetentionIntent, model: TagModel, options: CompileOptions = {}): string[] {
  const multiArch = options.multiArch ?? true;
  const { protect, beta, nightly } = retentionSelectors(model);
  const templates = (channel: "stable" | "beta" | "nightly") =>
    code(model.immutable.filter((s) => s.channel === channel).map((s) => s.template));
  const lines: string[] = [];
  if (protect.length > 0) lines.push(`keeps every image tagged ${code(protect)}, so rollback targets stay`);
  lines.push(`keeps every stable release (${templates("stable")}): no rule selects one`);
  const betas = plural(intent.beta.keepLast, "beta image", "beta images");
  lines.push(
    beta.length === 1
      ? `keeps the newest ${betas} (${templates("beta")}) tagged ${code(beta)}`
      : `keeps the newest ${betas} (${templates("beta")}) tagged each of ${code(beta)}: ECR counts each apart`,
  );
  lines.push(
    `keeps nightly images (${templates("nightly")}) for ${plural(intent.nightly.maxAgeDays, "day", "days")} (tagged ${nightly.map((n) => `\`${n}\``).join(" or ")})`,
  );
  lines.push(
    multiArch
      ? `removes untagged images no kept image index references after ${plural(intent.untagged.maxAgeDays, "day", "days")}, in the scheduled prune (an ECR untagged rule would also expire the per-platform images of kept multi-arch releases)`
      : `expires untagged images after ${plural(intent.untagged.maxAgeDays, "day", "days")}`,
  );
  lines.push("leaves signature images (sha256-*.sig, .att, .sbom) and tags no selector matches alone");
  return lines;
}
