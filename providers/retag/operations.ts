/**
 * What the `retag:MovingTags` provider does, with the registry clients. This
 * module is never closure-serialized: the small forwarding provider in
 * ./provider.ts `require`s it inside each method, so the serialized provider
 * stays a few lines and the clients are built afresh in each call from the
 * provider's environment (AWS SDK default chain; DOCKERHUB_USERNAME and
 * DOCKERHUB_TOKEN for the OCI registry).
 */
import type * as pulumi from "@pulumi/pulumi";
import { compileTagScheme } from "../../lib/channels/model";
import { PinError } from "../../lib/pins/errors";
import { missingPinTargetMessage, refusedPinMessage } from "../../lib/pins/messages";
import { planPin } from "../../lib/pins/plan";
import { pinVersionOfTag } from "../../lib/pins/shape";
import { DEFAULT_RETENTION, type RetentionIntent } from "../../lib/retention/intent";
import { ecrStore } from "./ecr";
import {
  checkMovingTags,
  diffMovingTags,
  inputsOf,
  movingTagsId,
  type MovingTagsOutputs,
  type MovingTagsProps,
} from "./inputs";
import { credentialsFromEnv, ociStore } from "./oci";
import type { Manifest, TagStore } from "./store";

type Bag = Record<string, unknown>;
type Provider = Required<
  Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">
>;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The repository the props name, with a client built from the environment. */
function storeOf(props: MovingTagsProps): TagStore {
  if (props.registry === "ecr" && props.ecr !== undefined) return ecrStore(props.ecr, props.repository);
  if (props.registry === "oci" && props.oci !== undefined)
    return ociStore(props.oci.baseUrl, props.repository, credentialsFromEnv());
  throw new Error(
    `retag:MovingTags ${props.repository}: registry "${props.registry}" needs its ${props.registry} settings`,
  );
}

async function withStore<T>(props: MovingTagsProps, body: (store: TagStore) => Promise<T>): Promise<T> {
  const store = storeOf(props);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

/** Where each tag points now; tags that do not exist are left out. */
async function liveDigests(store: TagStore, tags: readonly string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const tag of tags) {
    const manifest = await store.get(tag);
    if (manifest !== undefined) digests[tag] = manifest.digest;
  }
  return digests;
}

/**
 * Refuses a pin retention would not keep in this repository, judged by
 * lib/pins `planPin` against its published tags and the pin's tags
 * already on the image, before anything is written.
 */
async function judgePin(
  store: TagStore,
  props: MovingTagsProps,
  source: Manifest,
  before: ReadonlyMap<string, Manifest | undefined>,
): Promise<void> {
  const heldTags = props.tags.filter((tag) => before.get(tag)?.digest === source.digest);
  const intent: RetentionIntent = { ...DEFAULT_RETENTION, [props.channel]: props.retention };
  const model = compileTagScheme(props.tagScheme);
  try {
    planPin({
      model,
      channel: props.channel,
      // check() has refused a source tag that is no version of the channel.
      version: pinVersionOfTag(model, props.channel, props.sourceTag) ?? props.sourceTag,
      publishedTags: await store.list(),
      intent,
      now: new Date(),
      heldTags,
    });
  } catch (error) {
    if (!(error instanceof PinError)) throw error;
    throw new Error(refusedPinMessage(store.where, error.message), { cause: error });
  }
}

/**
 * Points every tag at the source tag's image, all or nothing: the source and
 * every target are read and the pin is judged against retention before
 * anything is written, tags already there are left alone, each write is
 * verified by reading the tag back, and when one fails the tags moved so far
 * are put back where they were.
 */
