/**
 * Shared set-up for the Docker Hub client specs: an emulator and a client that share a
 * fake clock, with sleeps that advance that clock instead of waiting, so expiry, backoff
 * and Retry-After are exercised in milliseconds of real time.
 */
import { DockerHubClient, type DockerHubClientOptions } from "../../../providers/dockerhub/client";
import { DockerHubEmulator, type EmulatorOptions } from "../../support/dockerhub-emulator";

/** The organization every spec works in. */
export const ORG = "cortex";
/** Its organization access token: a known value, so specs can prove it never leaks. */
export const ORG_TOKEN = "dckr_oat_kn0wn-S3CRET-value-7f3a9c";
/** An owner of the organization and the personal access token it logs in with. */
export const OWNER = "alice";
export const OWNER_TOKEN = "dckr_pat_alice-kn0wn-S3CRET-42";
/** A user that exists but owns nothing. */
export const OUTSIDER = "mallory";
export const OUTSIDER_TOKEN = "dckr_pat_mallory-S3CRET-99";

/** Epoch ms clock advanced by hand or by the client's sleeps. */
export class FakeClock {
  // Not on a whole second, so unix-second headers (X-Retry-After, exp) need rounding.
  private ms = Date.UTC(2026, 10, 28, 12, 0, 0) + 250;

  readonly now = (): number => this.ms;

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** An emulator, a client pointed at it, and what the client slept. */
export interface Harness {
  readonly emulator: DockerHubEmulator;
  readonly clock: FakeClock;
  readonly client: DockerHubClient;
  /** Every delay the client asked to sleep, in order. */
  readonly sleeps: number[];
  /** Another client on the same emulator and clock. */
  clientWith(options: Partial<DockerHubClientOptions>): DockerHubClient;
  close(): Promise<void>;
}

/** Options for {@link startHarness}. */
export interface HarnessOptions {
  readonly client?: Partial<DockerHubClientOptions>;
  readonly emulator?: Omit<EmulatorOptions, "now">;
}

/** The credentials the README prescribes: the organization's access token and an owner's personal access token. */
export const PRESCRIBED = [
  { identifier: ORG, secret: ORG_TOKEN },
  { identifier: OWNER, secret: OWNER_TOKEN },
] as const;

/**
 * Starts an emulator seeded with {@link ORG} (token {@link ORG_TOKEN}, owner {@link OWNER})
 * and {@link OUTSIDER}, and a client with the {@link PRESCRIBED} credentials (a
 * spec's own `identifier`/`secret` or `credentials` replace them).
 * Defaults keep every spec fast: 3 retries, 1 ms backoff base; specs about timeouts
 * lower the 2 s timeout themselves.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new FakeClock();
  const emulator = await DockerHubEmulator.start({ ...options.emulator, now: clock.now });
  emulator.addUser(OWNER, { secret: OWNER_TOKEN, fullName: "Alice Owner" });
  emulator.addUser(OUTSIDER, { secret: OUTSIDER_TOKEN });
  emulator.addOrg(ORG, { owners: [OWNER] });
  emulator.addOrgAccessToken(ORG, ORG_TOKEN);

  const sleeps: number[] = [];
  const clientWith = (overrides: Partial<DockerHubClientOptions>): DockerHubClient =>
    new DockerHubClient({
      baseUrl: emulator.url,
      // A spec's own identity replaces the prescribed pair; a lone `secret` is the organization's.
      ...(["identifier", "secret", "credentials"].some((k) => k in overrides || k in (options.client ?? {}))
        ? { identifier: ORG }
        : { credentials: PRESCRIBED }),
      timeoutMs: 2_000,
      maxRetries: 3,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 8,
      now: clock.now,
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
        return Promise.resolve();
      },
      ...options.client,
      ...overrides,
    });
  return { emulator, clock, client: clientWith({}), sleeps, clientWith, close: () => emulator.close() };
}

/** Runs `body` and returns what it threw; fails when it does not throw. */
export async function thrown(body: () => Promise<unknown>): Promise<unknown> {
  try {
    await body();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it resolved");
}
