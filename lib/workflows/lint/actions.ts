/*
 * What the rules know about particular actions: which hold credentials, which
 * publish, which restore caches (and the input that turns the cache off).
 * Names are `owner/repo[/path]` in lower case, as `actionOf` returns them.
 */
import { isFalse, isTrue, text, usesAction } from "./rule";
import type { JobView, StepView } from "./workflow-view";

export const AWS_ROLE = ["aws-actions/configure-aws-credentials"];
export const SIGNING = ["sigstore/cosign-installer"];
export const ATTESTING = ["actions/attest-build-provenance", "actions/attest", "actions/attest-sbom"];
export const REGISTRY_CREDENTIALS = [
  "aws-actions/configure-aws-credentials",
  "aws-actions/amazon-ecr-login",
  "docker/login-action",
  "peter-evans/dockerhub-description",
];

// Actions that publish what a job built (zizmor cache-poisoning's publisher list, plus the registry logins).
const PUBLISHERS = [
  ...REGISTRY_CREDENTIALS,
  "pypa/gh-action-pypi-publish",
  "rubygems/release-gem",
  "jreleaser/release-action",
  "goreleaser/goreleaser-action",
  "softprops/action-gh-release",
  "ncipollo/release-action",
  "release-drafter/release-drafter",
  "googleapis/release-please-action",
  "redhat-actions/push-to-registry",
  "aws-actions/amazon-ecs-deploy-task-definition",
  "aws-actions/aws-cloudformation-github-deploy",
  "azure/aci-deploy",
  "azure/container-apps-deploy-action",
  "azure/functions-action",
  "azure/sql-action",
  "cloudflare/wrangler-action",
  "google-github-actions/deploy-appengine",
  "google-github-actions/deploy-cloudrun",
  "google-github-actions/deploy-cloud-functions",
];

/** Whether a build-push-action step pushes (push: true, or an image output with push=true). */
export function buildPushes(step: StepView): boolean {
  if (!usesAction(step, "docker/build-push-action")) return false;
  return isTrue(step.with.push) || /(?:^|,)\s*push=true\b|type=registry\b/.test(text(step.with.outputs));
}

/** Whether a job publishes: it runs in an environment, holds registry credentials, pushes, or releases. */
export function publishes(job: JobView): boolean {
  return (
    job.raw.environment !== undefined ||
    job.steps.some(
      (step) =>
        buildPushes(step) ||
        usesAction(step, ...PUBLISHERS) ||
        /\b(?:npm|pnpm|yarn)\s+publish\b|\bdocker\s+buildx\s+imagetools\s+create\b|\bgh\s+release\s+(?:create|upload)\b|\bdocker\s+(?:image\s+)?push\b|\btwine\s+upload\b|\bcargo\s+publish\b/.test(
          step.run ?? "",
        ),
    )
  );
}

/** An action that restores a cache unless an input turns it off. */
interface CacheAware {
  readonly action: string;
  /** Whether the step, as configured, restores a cache. */
  readonly restores: (step: StepView) => boolean;
  /** How to turn the cache off, for the message. */
  readonly fix: string;
}

const optIn = (input: string) => (step: StepView) => {
  const value = step.with[input];
  return value !== undefined && value !== "" && !isFalse(value);
};
const onByDefault = (input: string) => (step: StepView) => !isFalse(step.with[input]);
const offWhenTrue = (input: string) => (step: StepView) => !isTrue(step.with[input]);

// zizmor cache-poisoning's table of cache-aware actions and the inputs that control them.
const CACHE_AWARE: readonly CacheAware[] = [
  { action: "actions/cache", restores: offWhenTrue("lookup-only"), fix: "remove it" },
  { action: "actions/cache/restore", restores: () => true, fix: "remove it" },
  {
    action: "actions/setup-node",
    restores: (step) => optIn("cache")(step) || onByDefault("package-manager-cache")(step),
    fix: "set package-manager-cache: false and no cache (package-manager-cache defaults to true)",
  },
  { action: "actions/setup-python", restores: optIn("cache"), fix: "remove its cache input" },
  { action: "actions/setup-java", restores: optIn("cache"), fix: "remove its cache input" },
  { action: "actions/setup-go", restores: onByDefault("cache"), fix: "set cache: false (it defaults to true)" },
  { action: "actions/setup-dotnet", restores: optIn("cache"), fix: "remove its cache input" },
  { action: "astral-sh/setup-uv", restores: onByDefault("enable-cache"), fix: "set enable-cache: false" },
  { action: "swatinem/rust-cache", restores: offWhenTrue("lookup-only"), fix: "remove it" },
  { action: "ruby/setup-ruby", restores: optIn("bundler-cache"), fix: "remove bundler-cache" },
  { action: "pyo3/maturin-action", restores: optIn("sccache"), fix: "remove sccache" },
  { action: "mlugg/setup-zig", restores: onByDefault("use-cache"), fix: "set use-cache: false" },
  { action: "oven-sh/setup-bun", restores: offWhenTrue("no-cache"), fix: "set no-cache: true" },
  {
    action: "determinatesystems/magic-nix-cache-action",
    restores: onByDefault("use-gha-cache"),
    fix: "set use-gha-cache: false",
  },
  { action: "graalvm/setup-graalvm", restores: optIn("cache"), fix: "remove its cache input" },
  { action: "gradle/actions/setup-gradle", restores: offWhenTrue("cache-disabled"), fix: "set cache-disabled: true" },
  {
    action: "docker/setup-buildx-action",
    restores: (step) => step.with.version !== undefined && onByDefault("cache-binary")(step),
    fix: "set cache-binary: false",
  },
  {
    action: "actions-rust-lang/setup-rust-toolchain",
    restores: onByDefault("cache"),
    fix: "set cache: false",
  },
  { action: "mozilla-actions/sccache-action", restores: () => true, fix: "remove it" },
  { action: "nix-community/cache-nix-action", restores: () => true, fix: "remove it" },
  { action: "jdx/mise-action", restores: onByDefault("cache"), fix: "set cache: false" },
  {
    action: "ramsey/composer-install",
    restores: (step) => !["yes", "true", "1"].includes(text(step.with["ignore-cache"])),
    fix: "set ignore-cache: true",
  },
  { action: "awalsh128/cache-apt-pkgs-action", restores: () => true, fix: "remove it" },
  {
    action: "aquasecurity/trivy-action",
    restores: onByDefault("cache"),
    fix: "set cache: false (it caches its database through actions/cache by default)",
  },
];

/** What a step restores from a cache another run could have written, and how to stop it; undefined when nothing. */
export function cacheUse(step: StepView): string | undefined {
  if (usesAction(step, "docker/build-push-action")) {
    const caches = `${text(step.with["cache-from"])} ${text(step.with["cache-to"])}`;
    return caches.includes("type=gha")
      ? "docker/build-push-action uses the type=gha build cache, which pull request runs share; use a registry cache scoped to the channel or none"
      : undefined;
  }
  const known = CACHE_AWARE.find((candidate) => usesAction(step, candidate.action));
  return known !== undefined && known.restores(step)
    ? `${known.action} restores a cache another run could have written; ${known.fix}`
    : undefined;
}