async function pointTags(store: TagStore, props: MovingTagsProps): Promise<MovingTagsOutputs> {
  const source = await store.get(props.sourceTag);
  if (source === undefined) {
    throw new Error(missingPinTargetMessage(store.where, props.sourceTag, props.tags));
  }
  const before = new Map<string, Manifest | undefined>();
  for (const tag of props.tags) before.set(tag, await store.get(tag));
  await judgePin(store, props, source, before);

  const moved: string[] = [];
  try {
    for (const tag of props.tags) {
      if (before.get(tag)?.digest === source.digest) continue;
      const reported = await store.put(tag, source);
      moved.push(tag);
      const after = await store.get(tag);
      if (reported !== source.digest || after?.digest !== source.digest) {
        throw new Error(
          `${store.where}: after moving "${tag}" to ${source.digest}, the registry reports ${reported} and the tag reads ${after?.digest ?? "missing"}`,
        );
      }
    }
  } catch (error) {
    throw new Error(
      `pinning ${props.tags.join(", ")} to ${props.sourceTag} failed: ${message(error)}; ${await putBack(store, moved, before)}`,
      { cause: error },
    );
  }
  return {
    ...props,
    digest: source.digest,
    tagDigests: Object.fromEntries(props.tags.map((tag) => [tag, source.digest])),
  };
}

/** Restores moved tags to their previous images; says what could not be restored. */
async function putBack(
  store: TagStore,
  moved: readonly string[],
  before: ReadonlyMap<string, Manifest | undefined>,
): Promise<string> {
  const failed: string[] = [];
  const created: string[] = [];
  for (const tag of [...moved].reverse()) {
    const previous = before.get(tag);
    // A tag that did not exist cannot be removed on its own (a registry
    // deletes manifests, and with them every tag of the image), so it stays.
    if (previous === undefined) {
      created.push(tag);
      continue;
    }
    try {
      await store.put(tag, previous);
    } catch (error) {
      failed.push(`${tag} (${message(error)})`);
    }
  }
  const parts = [moved.length === 0 ? "no tag had been moved" : "the tags moved so far were put back"];
  if (created.length > 0)
    parts.push(
      `${created.join(", ")} did not exist before and now point${created.length === 1 ? "s" : ""} at the pinned image`,
    );
  if (failed.length > 0)
    parts.push(`putting back ${failed.join("; ")} failed, so those tags may point at the pinned image`);
  return parts.join("; ");
}

const movingTags: Provider = {
  check: (_olds: Bag, news: Bag) => Promise.resolve(checkMovingTags(news)),
  diff: (_id: string, olds: Bag, news: Bag) => Promise.resolve(diffMovingTags(olds, news)),

  async create(inputs: Bag) {
    const props = inputsOf(inputs);
    return { id: movingTagsId(props), outs: await withStore(props, (store) => pointTags(store, props)) };
  },

  /**
   * Where the tags point now. `tags` keeps only those still on the source
   * tag's image, so a tag someone else moved (a release workflow run, a
   * manual rollback) is drift: the next `pulumi up` moves it back.
   */
  async read(id: string, props: Bag = {}) {
    const known = inputsOf(props);
    return withStore(known, async (store) => {
      const digest = (await store.get(known.sourceTag))?.digest ?? "";
      const tagDigests = await liveDigests(store, known.tags);
      const inputs: MovingTagsProps = {
        ...known,
        tags: known.tags.filter((tag) => digest !== "" && tagDigests[tag] === digest),
      };
      const outs: MovingTagsOutputs = { ...inputs, digest, tagDigests };
      return { id, props: outs as unknown as Bag, inputs: inputs as unknown as Bag };
    });
  },

  /**
   * Points the new tag list at the new source. Tags dropped from the list
   * stay where they are: they are no longer pinned, so the release workflows
   * move them again from their next run.
   */
  async update(_id: string, _olds: Bag, news: Bag) {
    const props = inputsOf(news);
    return { outs: await withStore(props, (store) => pointTags(store, props)) };
  },

  /**
   * Changes nothing in the registry. Removing a pin hands the channel back
   * to the release workflows, which move its tags from their next run; until
   * then they keep pointing at the pinned image, which is the safe place.
   */
  delete: () => Promise.resolve(),
};

/** The provider's implementation. */
export const operations = { movingTags } as const;
