export * from "./model";
export * from "./markdown";
export * from "./stack-config";
