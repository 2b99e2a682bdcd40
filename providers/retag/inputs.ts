/**
 * Inputs and outputs of `retag:MovingTags`, and the pure halves of its
 * provider: `check` (validate and normalize) and `diff`. No registry calls
 * here; ./operations.ts holds the halves that talk to the registries.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CHANNELS, type Channel } from "../../lib/channels/channel";
import { compileTagScheme, type TagModel } from "../../lib/channels/model";
import type { TagScheme } from "../../lib/channels/scheme";
import { tagSchemeSchema } from "../../lib/config/schema";
import { pinnedMovingTags, pinProblem, pinVersionOfTag } from "../../lib/pins/shape";
import { DEFAULT_RETENTION, validateRetentionIntent, type RetentionIntent } from "../../lib/retention/intent";

/**
 * The value the engine sends for an input not known yet (during preview): the
 * SDK's `runtime/rpc` `unknownValue`, handed to `check` and `diff` as a plain string.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key the SDK stores the serialized provider under; never an input of ours. */
const PROVIDER_KEY = "__provider";

/** Where the repository lives. */
export type RegistryKind = "ecr" | "oci";

/** What retention keeps of the pinned channel: its own entry of the stack's retention intent. */
export type ChannelRetention = RetentionIntent[Channel];

/** The inputs of a `retag:MovingTags`, after `check`. */
export interface MovingTagsProps {
  /** The pinned channel. */
  readonly channel: Channel;
  /**
   * What retention keeps of the channel: a version it would not keep is
   * refused before any tag moves (lib/pins `planPin`).
   */
  readonly retention: ChannelRetention;
  readonly registry: RegistryKind;
  /** `<project>/<image>` in ECR, `<namespace>/<image>` on Docker Hub. */
  readonly repository: string;
  /** The registry tag of the pinned version, whose image the moving tags take. */
  readonly sourceTag: string;
  /** The stack's tag scheme, defaults applied: which tags are versions and which move. */
  readonly tagScheme: TagScheme;
  /** Moving tags, without duplicates, in the order they are written. */
  readonly tags: readonly string[];
  /** ECR only: the registry's region and account. */
  readonly ecr?: { readonly region: string; readonly registryId: string };
  /** OCI only: the registry's base URL, without a trailing slash. */
  readonly oci?: { readonly baseUrl: string };
}

/** What the registries hold after an apply, or at a refresh. */
export interface MovingTagsOutputs extends MovingTagsProps {
  /** Digest of the source tag's image; `""` when the source tag no longer exists. */
  readonly digest: string;
  /** Where each of `tags` points now; a tag that does not exist is absent. */
  readonly tagDigests: Readonly<Record<string, string>>;
}

type Bag = Record<string, unknown>;

const TYPE = "retag:MovingTags";
const INPUTS = [
  "registry",
  "repository",
  "channel",
  "retention",
  "sourceTag",
  "tagScheme",
  "tags",
  "ecr",
  "oci",
] as const;
// A repository path as both ECR and Docker Hub accept it: lowercase components separated by "/".
const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const AWS_ACCOUNT = /^\d{12}$/;

const isObject = (value: unknown): value is Bag => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Validates and normalizes the inputs. Values not known yet (preview) pass
 * through; every other problem is a failure naming its property.
 */
export function checkMovingTags(news: Bag): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) =>
    failures.push({ property, reason: `${TYPE} ${property}: ${reason}` });
  const inputs: Bag = {};
  for (const key of Object.keys(news)) {
    if (key !== PROVIDER_KEY && !(INPUTS as readonly string[]).includes(key))
      fail(key, `no such input; the inputs are ${INPUTS.join(", ")}`);
  }

  const { registry, repository, channel, sourceTag, tags } = news;
  if (registry !== UNKNOWN && registry !== "ecr" && registry !== "oci")
    fail("registry", `must be "ecr" or "oci", got ${JSON.stringify(registry)}`);
  inputs.registry = registry;

  if (typeof repository !== "string" || (repository !== UNKNOWN && !REPOSITORY.test(repository))) {
    fail("repository", `must be a repository path such as "cortex/cortex", got ${JSON.stringify(repository)}`);
  }
  inputs.repository = repository;

  if (channel !== UNKNOWN && !(CHANNELS as readonly unknown[]).includes(channel))
    fail("channel", `must be one of ${CHANNELS.join(", ")}, got ${JSON.stringify(channel)}`);
  inputs.channel = channel;
  checkRetention(news.retention, channel, inputs, fail);
  const model = checkTagScheme(news.tagScheme, inputs, fail);
  const classify = (tag: string) => model?.classify(tag).kind;

  if (
    typeof sourceTag !== "string" ||
    (sourceTag !== UNKNOWN && model !== undefined && classify(sourceTag) !== "immutable")
  ) {
    fail(
      "sourceTag",
      `must be a version tag of the tag scheme (an immutable tag that names one build, such as "1.4.9"), got ${JSON.stringify(sourceTag)}`,
    );
  }
  inputs.sourceTag = sourceTag;

  if (tags === UNKNOWN) inputs.tags = tags;
  else if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => typeof tag === "string")) {
    fail("tags", `must be a non-empty list of moving tags such as ["stable", "latest"], got ${JSON.stringify(tags)}`);
    inputs.tags = tags;
  } else {
    const list = tags;
    // Only moving tags: re-pointing a version tag would rewrite history (and the registries refuse it anyway).
    const wrong = model === undefined ? [] : list.filter((tag) => tag !== UNKNOWN && classify(tag) !== "moving");
    if (wrong.length > 0) {
      const moving = model!.moving.map((m) => m.template).join(", ");
      fail(
        "tags",
        `${wrong.map((tag) => JSON.stringify(tag)).join(", ")} ${wrong.length === 1 ? "is not a moving tag" : "are not moving tags"}; only the scheme's moving tags (${moving}) can be pinned`,
      );
    }
    inputs.tags = [...new Set(list)];
  }

  if (model !== undefined) checkPinFits(model, channel, sourceTag, inputs.tags, fail);
  checkLocation(news, registry, inputs, fail);
  return failures.length > 0 ? { inputs, failures } : { inputs };
}

