/**
 * The `retag:MovingTags` provider as Pulumi serializes it into each resource's
 * state: every method only `require`s ./operations.ts at call time and
 * forwards to it, so the registry clients (the AWS SDK among them) are never
 * captured into the serialized closure. The module is found relative to the
 * working directory, which Pulumi sets to the project directory for the
 * program and for the dynamic provider host alike. The host runs plain
 * Node.js, so TypeScript loading (tsx) is registered first when the process
 * has none. providers/dockerhub/provider.ts explains the same pattern.
 */
import type * as pulumi from "@pulumi/pulumi";

/** ./operations.ts, relative to the project directory. */
const OPERATIONS_MODULE = "providers/retag/operations.ts";

function implementation(): Required<pulumi.dynamic.ResourceProvider> {
  /* eslint-disable @typescript-eslint/no-require-imports -- a static import would be captured into the serialized provider */
  const path = require("node:path") as typeof import("node:path");
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only synchronous way to ask whether a TypeScript loader is registered
  if (!(".ts" in require.extensions)) (require("tsx/cjs/api") as { register(): unknown }).register();
  const loaded = require(path.resolve(process.cwd(), OPERATIONS_MODULE)) as {
    operations: { movingTags: Required<pulumi.dynamic.ResourceProvider> };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded.operations.movingTags;
}

/** Provider of `retag:MovingTags`. */
export const movingTagsProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds: unknown, news: unknown) => implementation().check(olds, news),
  diff: (id: string, olds: unknown, news: unknown) => implementation().diff(id, olds, news),
  create: (inputs: unknown) => implementation().create(inputs),
  read: (id: string, props?: unknown) => implementation().read(id, props),
  update: (id: string, olds: unknown, news: unknown) => implementation().update(id, olds, news),
  delete: (id: string, props: unknown) => implementation().delete(id, props),
};
