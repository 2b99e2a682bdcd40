/*
 * The one table of GitHub Actions the generated workflows may use (rule W3 in
 * security-rules.md). Every `uses:` line is rendered from here as
 * `owner/repo[/path]@<sha> # <tag>`, so updating an action is a one-line change.
 * The SHAs are the peeled commits of the release tags listed in
 * reference/pinned-actions.md; never write a SHA that was not resolved from a tag.
 */

/** One action pinned to the commit of a release tag. */
export interface PinnedAction {
  /** `owner/repo`, or `owner/repo/path` for an action in a subdirectory. */
  readonly action: string;
  /** Full 40-hex commit SHA the tag points to. */
  readonly sha: string;
  /** The release tag the SHA was resolved from, rendered as a trailing comment. */
  readonly tag: string;
}

/** Pinned actions by the key steps refer to them with. */
export const PINNED_ACTIONS = {
  checkout: { action: "actions/checkout", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", tag: "v7.0.1" },
  setupNode: { action: "actions/setup-node", sha: "820762786026740c76f36085b0efc47a31fe5020", tag: "v7.0.0" },
  uploadArtifact: { action: "actions/upload-artifact", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", tag: "v7.0.0" },
  setupQemu: { action: "docker/setup-qemu-action", sha: "96fe6ef7f33517b61c61be40b68a1882f3264fb8", tag: "v4.2.0" },
  setupBuildx: { action: "docker/setup-buildx-action", sha: "37fe631027851001ddb9b187196cc803df7f5f0e", tag: "v4.3.0" },
  dockerLogin: { action: "docker/login-action", sha: "4907a6ddec9925e35a0a9e82d7399ccc52663121", tag: "v4.1.0" },
  buildPush: { action: "docker/build-push-action", sha: "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a", tag: "v7.3.0" },
  dockerMetadata: { action: "docker/metadata-action", sha: "dc802804100637a589fabce1cb79ff13a1411302", tag: "v6.2.0" },
  awsCredentials: {
    action: "aws-actions/configure-aws-credentials",
    sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
    tag: "v6.2.3",
  },
  ecrLogin: { action: "aws-actions/amazon-ecr-login", sha: "03f1aad4c6c7ffd436567f42f9384779290529bd", tag: "v2.1.7" },
  trivy: { action: "aquasecurity/trivy-action", sha: "ed142fd0673e97e23eac54620cfb913e5ce36c25", tag: "v0.36.0" },
  uploadSarif: {
    action: "github/codeql-action/upload-sarif",
    sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e",
    tag: "v4.36.2",
  },
  cosignInstaller: {
    action: "sigstore/cosign-installer",
    sha: "6f9f17788090df1f26f669e9d70d6ae9567deba6",
    tag: "v4.1.2",
  },
  attestBuildProvenance: {
    action: "actions/attest-build-provenance",
    sha: "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32",
    tag: "v4.1.0",
  },
  dockerhubDescription: {
    action: "peter-evans/dockerhub-description",
    sha: "1b9a80c056b620d92cedb9d9b5a223409c68ddfa",
    tag: "v5.0.0",
  },
  pulumi: { action: "pulumi/actions", sha: "8e5e406f4007fca908480587cb9893c07090f58d", tag: "v7.0.0" },
  createOrUpdateComment: {
    action: "peter-evans/create-or-update-comment",
    sha: "e8674b075228eee787fea43ef493e45ece1004c9",
    tag: "v5.0.0",
  },
} as const satisfies Record<string, PinnedAction>;

/** Key of an action in {@link PINNED_ACTIONS}. */
export type ActionKey = keyof typeof PINNED_ACTIONS;

/** The `uses:` value of a pinned action: `owner/repo[/path]@<sha>` (the renderer adds `# <tag>`). */
export function pinnedUses(key: ActionKey): string {
  const pinned: PinnedAction = PINNED_ACTIONS[key];
  return `${pinned.action}@${pinned.sha}`;
}

/** The pinned action a `uses:` reference names, by `owner/repo[/path]`, if it is in the table. */
export function pinnedActionNamed(action: string): PinnedAction | undefined {
  return Object.values(PINNED_ACTIONS).find((pinned: PinnedAction) => pinned.action === action);
}
