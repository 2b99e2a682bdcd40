import { HttpProblem } from "./problem";

/** Docker Hub's default and maximum page sizes ("Defaults to 10. Max of 100."). */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

/** The `{count, next, previous, results}` envelope. */
export interface PageBody<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: readonly T[];
}

function positiveInteger(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}

/**
 * Slices `items` the way Docker Hub pages lists: `page` from 1, `page_size` default 10
 * and capped at 100, absolute `next`/`previous` links built on `publicUrl` that keep
 * every other query parameter. A page past the last one is a 404 (documented for
 * repositories; see ASSUMPTIONS.md for the other lists). Page 1 of an empty list is
 * an empty 200.
 */
export function paginate<T>(items: readonly T[], requestUrl: URL, publicUrl: string): PageBody<T> {
  const rawPage = requestUrl.searchParams.get("page");
  const page = rawPage === null ? 1 : positiveInteger(rawPage);
  if (page === undefined) throw new HttpProblem(404, { detail: "Invalid page." });
  const size = Math.min(positiveInteger(requestUrl.searchParams.get("page_size")) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const start = (page - 1) * size;
  if (page > 1 && start >= items.length) throw new HttpProblem(404, { detail: "Invalid page." });

  const link = (target: number): string => {
    const url = new URL(`${requestUrl.pathname}${requestUrl.search}`, publicUrl);
    url.searchParams.set("page", String(target));
    url.searchParams.set("page_size", String(size));
    return url.toString();
  };
  return {
    count: items.length,
    next: start + size < items.length ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: items.slice(start, start + size),
  };
}
