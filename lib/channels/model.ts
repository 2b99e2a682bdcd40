/**
 * The compiled tag scheme: every question about a tag or a version the rest of
 * the program asks is answered here, from the {@link TagScheme} alone.
 */
import { DFA, isDisjointWith, JS, NFA } from "refa";
import { BUILD_CACHE_TAG_RE, BUILD_CACHE_WILDCARD } from "./cache";
import type { Channel } from "./channel";
import type { LegacyPattern, TagScheme } from "./scheme";
import {
  CORE,
  NUM,
  placeholdersOf,
  renderTemplate,
  templateProblems,
  templateRegex,
  templateWildcardParts,
  type Placeholder,
} from "./template";
import { compileWildcard, escapeRegex, wildcardCount, wildcardRegex } from "./wildcard";

/**
 * Cosign's legacy tag-based storage: signatures, attestations and SBOMs are
 * separate images tagged after the signed digest, rewritten on every re-sign.
 * https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md
 */
export const SIGNATURE_TAG_RE = "sha256-[0-9a-f]{64}\\.(?:sig|att|sbom)";

/** What one immutable tag shape is for. */
export type ShapeRole = "stable" | "beta" | "nightly" | "commit";

/** One immutable tag form of the scheme. */
export interface ImmutableShape {
  /** `stable`, `beta`, `nightly-0`, `nightly-1`, `commit`. */
  readonly id: string;
  readonly channel: Channel;
  readonly role: ShapeRole;
  readonly template: string;
  /** Unanchored expression of every tag of the shape. */
  readonly regex: string;
}

/** One moving tag form and when it moves. */
export interface MovingShape {
  readonly channel: Channel;
  readonly template: string;
  /**
   * - `always`: every build (nightly);
   * - `highest`: no higher stable version is published (or no higher beta, for beta);
   * - `highest-major`: no higher stable version with the same major;
   * - `highest-minor`: no higher stable version with the same major and minor.
   */
  readonly scope: "always" | "highest" | "highest-major" | "highest-minor";
  readonly regex: string;
}

/** How a registry must treat a tag. */
export type TagClass =
  | { readonly kind: "immutable"; readonly shape: ImmutableShape }
  | { readonly kind: "moving"; readonly shape: MovingShape }
  | { readonly kind: "legacy"; readonly legacy: LegacyPattern }
  | { readonly kind: "signature" }
  /** A build cache tag (./cache.ts): not an image anyone pulls, kept while it is live. */
  | { readonly kind: "cache" }
  | { readonly kind: "other" };

/** A parsed release version. Numbers are bigints: a tag's numbers may be longer than 64 bits. */
export interface Version {
  readonly text: string;
  readonly core: readonly [bigint, bigint, bigint];
  /** The pre-release number, for a beta. */
  readonly pre?: bigint;
}

/** Retention's ECR wildcards per group; see {@link TagModel.retentionSelectors}. */
export interface RetentionSelectors {
  /** The build cache's tags (./cache.ts): never expired, and no channel's images. */
  readonly cache: readonly string[];
  /** Images with a tag matching one of these are never expired: literal moving tags, stable and `forever` legacy patterns. */
  readonly protect: readonly string[];
  /** Images with a tag matching one of these are betas, counted by `beta.keepLast`. */
  readonly beta: readonly string[];
  /** Images with a tag matching one of these are nightlies, expired after `nightly.maxAgeDays`. */
  readonly nightly: readonly string[];
}

const unique = (list: readonly string[]) => [...new Set(list)];

/** One problem in a scheme: the path under `tagScheme` and what to do. */
export interface SchemeProblem {
  readonly path: string;
  readonly message: string;
}

const nfaCache = new Map<string, NFA>();
function nfa(source: string): NFA {
  let cached = nfaCache.get(source);
  if (cached === undefined) {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: "" }).parse();
    cached = NFA.fromRegex(expression, { maxCharacter });
    nfaCache.set(source, cached);
  }
  return cached;
}

/** Whether two unanchored expressions share no whole string (refa's automata). */
export function languagesDisjoint(a: string, b: string): boolean {
  return isDisjointWith(nfa(a), nfa(b));
}

/** Whether every string `a` matches, `b` matches too. */
export function languageSubset(a: string, b: string): boolean {
  const notB = DFA.fromFA(nfa(b));
  notB.complement();
  return isDisjointWith(nfa(a), notB);
}

