import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import type { Inputs } from "./inputs";

/** A check of one resource's inputs, already narrowed to the types it reads. */
export type InputsCheck = (props: Inputs, args: ResourceValidationArgs, report: ReportViolation) => void;

/**
 * A resource validation that runs `check` only on resources of `types` (type
 * tokens such as `aws:ecr/repository:Repository`). Tokens rather than SDK
 * classes (`validateResourceOfType`): the Docker Hub resources are dynamic and
 * have no class the SDK can match, and the pack then loads no provider SDK.
 */
export function onTypes(types: readonly string[], check: InputsCheck): ResourceValidation {
  return (args, report) => {
    if (types.includes(args.type)) check(args.props as Inputs, args, report);
  };
}
