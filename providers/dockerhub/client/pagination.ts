import { HubResponseError } from "./errors";
import type { HubTransport } from "./transport";
import { parsePage } from "./wire";

/** Largest page Docker Hub serves (reference: "page_size=100 (max ...; default is 10)"). */
export const MAX_PAGE_SIZE = 100;

/**
 * Reads every page of a list: asks for the largest page, then follows the absolute
 * `next` URL until it is null. There is no page cap: stopping early would make a
 * retention prune or a drift check act on a partial list. The transport refuses a
 * `next` off the configured origin; a `next` seen twice is a loop and an error.
 */
export async function collectAll<T>(
  transport: HubTransport,
  firstPath: string,
  route: string,
  parseItem: (item: unknown) => T,
): Promise<T[]> {
  const separator = firstPath.includes("?") ? "&" : "?";
  let target: string | undefined = `${firstPath}${separator}page_size=${MAX_PAGE_SIZE}`;
  const seen = new Set<string>();
  const items: T[] = [];
  while (target !== undefined) {
    seen.add(target);
    const page: { next: string | undefined; results: T[] } = await transport.send({
      method: "GET",
      target,
      route,
      parse: (body) => {
        const raw = parsePage(body);
        return { next: raw.next, results: raw.results.map(parseItem) };
      },
    });
    items.push(...page.results);
    if (page.next !== undefined && seen.has(page.next)) {
      throw new HubResponseError({
        status: 200,
        method: "GET",
        path: target,
        answer: `next link ${page.next} repeats an earlier page`,
      });
    }
    target = page.next;
  }
  return items;
}