/**
 * Wildcards with the ones another covers removed (first of equals kept):
 * a rule for a covered wildcard would select nothing its coverer does not.
 */
export function withoutCovered(wildcards: readonly string[]): string[] {
  const list = unique(wildcards);
  return list.filter(
    (w, i) =>
      !list.some(
        (other, j) =>
          j !== i &&
          languageSubset(wildcardRegex(w), wildcardRegex(other)) &&
          (!languageSubset(wildcardRegex(other), wildcardRegex(w)) || j < i),
      ),
  );
}

/** One string both expressions match, when they overlap. */
export function commonExample(a: string, b: string): string | undefined {
  const both = NFA.fromIntersection(nfa(a), nfa(b));
  if (both.isEmpty) return undefined;
  for (const word of both.words()) return String.fromCodePoint(...word);
  return undefined;
}

export { wildcardRegex };

const ALLOWED: Readonly<Record<string, readonly Placeholder[]>> = {
  stableTag: ["version"],
  stableMoving: ["major", "minor"],
  betaTag: ["version"],
  literal: [],
  nightly: ["released", "next", "date", "short", "sha", "run"],
  commit: ["sha"],
};

/** A scheme compiled for use; build with {@link compileTagScheme}. */
export class TagModel {
  readonly scheme: TagScheme;
  /** `-rc` + NUM, `-beta\.` + NUM */
  readonly prereleaseRe: string;
  readonly stableVersionRe: string;
  readonly betaVersionRe: string;
  readonly immutable: readonly ImmutableShape[];
  readonly moving: readonly MovingShape[];
  private readonly anchored: { re: RegExp; cls: TagClass }[];
  private readonly legacyMatchers: { match: (tag: string) => boolean; legacy: LegacyPattern }[];

  constructor(scheme: TagScheme) {
    this.scheme = scheme;
    const { identifier, separator } = scheme.prerelease;
    this.prereleaseRe = `-${identifier}${separator === "." ? "\\." : ""}${NUM}`;
    this.stableVersionRe = CORE;
    this.betaVersionRe = `${CORE}${this.prereleaseRe}`;
    const shape = (id: string, channel: Channel, role: ShapeRole, template: string): ImmutableShape => ({
      id,
      channel,
      role,
      template,
      regex: templateRegex(template, channel === "beta" ? this.betaVersionRe : this.stableVersionRe),
    });
    this.immutable = [
      shape("stable", "stable", "stable", scheme.stable.tag),
      shape("beta", "beta", "beta", scheme.beta.tag),
      ...scheme.nightly.tags.map((t, i) => shape(`nightly-${String(i)}`, "nightly", "nightly", t)),
      shape("commit", "nightly", "commit", scheme.nightly.commitTag),
    ];
    this.moving = [
      ...scheme.stable.moving.map((template): MovingShape => {
        const used = placeholdersOf(template);
        const scope = used.includes("minor") ? "highest-minor" : used.includes("major") ? "highest-major" : "highest";
        return { channel: "stable", template, scope, regex: templateRegex(template) };
      }),
      ...scheme.beta.moving.map((template): MovingShape => ({
        channel: "beta",
        template,
        scope: "highest",
        regex: templateRegex(template),
      })),
      ...scheme.nightly.moving.map((template): MovingShape => ({
        channel: "nightly",
        template,
        scope: "always",
        regex: templateRegex(template),
      })),
    ];
    this.anchored = [
      { re: new RegExp(`^(?:${SIGNATURE_TAG_RE})$`), cls: { kind: "signature" } },
      { re: new RegExp(`^(?:${BUILD_CACHE_TAG_RE})$`), cls: { kind: "cache" } },
      ...this.moving.map((m): { re: RegExp; cls: TagClass } => ({
        re: new RegExp(`^(?:${m.regex})$`),
        cls: { kind: "moving", shape: m },
      })),
      ...this.immutable.map((s): { re: RegExp; cls: TagClass } => ({
        re: new RegExp(`^(?:${s.regex})$`),
        cls: { kind: "immutable", shape: s },
      })),
    ];
    this.legacyMatchers = scheme.legacy.map((legacy) => ({ match: compileWildcard(legacy.pattern), legacy }));
  }

