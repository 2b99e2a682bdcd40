import { re2Problem } from "../../../../lib/dockerhub/re2";
import { param, type Handler } from "../context";
import { paginate } from "../pagination";
import { invalidFields, notFound } from "../problem";
import type { RepositoryRecord } from "../store";
import {
  checkBoolean,
  checkOptionalText,
  checkRepositoryName,
  FieldErrors,
  MAX_DESCRIPTION,
  MAX_FULL_DESCRIPTION,
  objectBody,
} from "../validation";
import { repositoryView } from "../views";

const ORDERINGS = ["name", "-name", "last_updated", "-last_updated", "pull_count", "-pull_count"] as const;

function compareBy(ordering: string): (a: RepositoryRecord, b: RepositoryRecord) => number {
  const descending = ordering.startsWith("-");
  const key = ordering.replace(/^-/, "");
  return (a, b) => {
    // Every emulated repository has pull_count 0, so that ordering falls back to the name.
    const primary =
      key === "last_updated"
        ? a.lastUpdated.localeCompare(b.lastUpdated)
        : key === "name"
          ? a.name.localeCompare(b.name)
          : 0;
    const result = primary === 0 ? a.name.localeCompare(b.name) : primary;
    return descending ? -result : result;
  };
}

/** GET /v2/namespaces/{ns}/repositories: private repositories only for those who manage the namespace. */
export const listRepositories: Handler = (context) => {
  const { store, principal, url } = context;
  const namespace = param(context, "namespace");
  if (!store.namespaceExists(namespace)) throw notFound(`namespace ${namespace}`);
  const ordering = url.searchParams.get("ordering") ?? "name";
  if (!(ORDERINGS as readonly string[]).includes(ordering)) {
    throw invalidFields({ ordering: [`Invalid ordering value. Must be one of: ${ORDERINGS.join(", ")}`] });
  }
  const filter = url.searchParams.get("name") ?? "";
  const visible = [...store.repositories.values()]
    .filter((repo) => repo.namespace === namespace && repo.name.includes(filter))
    .filter((repo) => !repo.isPrivate || store.canManage(principal, namespace))
    .sort(compareBy(ordering));
  const page = paginate(visible, url, context.publicUrl);
  return { status: 200, body: { ...page, results: page.results.map(repositoryView) } };
};

/** POST /v2/namespaces/{ns}/repositories. */
export const createRepository: Handler = (context) => {
  const { store, principal } = context;
  const namespace = param(context, "namespace");
  store.requireManage(principal, namespace, "create repositories");
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  checkRepositoryName(errors, input.name);
  if (input.namespace !== undefined && input.namespace !== namespace)
    errors.add("namespace", `Must match the namespace in the path (${namespace}).`);
  checkOptionalText(errors, "description", input.description, MAX_DESCRIPTION);
  checkOptionalText(errors, "full_description", input.full_description, MAX_FULL_DESCRIPTION);
  checkBoolean(errors, "is_private", input.is_private, false);
  if (input.registry !== undefined && input.registry !== "docker.io")
    errors.add("registry", "Only docker.io is supported.");
  errors.throwIfAny();
  const name = input.name as string;
  if (store.repositories.has(`${namespace}/${name}`))
    throw invalidFields({ name: ["Repository with this Name already exists."] });
  const repo = store.addRepository({
    namespace,
    name,
    description: (input.description as string | undefined) ?? "",
    fullDescription: (input.full_description as string | undefined) ?? "",
    isPrivate: (input.is_private as boolean | undefined) ?? false,
  });
  return { status: 201, body: repositoryView(repo) };
};

/** GET /v2/namespaces/{ns}/repositories/{repo}. */
export const getRepository: Handler = (context) => {
  const repo = context.store.visibleRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
  );
  return { status: 200, body: repositoryView(repo) };
};

/** PATCH /v2/repositories/{ns}/{repo}/: description and full description. */
export const updateRepository: Handler = (context) => {
  const { store } = context;
  const repo = store.managedRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
    "update",
  );
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  checkOptionalText(errors, "description", input.description, MAX_DESCRIPTION);
  checkOptionalText(errors, "full_description", input.full_description, MAX_FULL_DESCRIPTION);
  errors.throwIfAny();
  if (typeof input.description === "string") repo.description = input.description;
  if (typeof input.full_description === "string") repo.fullDescription = input.full_description;
  repo.lastUpdated = store.isoNow();
  return { status: 200, body: repositoryView(repo) };
};

/** POST /v2/repositories/{ns}/{repo}/privacy `{is_private}`. */
export const setPrivacy: Handler = (context) => {
  const repo = context.store.managedRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
    "change the visibility of",
  );
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  checkBoolean(errors, "is_private", input.is_private, true);
  errors.throwIfAny();
  repo.isPrivate = input.is_private as boolean;
  return { status: 200, body: repositoryView(repo) };
};

/** PATCH /v2/namespaces/{ns}/repositories/{repo}/immutabletags `{immutable_tags, immutable_tags_rules}`. */
export const setImmutableTags: Handler = (context) => {
  const repo = context.store.managedRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
    "change tag immutability of",
  );
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  checkBoolean(errors, "immutable_tags", input.immutable_tags, true);
  const rules = input.immutable_tags_rules;
  if (!Array.isArray(rules) || !rules.every((rule) => typeof rule === "string")) {
    errors.add("immutable_tags_rules", "Expected a list of regular expressions.");
  } else {
    // Go RE2, as Docker Hub documents (ASSUMPTIONS.md #17).
    for (const rule of rules) {
      const problem = re2Problem(rule);
      if (problem !== undefined) errors.add("immutable_tags_rules", `Invalid regular expression: ${rule}: ${problem}`);
    }
  }
  errors.throwIfAny();
  repo.immutableTags = input.immutable_tags as boolean;
  repo.immutableRules = [...(rules as string[])];
  return { status: 200, body: repositoryView(repo) };
};

/** DELETE /v2/repositories/{ns}/{repo}/: removes the repository with its tags and permissions. */
export const deleteRepository: Handler = (context) => {
  const repo = context.store.managedRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
    "delete",
  );
  context.store.repositories.delete(`${repo.namespace}/${repo.name}`);
  return { status: 202 };
};
