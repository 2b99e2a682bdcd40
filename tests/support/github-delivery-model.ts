/*
 * A model of what `pulumi up` does to the generated-file delivery on GitHub:
 * the engine's steps (refresh, create, update, replace, delete with
 * `deletedWith`) over the provider semantics that matter, against a small
 * GitHub that holds branches, files and pull requests. The program's own
 * registrations (from the mock engine) drive it, so a test can play a
 * sequence of deployments and merges and see what a real one would do.
 *
 * Provider semantics modelled (integrations/terraform-provider-github@v6.13.0,
 * bundled by @pulumi/github 6.15.0; lib/contract/update-semantics.ts):
 * - github_branch: create adopts an existing ref (resource_github_branch.go:105-110);
 *   a changed `branch` is an Update that renames (RenameBranch, :189-210);
 *   delete is DeleteRef with no 404 handling (:180-184); refresh drops it on 404 (:131-147).
 * - github_repository_file: `branch` and `file` are ForceNew (:47-64); create needs the
 *   branch; delete is DeleteFile on the branch (:405-423); refresh drops it on 404 (:285-288).
 * - github_repository_pull_request: `head_ref` is ForceNew, `base_ref` updates in place
 *   (:47-57); delete closes an open pull request and forgets any other (:301-326);
 *   refresh has no 404 handling (:186-189).
 * Engine semantics (Pulumi): a replacement creates the new resource first and deletes
 * the old one after; resources gone from the program are deleted in reverse dependency
 * order; a resource whose `deletedWith` target is deleted in the same update gets no
 * delete call; a failed step ends the update and leaves the resource in state.
 * GitHub semantics where its documentation is silent are switches (see GitHubOptions).
 */
import { replacesOnChange } from "../../lib/contract/update-semantics";
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { GITHUB } from "../../lib/resource-types";

const T = { branch: GITHUB.branch, file: GITHUB.file, pullRequest: GITHUB.pullRequest } as const;
const MODELLED: readonly string[] = Object.values(T);

/** GitHub's behaviour where its documentation does not settle it. */
export interface GitHubOptions {
  /** The repository setting "Automatically delete head branches" (on merge). */
  readonly deleteHeadBranchOnMerge: boolean;
  /** What a branch rename does to open pull requests whose head it is. */
  readonly renamedHead: "closes-pull-request" | "follows-rename";
}

interface PullRequest {
  readonly number: number;
  head: string;
  readonly base: string;
  state: "open" | "closed" | "merged";
}

/** The slice of GitHub the delivery touches. */
export class FakeGitHub {
  /** Branch name -> its files (path -> content). */
  readonly branches = new Map<string, Map<string, string>>();
  readonly pulls: PullRequest[] = [];

  constructor(
    readonly options: GitHubOptions,
    baseBranches: readonly string[],
  ) {
    for (const b of baseBranches) this.branches.set(b, new Map());
  }

  createBranch(name: string, source: string): void {
    if (this.branches.has(name)) return; // "Reference already exists": adopted
    const from = this.branches.get(source);
    if (from === undefined) throw new Error(`create branch ${name}: source branch ${source} does not exist`);
    this.branches.set(name, new Map(from));
  }

  renameBranch(from: string, to: string): void {
    const files = this.branches.get(from);
    if (files === undefined) throw new Error(`rename branch ${from}: 404 Not Found`);
    this.branches.delete(from);
    this.branches.set(to, files);
    for (const pr of this.pulls.filter((p) => p.head === from && p.state === "open")) {
      if (this.options.renamedHead === "closes-pull-request") pr.state = "closed";
      else pr.head = to;
    }
  }

  deleteBranch(name: string): void {
    if (!this.branches.delete(name)) throw new Error(`delete branch ${name}: 422 Reference does not exist`);
    // GitHub closes the open pull requests of a deleted head branch.
    for (const pr of this.pulls.filter((p) => p.head === name && p.state === "open")) pr.state = "closed";
  }

  putFile(branch: string, path: string, content: string): void {
    const files = this.branches.get(branch);
    if (files === undefined) throw new Error(`put ${path}: branch ${branch} does not exist`);
    files.set(path, content);
  }

  deleteFile(branch: string, path: string): void {
    const files = this.branches.get(branch);
    if (files?.delete(path) !== true) throw new Error(`delete ${path} on ${branch}: 404 Not Found`);
  }

  openPullRequest(head: string, base: string): number {
    if (!this.branches.has(head)) throw new Error(`pull request from ${head}: 422 head does not exist`);
    if (this.pulls.some((p) => p.head === head && p.base === base && p.state === "open")) {
      throw new Error(`pull request from ${head}: 422 a pull request already exists`);
    }
    const number = this.pulls.length + 1;
    this.pulls.push({ number, head, base, state: "open" });
    return number;
  }

  pull(number: number): PullRequest {
    const pr = this.pulls.find((p) => p.number === number);
    if (pr === undefined) throw new Error(`pull request #${String(number)}: 404 Not Found`);
    return pr;
  }

  /** A maintainer merges the pull request. */
  merge(number: number): void {
    const pr = this.pull(number);
    if (pr.state !== "open") throw new Error(`#${String(number)} is ${pr.state}`);
    const files = this.branches.get(pr.head) ?? new Map<string, string>();
    for (const [path, content] of files) this.putFile(pr.base, path, content);
    pr.state = "merged";
    if (this.options.deleteHeadBranchOnMerge) this.branches.delete(pr.head);
  }
}

