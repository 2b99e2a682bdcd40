import type { ReleaseConfig } from "../config/schema";
import type { RetentionIntent } from "../retention/intent";

/** The retention intent the stack config states (one shape for ECR, Docker Hub and the plan). */
export function retentionIntent(config: Pick<ReleaseConfig, "channels" | "registries">): RetentionIntent {
  return {
    stable: config.channels.stable.retention,
    beta: config.channels.beta.retention,
    nightly: config.channels.nightly.retention,
    untagged: { maxAgeDays: config.registries.ecr.untaggedMaxAgeDays },
  };
}