  /** How a registry must treat `tag`: the single source of which tags are whose. */
  classify(tag: string): TagClass {
    for (const { re, cls } of this.anchored) if (re.test(tag)) return cls;
    for (const { match, legacy } of this.legacyMatchers) if (match(tag)) return { kind: "legacy", legacy };
    return { kind: "other" };
  }

  /** The channel whose retention keeps `tag`, or `forever`/`none`. */
  retentionOf(tag: string): Channel | "forever" | "moving" | "none" {
    const cls = this.classify(tag);
    switch (cls.kind) {
      case "immutable":
        return cls.shape.channel;
      case "moving":
        return "moving";
      case "legacy":
        return cls.legacy.retain;
      default:
        return "none";
    }
  }

  /** The git tag of a version: `v1.5.0`. */
  gitTag(version: string): string {
    return `${this.scheme.gitTagPrefix}${version}`;
  }

  /** The version of a git tag of `channel` (`v1.0.10-rc1` -> `1.0.10-rc1`), or undefined when it is not one. */
  versionOfGitTag(channel: "stable" | "beta", ref: string): string | undefined {
    const name = ref.startsWith("refs/tags/") ? ref.slice("refs/tags/".length) : ref;
    if (!name.startsWith(this.scheme.gitTagPrefix)) return undefined;
    const version = name.slice(this.scheme.gitTagPrefix.length);
    return this.parseVersion(channel, version) === undefined ? undefined : version;
  }

  /** Parses a stable (`X.Y.Z`) or beta version; undefined when it is not one. */
  parseVersion(channel: "stable" | "beta", text: string): Version | undefined {
    const re = channel === "stable" ? this.stableVersionRe : this.betaVersionRe;
    if (!new RegExp(`^(?:${re})$`).test(text)) return undefined;
    const [coreText, ...rest] = text.split("-");
    const [a, b, c] = coreText!.split(".").map((n) => BigInt(n));
    const core = [a!, b!, c!] as const;
    if (channel === "stable") return { text, core };
    const pre = rest
      .join("-")
      .slice(this.scheme.prerelease.identifier.length + this.scheme.prerelease.separator.length);
    return { text, core, pre: BigInt(pre) };
  }

  /**
   * The git tag trigger pattern of a channel, in GitHub's filter syntax:
   * `[0-9]` one listed character, `+` one or more of the preceding one, every
   * other character (`.` included) itself ("Filter pattern cheat sheet",
   * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet).
   * cortex.cpp's own workflows trigger on `v[0-9]+.[0-9]+.[0-9]+-rc[0-9]+`.
   */
  gitTagFilter(channel: "stable" | "beta"): string {
    const core = "[0-9]+.[0-9]+.[0-9]+";
    const { identifier, separator } = this.scheme.prerelease;
    return `${this.scheme.gitTagPrefix}${core}${channel === "beta" ? `-${identifier}${separator}[0-9]+` : ""}`;
  }

  /** The expression of a channel's git tags (unanchored). */
  gitTagRegex(channel: "stable" | "beta"): string {
    const prefix = escapeRegex(this.scheme.gitTagPrefix);
    return `${prefix}(?:${channel === "stable" ? this.stableVersionRe : this.betaVersionRe})`;
  }

  /** The expression of a channel's versions (what a rollback or a pin names). */
  versionRegexes(channel: Channel): string[] {
    if (channel === "stable") return [this.stableVersionRe];
    if (channel === "beta") return [this.betaVersionRe];
    return this.immutable.filter((s) => s.channel === "nightly").map((s) => s.regex);
  }

  /** The image tag of a stable or beta version; for nightly the tag itself. */
  versionTag(channel: Channel, version: string): string {
    if (channel === "nightly") return version;
    return renderTemplate(channel === "stable" ? this.scheme.stable.tag : this.scheme.beta.tag, { version });
  }

