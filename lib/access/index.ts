export * from "./roles";
export * from "./plan";
export * from "./guard";
export * from "./deployed";
