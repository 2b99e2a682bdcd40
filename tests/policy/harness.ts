/*
 * Runs policies the way @pulumi/policy's analyzer server does, without the
 * server: the same argument bags (inputs behind the SDK's unknown-checking
 * proxy, resource options, config), the same handling of values not known yet.
 */
import * as policySdk from "@pulumi/policy";
import type {
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/**
 * The SDK's own unknown-value proxy and error. @pulumi/policy exports both at
 * runtime, but its published typings strip them (proxy.d.ts is empty).
 */
const { unknownCheckingProxy, UnknownValueError } = policySdk as unknown as {
  unknownCheckingProxy: <T extends object>(props: T) => T;
  UnknownValueError: new (...args: never[]) => Error;
};

/** A resource as a test states it. */
export interface TestResource {
  readonly type: string;
  readonly name?: string;
  readonly props: Record<string, unknown>;
  readonly protect?: boolean;
}

/** What one policy said about one resource (or stack). */
export interface Outcome {
  readonly violations: string[];
  /** Set when the policy read a value not known yet; the server then reports an advisory instead. */
  readonly unknown?: string;
}

const urnOf = (type: string, name: string) => `urn:pulumi:test::release-infra::${type}::${name}`;

function options(protect: boolean): PolicyResourceOptions {
  return {
    protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
}

function notApplicable(reason?: string): never {
  throw new Error(`notApplicable(${reason ?? ""}) is not used by these policies`);
}

/** The type token an SDK resource class carries as `__pulumiType` (what `isType`/`asType` compare). */
export function typeOf(resourceClass: unknown): string | undefined {
  return (resourceClass as { __pulumiType?: string }).__pulumiType;
}

async function collect(run: (report: (message: string) => void) => Promise<void> | void): Promise<Outcome> {
  const violations: string[] = [];
  try {
    await run((message) => violations.push(message));
  } catch (error) {
    if (error instanceof UnknownValueError) return { violations, unknown: error.message };
    throw error;
  }
  return { violations };
}

/** Runs a resource policy's validations on one resource. */
export async function validateResource(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: object = {},
): Promise<Outcome> {
  const name = resource.name ?? "test";
  const props = unknownCheckingProxy(resource.props);
  // Every field the server fills in; the generic accessors (asType, getConfig)
  // cannot be typed without a cast, hence the one below.
  const fields = {
    type: resource.type,
    props,
    urn: urnOf(resource.type, name),
    name,
    opts: options(resource.protect ?? false),
    stackTags: new Map<string, string>(),
    isType: (cls: unknown) => typeOf(cls) === resource.type,
    asType: (cls: unknown) => (typeOf(cls) === resource.type ? props : undefined),
    getConfig: () => config,
    notApplicable,
  } satisfies Record<keyof Omit<ResourceValidationArgs, "provider">, unknown>;
  const args = fields as unknown as ResourceValidationArgs;
  const validations =
    policy.validateResource === undefined
      ? []
      : Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
  return collect(async (report) => {
    for (const validation of validations) await validation(args, report);
  });
}

/** Runs a stack policy over a set of resources. */
export async function validateStack(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
  config: object = {},
): Promise<Outcome> {
  const policyResources = resources.map((r): PolicyResource => {
    const name = r.name ?? "test";
    return {
      type: r.type,
      props: unknownCheckingProxy(r.props),
      urn: urnOf(r.type, name),
      name,
      opts: options(r.protect ?? false),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => typeOf(cls) === r.type,
      asType: () => undefined,
    };
  });
  const fields = {
    resources: policyResources,
    stackTags: new Map<string, string>(),
    getConfig: () => config,
    notApplicable,
  } satisfies Record<keyof StackValidationArgs, unknown>;
  return collect((report) => policy.validateStack(fields as unknown as StackValidationArgs, report));
}

/** Whether a policy validates resources (rather than a whole stack). */
export function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
  return !("validateStack" in policy);
}
