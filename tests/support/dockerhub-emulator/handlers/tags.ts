import { param, type Handler } from "../context";
import { paginate } from "../pagination";
import { HttpProblem, notFound } from "../problem";
import type { RepositoryRecord } from "../store";
import { tagView } from "../views";

/**
 * Whether a tag is immutable: immutability enabled and either no rules (every tag,
 * "All tags are immutable") or a rule matching the whole tag name.
 */
export function isImmutable(repo: RepositoryRecord, tag: string): boolean {
  if (!repo.immutableTags) return false;
  if (repo.immutableRules.length === 0) return true;
  return repo.immutableRules.some((rule) => new RegExp(`^(?:${rule})$`).test(tag));
}

/** GET /v2/namespaces/{ns}/repositories/{repo}/tags, newest push first. */
export const listTags: Handler = (context) => {
  const repo = context.store.visibleRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
  );
  const tags = [...repo.tags.values()].sort(
    (a, b) => b.lastPushed.localeCompare(a.lastPushed) || a.name.localeCompare(b.name),
  );
  const page = paginate(tags, context.url, context.publicUrl);
  return { status: 200, body: { ...page, results: page.results.map(tagView) } };
};

/** DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/: 204, 404 when absent, 400 when immutable. */
export const deleteTag: Handler = (context) => {
  const repo = context.store.managedRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
    "delete tags of",
  );
  const name = param(context, "tag");
  if (!repo.tags.has(name)) throw notFound(`tag ${repo.namespace}/${repo.name}:${name}`);
  if (isImmutable(repo, name)) {
    throw new HttpProblem(400, {
      message: `tag ${name} is immutable and cannot be deleted`,
      errinfo: { namespace: repo.namespace, repository: repo.name, tag: name },
    });
  }
  repo.tags.delete(name);
  return { status: 204 };
};
