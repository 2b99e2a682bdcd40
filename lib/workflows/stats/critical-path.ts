/*
 * The longest chain of `needs` in a workflow, counted in jobs: the least number
 * of jobs that must run one after another, whatever the runners.
 */

/** A job as the critical path sees it. */
export interface PathJob {
  readonly id: string;
  readonly needs: readonly string[];
  /** Jobs it stands for on a chain: 1, or a called workflow's own critical path. */
  readonly length: number;
}

/** A `needs` that names no job, or a cycle; both make GitHub reject the workflow. */
export class NeedsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NeedsError";
  }
}

/** The number of jobs on the longest `needs` chain; 0 for no jobs. */
export function criticalPath(jobs: readonly PathJob[]): number {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const chain = (job: PathJob): number => {
    const known = memo.get(job.id);
    if (known !== undefined) return known;
    if (visiting.has(job.id)) throw new NeedsError(`job ${job.id} needs itself through a cycle`);
    visiting.add(job.id);
    const before = job.needs.map((need) => {
      const dependency = byId.get(need);
      if (dependency === undefined) throw new NeedsError(`job ${job.id} needs ${need}, which is not a job`);
      return chain(dependency);
    });
    visiting.delete(job.id);
    const length = job.length + Math.max(0, ...before);
    memo.set(job.id, length);
    return length;
  };
  return Math.max(0, ...jobs.map(chain));
}