/** One resource in the model's state: what it was created with, and its id. */
interface StateEntry {
  readonly resource: RecordedResource;
  /** The pull request number, for pull requests. */
  readonly number?: number;
  /** The branch a file or branch lives on now. */
  readonly branch?: string;
}

/** A step the engine took. */
export interface Step {
  readonly op: "create" | "update" | "replace" | "delete" | "skip-delete" | "refresh-drop";
  readonly name: string;
  readonly type: string;
  readonly detail?: string;
}

const str = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** The engine plus the provider semantics, over one stack's delivery resources. */
export class DeliveryEngine {
  private state = new Map<string, StateEntry>();

  constructor(readonly github: FakeGitHub) {}

  /** Names of the resources in state. */
  get stateNames(): string[] {
    return [...this.state.values()].map((e) => e.resource.name).sort();
  }

  /** Pull request numbers in state, by logical name. */
  pullRequestNumbers(): Map<string, number> {
    return new Map(
      [...this.state.values()].flatMap((e) => (e.number === undefined ? [] : [[e.resource.name, e.number]])),
    );
  }

  /**
   * One `pulumi up` of `resources` (the program's registrations; other types are
   * ignored). Returns the steps; throws, with the steps taken so far in the
   * message, when a step fails (the state keeps what had not been done).
   */
  up(resources: readonly RecordedResource[], { refresh }: { readonly refresh: boolean }): Step[] {
    const steps: Step[] = [];
    try {
      if (refresh) this.refresh(steps);
      const desired = resources.filter((r) => MODELLED.includes(r.type));
      const replaced: StateEntry[] = [];
      // Registration order is dependency order (branch, files, pull request).
      for (const r of desired) {
        const old = this.state.get(r.urn);
        if (old === undefined) {
          this.state.set(r.urn, this.create(r));
          steps.push({ op: "create", name: r.name, type: r.type });
          continue;
        }
        const changed = Object.keys({ ...old.resource.inputs, ...r.inputs }).filter(
          (k) => str(old.resource.inputs[k]) !== str(r.inputs[k]),
        );
        if (changed.length === 0) continue;
        if (changed.some((k) => replacesOnChange(r.type, k) === true)) {
          replaced.push(old);
          this.state.set(r.urn, this.create(r));
          steps.push({ op: "replace", name: r.name, type: r.type, detail: changed.join(",") });
        } else {
          this.state.set(r.urn, this.update(old, r, changed));
          steps.push({ op: "update", name: r.name, type: r.type, detail: changed.join(",") });
        }
      }
      const desiredUrns = new Set(desired.map((r) => r.urn));
      const gone = [...this.state.values()].filter((e) => !desiredUrns.has(e.resource.urn));
      const deleting = new Set(gone.map((e) => e.resource.urn));
      // Reverse registration order: dependents before what they depend on.
      for (const entry of [...replaced, ...gone].reverse()) {
        const target = entry.resource.options.deletedWith;
        if (target !== undefined && deleting.has(target)) {
          steps.push({ op: "skip-delete", name: entry.resource.name, type: entry.resource.type });
        } else {
          this.remove(entry);
          steps.push({ op: "delete", name: entry.resource.name, type: entry.resource.type });
        }
        if (!replaced.includes(entry)) this.state.delete(entry.resource.urn);
      }
    } catch (error) {
      const done = steps.map((s) => `${s.op} ${s.name}`).join("; ");
      throw new Error(`${(error as Error).message} (after: ${done || "nothing"})`, { cause: error });
    }
    return steps;
  }

  private refresh(steps: Step[]): void {
    for (const [urn, entry] of this.state) {
      const { type, name } = entry.resource;
      if (type === T.branch && !this.github.branches.has(entry.branch!)) {
        this.state.delete(urn);
        steps.push({ op: "refresh-drop", name, type });
      } else if (
        type === T.file &&
        this.github.branches.get(entry.branch!)?.has(str(entry.resource.inputs.file)) !== true
      ) {
        this.state.delete(urn);
        steps.push({ op: "refresh-drop", name, type });
      } else if (type === T.pullRequest) {
        this.github.pull(entry.number!); // no 404 handling: a missing pull request fails the refresh
      }
    }
  }

  private create(r: RecordedResource): StateEntry {
    const i = r.inputs;
    switch (r.type) {
      case T.branch:
        this.github.createBranch(str(i.branch), str(i.sourceBranch));
        return { resource: r, branch: str(i.branch) };
      case T.file:
        this.github.putFile(str(i.branch), str(i.file), str(i.content));
        return { resource: r, branch: str(i.branch) };
      default:
        return { resource: r, number: this.github.openPullRequest(str(i.headRef), str(i.baseRef)) };
    }
  }

  private update(old: StateEntry, r: RecordedResource, changed: readonly string[]): StateEntry {
    if (r.type === T.branch && changed.includes("branch")) {
      this.github.renameBranch(old.branch!, str(r.inputs.branch));
      return { resource: r, branch: str(r.inputs.branch) };
    }
    if (r.type === T.file) this.github.putFile(old.branch!, str(r.inputs.file), str(r.inputs.content));
    return { ...old, resource: r };
  }

  private remove(entry: StateEntry): void {
    switch (entry.resource.type) {
      case T.branch:
        this.github.deleteBranch(entry.branch!);
        return;
      case T.file:
        this.github.deleteFile(entry.branch!, str(entry.resource.inputs.file));
        return;
      default: {
        const pr = this.github.pull(entry.number!);
        if (pr.state === "open") pr.state = "closed";
      }
    }
  }
}
