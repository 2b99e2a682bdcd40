import * as pulumi from "@pulumi/pulumi";

/** The secret marker the Pulumi SDK puts on serialized secret values. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Placeholder shown wherever a secret value would appear in a plan. */
export const SECRET_PLACEHOLDER = "[secret]";

/** One resource as the program registered it with the (mock) engine. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parentUrn: string | undefined;
  /** Inputs with every secret replaced by {@link SECRET_PLACEHOLDER}. */
  readonly inputs: Record<string, unknown>;
  /** Paths (`a.b[0]`) of the inputs that were secret. */
  readonly secretPaths: readonly string[];
  /** Inputs as registered, secrets included: for assertions only, never printed. */
  readonly rawInputs: Record<string, unknown>;
  readonly custom: boolean;
  /** True for reads (`StackReference`, `Resource.get`). */
  readonly read: boolean;
  /** The resource options that protect state or order creation. */
  readonly options: RecordedOptions;
}

/** Resource options as the engine receives them. */
export interface RecordedOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** URNs of explicit and implicit dependencies (dependsOn and inputs from other resources). */
  readonly dependsOn: readonly string[];
  /** URN of the resource whose deletion takes this one along (no delete call of its own). */
  readonly deletedWith: string | undefined;
  /** URN of the explicit provider, when one is set (`urn::id`). */
  readonly provider: string | undefined;
}

/** A provider function call the program made. */
export interface RecordedCall {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  /** The explicit provider it went through (`urn::id`), when one was given. */
  readonly provider: string | undefined;
}

/**
 * The answer an engine gives to an invoke it does not serve: no value at all
 * (the engine's `unknown` invoke response; the SDK's plain invoke then
 * returns `{}`). The offline plan answers registry reads so.
 */
export const NOT_READ: unique symbol = Symbol("not read");

/** What a call handler answers: the function's result, {@link NOT_READ}, or undefined for "not mocked". */
export type CallAnswer = Record<string, unknown> | typeof NOT_READ | undefined;

/**
 * Answers provider function calls; return undefined for "not mocked". A
 * handler may answer later (a promise), as a provider that asks a service does.
 * `provider` is the explicit provider's reference (`urn::id`), when the call names one.
 */
export type CallHandler = (
  token: string,
  inputs: Record<string, unknown>,
  provider: string | undefined,
) => CallAnswer | Promise<CallAnswer>;
/**
 * Outputs a provider computes that the program reads back (a team's slug, a
 * repository's ARN), derived from the inputs the way the provider would, so
 * plans show real values instead of unknowns.
 */
export type ComputedHandler = (type: string, inputs: Record<string, unknown>) => Record<string, unknown>;
/** Supplies the state of a read resource (`StackReference` and friends). */
export type ReadHandler = (
  type: string,
  name: string,
  id: string,
  inputs: Record<string, unknown>,
) => Record<string, unknown> | undefined;

function isSecretValue(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Returns [masked, unwrapped, secretPaths] for a deserialized property value. */
function splitSecrets(value: unknown, path: string, paths: string[]): [unknown, unknown] {
  if (isSecretValue(value)) {
    paths.push(path);
    const [, unwrapped] = splitSecrets(value.value, path, []);
    return [SECRET_PLACEHOLDER, unwrapped];
  }
  if (Array.isArray(value)) {
    const masked: unknown[] = [];
    const raw: unknown[] = [];
    value.forEach((item, i) => {
      const [m, r] = splitSecrets(item, `${path}[${i}]`, paths);
      masked.push(m);
      raw.push(r);
    });
    return [masked, raw];
  }
  if (typeof value === "object" && value !== null && !pulumi.Resource.isInstance(value)) {
    const masked: Record<string, unknown> = {};
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const [m, r] = splitSecrets(v, path ? `${path}.${k}` : k, paths);
      masked[k] = m;
      raw[k] = r;
    }
    return [masked, raw];
  }
  return [value, value];
}

/**
 * A strict in-process engine: records every resource the program registers and
 * every provider call it makes. A call with no handler throws, so a test or plan
 * can never silently depend on a value nobody supplied.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  private callHandler: CallHandler = () => undefined;
  private readHandler: ReadHandler = () => undefined;
  private computed: ComputedHandler = () => ({});
  /** Set by the monitor just before it asks for a resource's state. */
  origin: { urn: string; parentUrn: string | undefined; options: RecordedOptions } | undefined;

  /** Forgets what was recorded and installs the handlers for the next run. */
  reset(handlers: { call?: CallHandler; read?: ReadHandler; computed?: ComputedHandler } = {}): void {
    this.resources.length = 0;
    this.calls.length = 0;
    this.callHandler = handlers.call ?? (() => undefined);
    this.readHandler = handlers.read ?? (() => undefined);
    this.computed = handlers.computed ?? (() => ({}));
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const secretPaths: string[] = [];
    const [masked, raw] = splitSecrets(args.inputs, "", secretPaths) as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    const read = args.id !== undefined && args.id !== "";
    const origin = this.origin;
    this.origin = undefined;
    this.resources.push({
      type: args.type,
      name: args.name,
      urn: origin?.urn ?? "",
      parentUrn: origin?.parentUrn,
      options: origin?.options ?? {
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        provider: undefined,
        deletedWith: undefined,
      },
      inputs: masked,
      secretPaths,
      rawInputs: raw,
      custom: args.custom ?? true,
      read,
    });
    if (read) {
      const state = this.readHandler(args.type, args.name, args.id!, raw);
      if (state === undefined) {
        throw new Error(`no mock state for read of ${args.type} "${args.name}" (id ${args.id!})`);
      }
      return { id: args.id, state };
    }
    const inputs = args.inputs as Record<string, unknown>;
    const { id, ...computed } = this.computed(args.type, raw);
    return { id: typeof id === "string" ? id : `${args.name}-id`, state: { ...computed, ...inputs } };
  }

  async call(args: pulumi.runtime.MockCallArgs): Promise<Record<string, unknown>> {
    const answer = await this.answer(args);
    // An engine that does not serve the call answers with no value; the SDK's plain invoke returns {}.
    return answer === NOT_READ ? {} : answer;
  }

  /** The handler's answer to a call, {@link NOT_READ} included; an unanswered call throws. */
  async answer(args: pulumi.runtime.MockCallArgs): Promise<Exclude<CallAnswer, undefined>> {
    const inputs = args.inputs as Record<string, unknown>;
    const provider = args.provider || undefined;
    this.calls.push({ token: args.token, inputs, provider });
    const result = await this.callHandler(args.token, inputs, provider);
    if (result === undefined) {
      throw new Error(`unmocked provider call ${args.token}(${JSON.stringify(inputs)})`);
    }
    return result;
  }

  /** The inputs a resource was registered with (secrets included), by URN: what a provider was configured with. */
  registeredInputs(urn: string): Record<string, unknown> | undefined {
    return this.resources.find((r) => r.urn === urn)?.rawInputs;
  }
}

