/** What `release-infra adopt` found, as plain data: rendered as a table or printed as JSON. */
import type { ImportCandidate } from "../plan/imports";
import type { PlanResource } from "../plan/model";
import type { ExistingState } from "./dump";

/** The services adopt reads, in the order the report lists them. */
export const SERVICES = ["dockerhub", "github", "aws"] as const;
export type Service = (typeof SERVICES)[number];

/**
 * What the first `pulumi up` does to a declared resource: nothing
 * (`unchanged`), bring the existing one to the config (`changed`), or make it
 * (`create`).
 */
export type AdoptStatus = "unchanged" | "changed" | "create";

/** One field where what exists differs from the config. */
export interface Difference {
  /** The resource input, e.g. `description`, `members`, `rules.pullRequest.requiredApprovingReviewCount`. */
  readonly field: string;
  /** What exists; `undefined` for nothing. */
  readonly existing: unknown;
  /** What the config declares. */
  readonly desired: unknown;
}

/** A resource the stack declares, and what exists of it. */
export interface AdoptEntry {
  readonly service: Service;
  /** The Pulumi type token. */
  readonly type: string;
  /** The logical name in the program. */
  readonly name: string;
  /** What a person calls it: `team`, `ECR repository`. */
  readonly kind: string;
  /** The natural key in the service, e.g. `cortexproject/cortex`. */
  readonly key: string;
  readonly status: AdoptStatus;
  /** Empty unless `changed`. */
  readonly differences: readonly Difference[];
  /** Facts worth knowing that change nothing (tag counts, pending invitations). */
  readonly notes: readonly string[];
}

/** Something that exists but is not in the config: `pulumi up` leaves it alone. */
export interface UnmanagedEntry {
  readonly service: Service;
  readonly kind: string;
  readonly key: string;
  readonly note?: string;
}

/** Declared resources of one type that adopt does not read, and why that is safe to know. */
export interface NotCompared {
  readonly service: Service;
  readonly type: string;
  readonly count: number;
  readonly why: string;
}

/** The comparison of a stack's plan with what exists. */
export interface AdoptReport {
  readonly stack: string;
  /** When the existing state was read (the dump's `readAt`). */
  readonly readAt: string;
  readonly entries: readonly AdoptEntry[];
  readonly unmanaged: readonly UnmanagedEntry[];
  readonly notCompared: readonly NotCompared[];
  /** The existing resources Pulumi must import before the first `pulumi up` (lib/plan/imports.ts decides which). */
  readonly imports: readonly ImportCandidate[];
}

/** What a comparator found of one declared resource: `undefined` when it does not exist. */
export interface Found {
  readonly differences: readonly Difference[];
  readonly notes?: readonly string[];
}

/** What comparators need besides the resource. */
export interface CompareContext {
  readonly existing: ExistingState;
  /**
   * The slug of the team behind a GitHub team id as the plan holds it (the
   * offline plan has stand-in ids, not GitHub's), for reviewers and bypass actors.
   */
  readonly planTeamSlug: (id: number) => string | undefined;
}

/** How one declared resource type is found and compared. */
export interface Comparator {
  readonly service: Service;
  readonly kind: string;
  readonly key: (r: PlanResource) => string;
  readonly find: (r: PlanResource, context: CompareContext) => Found | undefined;
}