  /**
   * ECR wildcard for each immutable shape that matches all of it and no moving
   * or signature tag, within ECR's limit of `maxWildcards` `*`, and, when
   * `exclusive`, no tag of another shape either (for retention rules, which
   * must select one channel's images). Undefined when no such wildcard exists.
   */
  ecrWildcard(shape: ImmutableShape, maxWildcards: number, exclusive: boolean): string | undefined {
    const skeleton = shape.channel === "beta" ? `*.*.*${this.prereleaseSkeleton()}` : "*.*.*";
    const literals = templateWildcardParts(shape.template, skeleton);
    const candidates = wildcardCandidates(literals, maxWildcards);
    // Cache tags are overwritten by every build and kept by retention: no filter or selector may match one.
    const forbidden = [SIGNATURE_TAG_RE, BUILD_CACHE_TAG_RE, ...this.moving.map((m) => m.regex)];
    if (exclusive) {
      forbidden.push(...this.immutable.filter((s) => s.channel !== shape.channel).map((s) => s.regex));
    }
    return candidates.find((w) => {
      const re = wildcardRegex(w);
      return forbidden.every((f) => languagesDisjoint(re, f));
    });
  }

  /**
   * The ECR wildcards retention selects each group's images by, shared by the
   * ECR lifecycle compiler and the Docker Hub prune so that both registries
   * decide every image alike. A tag matching a selector is retained as that
   * group's, whether or not the channels pushed it.
   */
  retentionSelectors(): RetentionSelectors {
    const legacy = (retain: LegacyPattern["retain"]) =>
      this.scheme.legacy.filter((l) => l.retain === retain).map((l) => l.pattern);
    const wildcard = (s: ImmutableShape) => this.ecrWildcard(s, 4, true)!;
    const beta = this.immutable.filter((s) => s.channel === "beta").map(wildcard);
    const nightly = this.immutable.filter((s) => s.channel === "nightly").map(wildcard);
    return {
      cache: [BUILD_CACHE_WILDCARD],
      protect: unique([
        ...legacy("forever"),
        ...legacy("stable"),
        ...this.moving.filter((m) => placeholdersOf(m.template).length === 0).map((m) => m.template),
      ]),
      beta: withoutCovered([...beta, ...legacy("beta")]),
      nightly: withoutCovered([...nightly, ...legacy("nightly")]),
    };
  }

  /** Docker Hub immutable-tag rules (RE2, anchored): stable release tags only (see lib/channels/mutability.ts). */
  dockerHubImmutableRules(): string[] {
    return this.immutable.filter((s) => s.role === "stable").map((s) => `^${s.regex}$`);
  }

  private prereleaseSkeleton(): string {
    const { identifier, separator } = this.scheme.prerelease;
    return `-${identifier}${separator}*`;
  }
}

/**
 * The wildcards a template's literal runs allow within `max` stars, most
 * specific first: keep the first and last runs (the anchors) and as many inner
 * runs as the limit leaves, dropping the rest (each drop merges two stars).
 */
function wildcardCandidates(literals: readonly string[], max: number): string[] {
  if (literals.length === 1) return [literals[0]!];
  const first = literals[0]!;
  const last = literals[literals.length - 1]!;
  const inner = literals.slice(1, -1);
  const keep = Math.max(0, max - 1);
  const out: string[] = [];
  const choose = (start: number, picked: string[]) => {
    if (picked.length === Math.min(keep, inner.length)) {
      out.push([first, ...picked, last].join("*"));
      return;
    }
    for (let i = start; i < inner.length; i += 1) choose(i + 1, [...picked, inner[i]!]);
  };
  if (max >= 1) choose(0, []);
  // Fewer kept runs are broader; they come after the most specific.
  if (keep > 0 && inner.length > 0) out.push([first, last].join("*"));
  // Most literal characters first (the least a wildcard takes beyond its
  // shape); on a tie the one keeping later runs, generated later.
  const score = (w: string) => w.replaceAll("*", "").length;
  const unique = [...new Set(out)].filter((w) => wildcardCount(w) <= max);
  return unique
    .map((w, i) => ({ w, i }))
    .sort((a, b) => score(b.w) - score(a.w) || b.i - a.i)
    .map(({ w }) => w);
}

/** Numeric order of versions: core numbers, then a release above its pre-releases, then pre-release numbers. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i += 1) {
    if (a.core[i]! !== b.core[i]!) return a.core[i]! < b.core[i]! ? -1 : 1;
  }
  if (a.pre === undefined || b.pre === undefined) {
    return a.pre === b.pre ? 0 : a.pre === undefined ? 1 : -1;
  }
  return a.pre === b.pre ? 0 : a.pre < b.pre ? -1 : 1;
}

/** Every problem of a scheme: templates, overlaps, and what ECR and the workflows cannot enforce. */
export function tagSchemeProblems(scheme: TagScheme): SchemeProblem[] {
  // Every config parse checks the scheme, and the automata are the slow part: judge each scheme once.
  const key = JSON.stringify(scheme);
  let cached = problemCache.get(key);
  if (cached === undefined) {
    cached = computeSchemeProblems(scheme);
    problemCache.set(key, cached);
  }
  return cached.map((p) => ({ ...p }));
}

