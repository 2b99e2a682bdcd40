/*
 * Entry point of the release workflow generators: validated input in, the
 * workflow files of the source repository out.
 */
import { CHANNELS } from "../channels";
import { assertReleaseWorkflowInput, type ReleaseWorkflowInput } from "./input";
import type { Workflow } from "./model";
import { buildWorkflow } from "./release-build";
import { rollbackWorkflow } from "./release-rollback";
import { renderWorkflow } from "./render";

/** Directory of workflow files in a repository. */
export const WORKFLOW_DIR = ".github/workflows";

/** One generated workflow file. */
export interface RenderedWorkflow {
  /** Path in the source repository, e.g. `.github/workflows/release-nightly.yml`. */
  readonly path: string;
  readonly content: string;
}

/** The release workflow models: one build workflow per channel, then the rollback. */
export function releaseWorkflows(input: ReleaseWorkflowInput): Workflow[] {
  assertReleaseWorkflowInput(input);
  return [...CHANNELS.map((channel) => buildWorkflow(input, channel)), rollbackWorkflow(input)];
}

/** The release workflow files, rendered. Same input, same bytes. */
export function renderReleaseWorkflows(input: ReleaseWorkflowInput): RenderedWorkflow[] {
  return releaseWorkflows(input).map((workflow) => ({
    path: `${WORKFLOW_DIR}/${workflow.fileName}`,
    content: renderWorkflow(workflow),
  }));
}