interface MonitorRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  // Only registrations carry options; reads do not.
  getProtect?(): boolean | undefined;
  getRetainondelete?(): boolean | undefined;
  getDependenciesList?(): string[];
  getDeletedwith?(): string;
}
type Callback = (err: unknown, resp: unknown) => void;
interface InvokeRequest {
  getTok(): string;
  getArgs(): unknown;
  getProvider(): string;
}
interface MockMonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: MonitorRequest, callback: Callback): Promise<void>;
  readResource(req: MonitorRequest, callback: Callback): Promise<void>;
  invoke(req: InvokeRequest, callback: Callback): Promise<void>;
}
type MockMonitorClass = new (mocks: pulumi.runtime.Mocks) => MockMonitorLike;

/*
 * The SDK's MockMonitor does not pass a resource's parent to the mocks, and a plan
 * needs it. This subclass notes the parent and URN of each request; the SDK calls
 * `mocks.newResource` synchronously at the start of both methods, so the note is
 * read by exactly the request that set it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: MockMonitorClass };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { settings: { monitor: unknown } } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
  deserializeProperties(struct: unknown): Record<string, unknown>;
  serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resourceProto = require("@pulumi/pulumi/proto/resource_pb") as {
  ResourceInvokeResponse: new () => { setUnknown(value: boolean): void; setReturn(value: unknown): void };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structProto = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  /** Resolves when every outstanding RPC (registration, call) has finished. */
  waitForRPCs(): Promise<void>;
};

class RecordingMonitor extends MockMonitor {
  constructor(private readonly recorder: RecordingMocks) {
    super(recorder);
  }

  private note(req: MonitorRequest): void {
    const parent = req.getParent();
    const provider = req.getProvider();
    this.recorder.origin = {
      urn: this.newUrn(parent, req.getType(), req.getName()),
      parentUrn: parent || undefined,
      options: {
        protect: req.getProtect?.() === true,
        retainOnDelete: req.getRetainondelete?.() === true,
        dependsOn: [...(req.getDependenciesList?.() ?? [])].sort(),
        provider: provider || undefined,
        deletedWith: req.getDeletedwith?.() || undefined,
      },
    };
  }

  override registerResource(req: MonitorRequest, callback: Callback): Promise<void> {
    this.note(req);
    return super.registerResource(req, callback);
  }

  override readResource(req: MonitorRequest, callback: Callback): Promise<void> {
    this.note(req);
    return super.readResource(req, callback);
  }

  /**
   * As the SDK's MockMonitor.invoke, except that a {@link NOT_READ} answer
   * becomes the engine's "unknown" response (ResourceInvokeResponse.unknown),
   * the answer of an engine that does not serve the invoke.
   */
  override async invoke(req: InvokeRequest, callback: Callback): Promise<void> {
    if (req.getTok() === "pulumi:pulumi:getResource") return super.invoke(req, callback);
    try {
      const inputs = rpc.deserializeProperties(req.getArgs());
      const answer = await this.recorder.answer({ token: req.getTok(), inputs, provider: req.getProvider() });
      const response = new resourceProto.ResourceInvokeResponse();
      if (answer === NOT_READ) response.setUnknown(true);
      else response.setReturn(structProto.Struct.fromJavaScript(await rpc.serializeProperties("", answer)));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }
}

/**
 * Installs the recording engine for this process. Call once: Pulumi's runtime
 * settings are process-wide, so every test and the plan share one installation.
 */
export async function installRecordingMocks(project: string, stack: string, preview = true): Promise<RecordingMocks> {
  const mocks = new RecordingMocks();
  // The file backend's (`pulumi login --local`) organization is always "organization".
  const organization = "organization";
  // setMocks sets the options and feature flags (secrets, resource references);
  // then only the monitor is swapped for ours (setMockOptions would reset the flags).
  await pulumi.runtime.setMocks(mocks, project, stack, preview, organization);
  state.getStore().settings.monitor = new RecordingMonitor(mocks);
  return mocks;
}

/** Waits until every registration the program started has reached the engine. */
export async function settle(): Promise<void> {
  await settings.waitForRPCs();
}
