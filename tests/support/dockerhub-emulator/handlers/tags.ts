import { compileRe2Rule, type RuleAnchoring } from "../../../../lib/dockerhub/re2";
import { param, type Handler } from "../context";
import { paginate } from "../pagination";
import { HttpProblem, notFound } from "../problem";
import type { RepositoryRecord } from "../store";
import { tagView } from "../views";

/**
 * Whether a tag is immutable: immutability enabled and either no rules (every tag,
 * "All tags are immutable") or a Go RE2 rule matching the tag, whole or anywhere in
 * it as the emulator was started (ASSUMPTIONS.md #18).
 */
export function isImmutable(
  repo: Pick<RepositoryRecord, "immutableTags" | "immutableRules">,
  tag: string,
  anchoring: RuleAnchoring,
): boolean {
  if (!repo.immutableTags) return false;
  if (repo.immutableRules.length === 0) return true;
  return repo.immutableRules.some((rule) => compileRe2Rule(rule, anchoring)(tag));
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
  if (isImmutable(repo, name, context.store.immutableRuleAnchoring)) {
    throw new HttpProblem(400, {
      message: `tag ${name} is immutable and cannot be deleted`,
      errinfo: { namespace: repo.namespace, repository: repo.name, tag: name },
    });
  }
  repo.tags.delete(name);
  return { status: 204 };
};