/**
 * The tag scheme, checked by the stack config's own schema (defaults applied,
 * every problem named); its model when it is known and valid.
 */
function checkTagScheme(
  scheme: unknown,
  inputs: Bag,
  fail: (property: string, reason: string) => void,
): TagModel | undefined {
  inputs.tagScheme = scheme;
  if (JSON.stringify(scheme ?? null).includes(UNKNOWN)) return undefined;
  const parsed = tagSchemeSchema.safeParse(scheme);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      fail(["tagScheme", ...issue.path.map(String)].join("."), `${issue.message} (release-infra:tagScheme)`);
    return undefined;
  }
  inputs.tagScheme = parsed.data;
  return compileTagScheme(parsed.data);
}

/**
 * The source tag is a version of the channel, and the tags are among those a
 * pin of it moves (lib/pins `pinnedMovingTags`): a beta pin never moves `latest`.
 */
function checkPinFits(
  model: TagModel,
  channel: unknown,
  sourceTag: unknown,
  tags: unknown,
  fail: (property: string, reason: string) => void,
): void {
  if (
    !(CHANNELS as readonly unknown[]).includes(channel) ||
    typeof sourceTag !== "string" ||
    sourceTag === UNKNOWN ||
    model.classify(sourceTag).kind !== "immutable"
  )
    return;
  const pinned = channel as Channel;
  const version = pinVersionOfTag(model, pinned, sourceTag);
  // A version of another channel: pinProblem names that channel.
  const other = CHANNELS.map((c) => pinVersionOfTag(model, c, sourceTag)).find((v) => v !== undefined);
  const problem =
    version === undefined
      ? ((other === undefined ? undefined : pinProblem(model, pinned, other)) ??
        `"${sourceTag}" is not the tag of a ${pinned} version in the tag scheme`)
      : pinProblem(model, pinned, version);
  if (version === undefined || problem !== undefined) {
    fail("sourceTag", `${problem ?? ""} (channel "${pinned}")`);
    return;
  }
  if (!Array.isArray(tags)) return;
  const allowed = pinnedMovingTags(model, pinned, version);
  const foreign = tags.filter(
    (tag) =>
      tag !== UNKNOWN && typeof tag === "string" && model.classify(tag).kind === "moving" && !allowed.includes(tag),
  );
  if (foreign.length > 0)
    fail("tags", `a ${pinned} pin of ${version} moves only ${allowed.join(", ")}, not ${foreign.join(", ")}`);
}

/**
 * The retention rule of the channel, checked by the stack's own intent
 * validator (lib/retention): `{ keep: "all" }` for stable, `{ keepLast }` for
 * beta, `{ maxAgeDays }` for nightly.
 */
function checkRetention(
  retention: unknown,
  channel: unknown,
  inputs: Bag,
  fail: (property: string, reason: string) => void,
): void {
  inputs.retention = retention;
  if (!isObject(retention) && retention !== UNKNOWN) {
    fail(
      "retention",
      `is required: the channel's retention rule, e.g. { keepLast: 20 }, got ${JSON.stringify(retention)}`,
    );
    return;
  }
  if (retention === UNKNOWN || hasUnknown(retention) || !(CHANNELS as readonly unknown[]).includes(channel)) return;
  const problems = validateRetentionIntent({ ...DEFAULT_RETENTION, [channel as Channel]: retention });
  for (const problem of problems)
    fail(
      `retention${problem.path.slice(String(channel).length)}`,
      `${problem.message} (the ${String(channel)} channel's retention)`,
    );
}

