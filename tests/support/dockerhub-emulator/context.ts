import type { ContractSwitches } from "./access";
import type { HubStore } from "./store";
import type { Principal, TokenIssuer } from "./tokens";

/** What a route handler sees of a request. */
export interface HandlerContext {
  readonly store: HubStore;
  readonly tokens: TokenIssuer;
  /** Undefined on routes that allow anonymous calls, when no token was sent. */
  readonly principal: Principal | undefined;
  /** Path parameters, URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  /** Parsed JSON body; undefined when none was sent. */
  readonly body: unknown;
  /** Origin used in absolute `next`/`previous` links. */
  readonly publicUrl: string;
  /** Behaviour Docker's documentation leaves open, as this emulator plays it. */
  readonly switches: ContractSwitches;
}

/** A successful answer; errors are raised as HttpProblem. */
export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
}

/** Serves one route. */
export type Handler = (context: HandlerContext) => HandlerResult;

/** A path parameter the route pattern guarantees. */
export function param(context: HandlerContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}
