export * from "./schema";
export * from "./problems";
export { parseConfigMap, parseConfigObject, type LoadResult } from "./load";
export { cronProblem } from "../schedule/cron";
