/**
 * The dynamic providers as Pulumi serializes them into each resource's state.
 *
 * Pulumi serializes a dynamic provider by capturing the closure of its methods,
 * and it cannot serialize the API client (its response schemas hold native
 * bound functions), nor should it: a provider whose closure pulled in the
 * client would store that whole module graph in every resource's state. So
 * each method here only `require`s ./operations.ts at call time and forwards
 * to it. The module is found relative to the working directory, which Pulumi
 * sets to the project directory for the program and for the dynamic provider
 * host alike; a path relative to it keeps the state free of machine paths.
 * The host runs plain Node.js, so TypeScript loading (tsx) is registered
 * first when the process has none.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./operations";

/** ./operations.ts, relative to the project directory. */
const OPERATIONS_MODULE = "providers/dockerhub/operations.ts";

/** The implementation of one resource kind, loaded at call time (see the file comment). */
function implementation(kind: ResourceKind): Required<pulumi.dynamic.ResourceProvider> {
  /* eslint-disable @typescript-eslint/no-require-imports -- a static import would be captured into the serialized provider */
  const path = require("node:path") as typeof import("node:path");
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only synchronous way to ask whether a TypeScript loader is registered
  if (!(".ts" in require.extensions)) (require("tsx/cjs/api") as { register(): unknown }).register();
  const loaded = require(path.resolve(process.cwd(), OPERATIONS_MODULE)) as {
    operations: Record<ResourceKind, Required<pulumi.dynamic.ResourceProvider>>;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded.operations[kind];
}

/** A provider whose every method forwards to the implementation of `kind`. */
function forwarding(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    check: (olds: unknown, news: unknown) => implementation(kind).check(olds, news),
    diff: (id: string, olds: unknown, news: unknown) => implementation(kind).diff(id, olds, news),
    create: (inputs: unknown) => implementation(kind).create(inputs),
    read: (id: string, props?: unknown) => implementation(kind).read(id, props),
    update: (id: string, olds: unknown, news: unknown) => implementation(kind).update(id, olds, news),
    delete: (id: string, props: unknown) => implementation(kind).delete(id, props),
  };
}

/** Provider of `dockerhub:Repository`. */
export const repositoryProvider = forwarding("repository");
/** Provider of `dockerhub:Team`. */
export const teamProvider = forwarding("team");
/** Provider of `dockerhub:TeamMembers`. */
export const teamMembersProvider = forwarding("teamMembers");
/** Provider of `dockerhub:RepositoryTeamPermission`. */
export const teamPermissionProvider = forwarding("teamPermission");