const problemCache = new Map<string, readonly SchemeProblem[]>();

function computeSchemeProblems(scheme: TagScheme): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const check = (path: string, template: string, allowed: readonly Placeholder[]) => {
    for (const m of templateProblems(template, allowed)) add(path, m);
  };
  if (!/^[A-Za-z0-9._-]*$/.test(scheme.gitTagPrefix)) {
    add("gitTagPrefix", `${JSON.stringify(scheme.gitTagPrefix)} may have only letters, digits, ".", "_" and "-"`);
  }
  if (!/^[a-z]{1,20}$/.test(scheme.prerelease.identifier)) {
    add(
      "prerelease.identifier",
      `${JSON.stringify(scheme.prerelease.identifier)} must be 1 to 20 lowercase letters, e.g. rc or beta`,
    );
  }
  check("stable.tag", scheme.stable.tag, ALLOWED.stableTag!);
  check("beta.tag", scheme.beta.tag, ALLOWED.betaTag!);
  if (!placeholdersOf(safe(scheme.stable.tag)).includes("version")) add("stable.tag", "must contain {version}");
  if (!placeholdersOf(safe(scheme.beta.tag)).includes("version")) add("beta.tag", "must contain {version}");
  scheme.stable.moving.forEach((t, i) => {
    check(`stable.moving[${String(i)}]`, t, ALLOWED.stableMoving!);
    const used = placeholdersOf(safe(t));
    if (used.includes("minor") && !used.includes("major")) {
      add(`stable.moving[${String(i)}]`, `${JSON.stringify(t)} has {minor} without {major}; write {major}.{minor}`);
    }
  });
  scheme.beta.moving.forEach((t, i) => {
    check(`beta.moving[${String(i)}]`, t, ALLOWED.literal!);
  });
  scheme.nightly.moving.forEach((t, i) => {
    check(`nightly.moving[${String(i)}]`, t, ALLOWED.literal!);
  });
  if (scheme.nightly.tags.length === 0)
    add("nightly.tags", "needs at least one tag: the first is the nightly's version");
  scheme.nightly.tags.forEach((t, i) => {
    check(`nightly.tags[${String(i)}]`, t, ALLOWED.nightly!);
    if (placeholdersOf(safe(t)).length === 0) {
      add(
        `nightly.tags[${String(i)}]`,
        `${JSON.stringify(t)} has no placeholder, so every nightly would push the same immutable tag; add {date}, {run} or {short}`,
      );
    }
  });
  check("nightly.commitTag", scheme.nightly.commitTag, ALLOWED.commit!);
  if (!placeholdersOf(safe(scheme.nightly.commitTag)).includes("sha")) {
    add("nightly.commitTag", "must contain {sha}: it is how a nightly knows a commit was already built");
  }
  scheme.legacy.forEach((l, i) => {
    if (!/^[A-Za-z0-9._*-]{1,128}$/.test(l.pattern) || !/[^*]/.test(l.pattern)) {
      add(
        `legacy[${String(i)}].pattern`,
        `${JSON.stringify(l.pattern)} must be an ECR wildcard: letters, digits, ".", "_", "-" and "*", not only "*"`,
      );
    } else if (wildcardCount(l.pattern) > 4) {
      add(
        `legacy[${String(i)}].pattern`,
        `${JSON.stringify(l.pattern)} has more than 4 wildcards, which ECR lifecycle rules refuse`,
      );
    }
  });
  if (problems.length > 0) return problems;

  const model = new TagModel(scheme);
  // Every tag a channel pushes must have one class: no two forms may share a tag.
  const forms: { path: string; regex: string }[] = [
    ...model.immutable.map((s) => ({ path: shapePath(s), regex: s.regex })),
    ...model.moving.map((m) => ({ path: movingPath(scheme, m), regex: m.regex })),
    { path: "(cosign signature tags)", regex: SIGNATURE_TAG_RE },
    { path: "(build cache tags)", regex: BUILD_CACHE_TAG_RE },
  ];
  for (let i = 0; i < forms.length; i += 1) {
    for (let j = i + 1; j < forms.length; j += 1) {
      const a = forms[i]!;
      const b = forms[j]!;
      const example = commonExample(a.regex, b.regex);
      if (example !== undefined) {
        add(a.path, `its tags overlap ${b.path}'s (both can be "${example}"); every tag must belong to one form`);
      }
    }
  }
  // Git tags of the two tagged channels must not overlap either (they trigger different workflows).
  // They cannot: a beta has "-<identifier>" after the core and a release ends at the core.
  // Legacy patterns never hold a moving tag (they would be expired with their image).
  scheme.legacy.forEach((l, i) => {
    const re = wildcardRegex(l.pattern);
    const cache = commonExample(re, BUILD_CACHE_TAG_RE);
    if (cache !== undefined) {
      add(
        `legacy[${String(i)}].pattern`,
        `matches the build cache tag "${cache}", which every build overwrites and retention must keep; make the pattern narrower`,
      );
    }
    for (const m of model.moving) {
      const example = commonExample(re, m.regex);
      if (example !== undefined) {
        add(
          `legacy[${String(i)}].pattern`,
          `matches the moving tag "${example}" (${movingPath(scheme, m)}); legacy patterns are for version tags`,
        );
      }
    }
    if (l.retain !== "stable" && l.retain !== "forever") {
      const stable = model.immutable.find((s) => s.role === "stable")!;
      const example = commonExample(re, stable.regex);
      if (example !== undefined) {
        add(
          `legacy[${String(i)}].pattern`,
          `matches the release tag "${example}", which ${l.retain} retention would expire; make the pattern narrower`,
        );
      }
    }
  });
  // Retention must be able to select each beta and nightly form in ECR without touching another channel's tags.
  for (const s of model.immutable.filter((x) => x.channel !== "stable")) {
    if (model.ecrWildcard(s, 4, true) === undefined) {
      add(
        shapePath(s),
        `no ECR wildcard (at most 4 "*") matches ${JSON.stringify(s.template)} without also matching another channel's, a moving or a build cache tag, so ECR retention could not keep it apart; add a literal that sets it apart (e.g. a "nightly-" prefix)`,
      );
    }
  }
  if (problems.length > 0) return problems;
  // Beta retention counts images per ECR rule: two beta selectors may not
  // share tags unless one covers the other (then only the wider one is a rule).
  const betas = model.retentionSelectors().beta;
  for (let i = 0; i < betas.length; i += 1) {
    for (let j = i + 1; j < betas.length; j += 1) {
      const example = commonExample(wildcardRegex(betas[i]!), wildcardRegex(betas[j]!));
      if (example !== undefined) {
        add(
          "legacy",
          `the beta selectors ${betas[i]!} and ${betas[j]!} both match "${example}" and neither covers the other, so ECR would count such a beta twice; widen one legacy pattern to cover the other (e.g. beta-*)`,
        );
      }
    }
  }
  return problems;
}

function safe(template: string): string {
  try {
    placeholdersOf(template);
    return template;
  } catch {
    return "";
  }
}

function shapePath(s: ImmutableShape): string {
  if (s.role === "commit") return "nightly.commitTag";
  if (s.channel === "nightly") return `nightly.tags[${s.id.slice("nightly-".length)}]`;
  return `${s.channel}.tag`;
}

function movingPath(scheme: TagScheme, m: MovingShape): string {
  const list = scheme[m.channel].moving;
  return `${m.channel}.moving[${String(list.indexOf(m.template))}]`;
}

const modelCache = new Map<string, TagModel>();
/**
 * The model of a valid scheme; throws listing the problems of an invalid one
 * (config validation reports them first, with their paths).
 */
export function compileTagScheme(scheme: TagScheme): TagModel {
  const key = JSON.stringify(scheme);
  let model = modelCache.get(key);
  if (model === undefined) {
    const problems = tagSchemeProblems(scheme);
    if (problems.length > 0) {
      throw new Error(`invalid tag scheme: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    }
    model = new TagModel(scheme);
    modelCache.set(key, model);
  }
  return model;
}
