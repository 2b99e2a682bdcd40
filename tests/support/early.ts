/*
 * Slow work a spec needs from other processes (whole CLI runs, a policy
 * server), started when the suite starts instead of when the spec's turn
 * comes, so it overlaps the in-process specs. A spec registers a starter when
 * it is loaded; the root setup starts every registered one; the spec awaits
 * the same promise. Specs that are not loaded start nothing.
 */

const starters: (() => void)[] = [];

/** A memoized starter, begun by the root setup before any spec runs. */
export function early<T>(start: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  const get = () => (promise ??= start());
  starters.push(() => {
    // The spec awaits the same promise and reports its failure; this only keeps
    // an early failure from counting as unhandled before that.
    get().catch(() => undefined);
  });
  return get;
}

/** Starts every registered starter (the root setup calls it once). */
export function startEarly(): void {
  for (const start of starters.splice(0)) start();
}
