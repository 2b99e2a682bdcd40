/** Which requests a fault applies to; unset fields match everything. */
export interface FaultFilter {
  readonly method?: string;
  /** Route kind as in the request log, e.g. `repositories.create`. */
  readonly route?: string;
}

/** What happens to a matched request. */
export type Fault =
  | { readonly kind: "fail"; readonly status: number }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "drop-after-write" };

interface Armed {
  readonly fault: Fault;
  readonly filter: FaultFilter;
  remaining: number;
}

/** Faults armed by tests, consumed in order by the requests they match. */
export class FaultQueue {
  private armed: Armed[] = [];

  arm(count: number, fault: Fault, filter: FaultFilter = {}): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`fault count must be a positive integer, got ${count}`);
    this.armed.push({ fault, filter, remaining: count });
  }

  /** Takes one fault of `kinds` matching the request, if any is armed. */
  take(method: string, route: string, kinds: readonly Fault["kind"][]): Fault | undefined {
    const found = this.armed.find(
      (entry) =>
        kinds.includes(entry.fault.kind) &&
        (entry.filter.method === undefined || entry.filter.method === method) &&
        (entry.filter.route === undefined || entry.filter.route === route),
    );
    if (found === undefined) return undefined;
    found.remaining -= 1;
    if (found.remaining === 0) this.armed = this.armed.filter((entry) => entry !== found);
    return found.fault;
  }

  clear(): void {
    this.armed = [];
  }
}
