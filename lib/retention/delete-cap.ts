/*
 * The caution cap both prunes apply (`--max-delete-share`): a run that would
 * delete more than a share of a repository's images (ECR) or tags (Docker Hub)
 * deletes nothing there, since a bug or a half-read repository is likelier
 * than a real backlog that large.
 */

/** The default cap: at most half of a repository in one run. */
export const DEFAULT_MAX_DELETE_SHARE = 0.5;

/**
 * Whether deleting `count` of `total` stays within `maxShare`. Compared as
 * `count / total <= maxShare`: a division and a decimal literal are both
 * correctly rounded, so a share written as the exact ratio (`0.29` for 29 of
 * 100) passes, which `count <= maxShare * total` (28.999999999999996) does not.
 */
export function withinDeleteCap(count: number, total: number, maxShare: number): boolean {
  return count === 0 || count / total <= maxShare;
}

/**
 * The smallest share with two decimals that {@link withinDeleteCap} accepts
 * for deleting `count` of `total` (`0.29` for 29 of 100, `0.3` for 29 of 99),
 * for refusals to suggest. `100 * count` and `total` are integers, so the
 * quotient is either exact or at least `1 / total` away from an integer, and
 * its ceiling is exact.
 */
export function smallestDeleteShare(count: number, total: number): number {
  if (count === 0) return 0;
  return Math.ceil((100 * count) / total) / 100;
}