/** `ecr` is required for ECR and refused otherwise; `oci` likewise. */
function checkLocation(
  news: Bag,
  registry: unknown,
  inputs: Bag,
  fail: (property: string, reason: string) => void,
): void {
  const { ecr, oci } = news;
  if (registry === "ecr" || (registry === UNKNOWN && ecr !== undefined)) {
    if (ecr === UNKNOWN) inputs.ecr = ecr;
    else if (!isObject(ecr)) fail("ecr", `is required for registry "ecr": { region, registryId }`);
    else {
      const { region, registryId, ...rest } = ecr;
      if (region !== UNKNOWN && (typeof region !== "string" || !AWS_REGION.test(region)))
        fail("ecr.region", `must be an AWS region such as "us-east-1", got ${JSON.stringify(region)}`);
      if (registryId !== UNKNOWN && (typeof registryId !== "string" || !AWS_ACCOUNT.test(registryId)))
        fail("ecr.registryId", `must be the 12-digit AWS account id, got ${JSON.stringify(registryId)}`);
      for (const key of Object.keys(rest)) fail(`ecr.${key}`, "no such input; ecr takes region and registryId");
      inputs.ecr = { region, registryId };
    }
  } else if (ecr !== undefined) fail("ecr", `is only for registry "ecr"`);

  if (registry === "oci" || (registry === UNKNOWN && oci !== undefined)) {
    if (oci === UNKNOWN) inputs.oci = oci;
    else if (!isObject(oci)) fail("oci", `is required for registry "oci": { baseUrl }`);
    else {
      const { baseUrl, ...rest } = oci;
      for (const key of Object.keys(rest)) fail(`oci.${key}`, "no such input; oci takes baseUrl");
      if (baseUrl === UNKNOWN) inputs.oci = { baseUrl };
      else if (typeof baseUrl !== "string" || !/^https?:\/\/[^/\s]+\/?$/.test(baseUrl)) {
        fail(
          "oci.baseUrl",
          `must be the registry's base URL such as "https://registry-1.docker.io", got ${JSON.stringify(baseUrl)}`,
        );
        inputs.oci = { baseUrl };
      } else inputs.oci = { baseUrl: baseUrl.replace(/\/$/, "") };
    }
  } else if (oci !== undefined) fail("oci", `is only for registry "oci"`);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameSet = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? same([...(a as string[])].sort(), [...(b as string[])].sort()) : same(a, b);
const hasUnknown = (value: unknown): boolean =>
  value === UNKNOWN ||
  (Array.isArray(value) && value.includes(UNKNOWN)) ||
  (isObject(value) && Object.values(value).includes(UNKNOWN));

/**
 * Another registry or repository is another set of tags: replace. Another
 * version or tag list is the same pin moved: update. Tags are a set. After a
 * refresh, `tags` holds only the tags still on the pinned image, so tags
 * moved by anyone else show up here as an update that moves them back.
 */
export function diffMovingTags(olds: Bag, news: Bag): pulumi.dynamic.DiffResult {
  const differs = (key: string, compare: (a: unknown, b: unknown) => boolean) =>
    hasUnknown(news[key]) || !compare(olds[key], news[key]);
  const replaces = ["registry", "repository", "ecr", "oci"].filter((key) => differs(key, same));
  // Another channel, retention or scheme changes no tag, but the pin is judged again against it.
  const updates = [
    differs("sourceTag", same) ? ["sourceTag"] : [],
    differs("tags", sameSet) ? ["tags"] : [],
    differs("channel", same) ? ["channel"] : [],
    differs("retention", same) ? ["retention"] : [],
    differs("tagScheme", same) ? ["tagScheme"] : [],
  ].flat();
  const changes = replaces.length > 0 || updates.length > 0;
  return replaces.length > 0 ? { changes, replaces } : { changes };
}

/** The resource id: the repository in its registry, e.g. `ecr:123456789012:us-east-1/cortex/cortex`. */
export function movingTagsId(props: MovingTagsProps): string {
  if (props.registry === "ecr")
    return `ecr:${props.ecr?.registryId ?? ""}:${props.ecr?.region ?? ""}/${props.repository}`;
  return `oci:${props.oci?.baseUrl ?? ""}/${props.repository}`;
}

/** The inputs in a property bag: drops outputs and the serialized provider. */
export function inputsOf(bag: Bag): MovingTagsProps {
  const { registry, repository, channel, retention, sourceTag, tagScheme, tags, ecr, oci } =
    bag as unknown as MovingTagsProps;
  return {
    registry,
    repository,
    channel,
    retention,
    sourceTag,
    tagScheme,
    tags,
    ...(ecr === undefined ? {} : { ecr }),
    ...(oci === undefined ? {} : { oci }),
  };
}
