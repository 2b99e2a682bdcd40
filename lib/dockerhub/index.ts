/** Docker Hub decisions as pure functions: names, the organization plan, the tag prune plan. */
export * from "./names";
export * from "./plan";
export * from "./prune";
