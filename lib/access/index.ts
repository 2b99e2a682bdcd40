export * from "./roles";
export * from "./plan";
export * from "./membership";
export * from "./guard";
export * from "./deployed";
