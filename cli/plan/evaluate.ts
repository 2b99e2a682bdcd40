import * as pulumi from "@pulumi/pulumi";
import { offlineCalls } from "./calls";
import { awsLocationFromConfig, computedOutputs } from "./computed";
import {
  settle,
  type CallHandler,
  type ComputedHandler,
  type RecordedResource,
  type RecordingMocks,
} from "./mock-runtime";

export interface EvaluateOptions {
  /** The stack's config map as the engine passes it: `ns:key` -> string (JSON for structured values). */
  readonly config: Readonly<Record<string, string>>;
  /** Keys of `config` whose values are secrets. */
  readonly secretKeys?: readonly string[];
  /** What the stack's last deployment exported (read through its self StackReference). */
  readonly previousOutputs?: Readonly<Record<string, unknown>>;
  /**
   * Answers provider function calls; unanswered calls fail. @default
   * {@link offlineCalls}: nobody is in the GitHub organization yet
   */
  readonly call?: CallHandler;
  /** Outputs providers compute (ARNs, slugs, ids), derived from inputs. */
  readonly computed?: ComputedHandler;
}

export interface Evaluation {
  readonly resources: readonly RecordedResource[];
  /** Stack outputs with secrets still wrapped as Outputs resolved to plain values. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs that were secret. */
  readonly secretOutputs: readonly string[];
}

type Program = () => Promise<object> | object;

/**
 * Runs the real program against the recording engine: every registration and
 * call is answered in-process, so no credentials, backend or CLI are needed.
 */
export async function evaluateProgram(
  engine: RecordingMocks,
  program: Program,
  opts: EvaluateOptions,
): Promise<Evaluation> {
  engine.reset({
    call: opts.call ?? offlineCalls(),
    computed: opts.computed ?? computedOutputs(awsLocationFromConfig(opts.config)),
    read: (type, _name, id) =>
      type === "pulumi:pulumi:StackReference"
        ? { name: id, outputs: { ...(opts.previousOutputs ?? {}) }, secretOutputNames: [] }
        : undefined,
  });
  pulumi.runtime.setAllConfig({ ...opts.config }, [...(opts.secretKeys ?? [])]);

  let exported: object;
  try {
    exported = await program();
  } catch (error) {
    // Registrations the program started before it failed must not land in the next run's record.
    await settle();
    throw error;
  }
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(exported)) {
    const out = pulumi.output(value);
    if (await pulumi.isSecret(out)) secretOutputs.push(key);
    outputs[key] = await unwrap(out);
  }
  await settle();
  return { resources: [...engine.resources], outputs, secretOutputs };
}

/**
 * The plain value of an Output (tests and the plan only; never inside a program).
 * `promise()` is the SDK's own accessor; unlike `apply` it also settles for values
 * unknown during preview (as undefined) instead of never calling back.
 */
function unwrap<T>(out: pulumi.Output<T>): Promise<T | undefined> {
  return (out as unknown as { promise(): Promise<T | undefined> }).promise();
}
