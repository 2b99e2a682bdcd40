/*
 * Starts moto's AWS emulator (`moto_server`) for integration tests: one process
 * per caller on a loopback port the kernel picks, stopped by process group so the Python
 * interpreter behind any launcher shim goes too.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { startServerProcess } from "./server-process";

/** A running emulator. */
export interface MotoServer {
  /** Base URL to give AWS SDK clients as `endpoint`. */
  readonly endpoint: string;
  /** Stops the emulator and waits until its process has exited. */
  stop(): Promise<void>;
}

/** How long moto may take to answer its first request (it imports every service backend). */
const START_DEADLINE_MS = 20_000;

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Starts `moto_server` on 127.0.0.1 and resolves once it answers.
 * @throws when `moto_server` is not on PATH, exits early, or does not answer in time
 */
export async function startMoto(): Promise<MotoServer> {
  const bin = findOnPath("moto_server");
  if (bin === undefined) {
    throw new Error(
      "moto_server not found: install moto[server] (pip install 'moto[server]==5.2.1') and put moto_server on PATH",
    );
  }
  const { port, stop } = await startServerProcess({
    name: "moto_server",
    command: bin,
    args: ["-H", "127.0.0.1", "-p", "0"],
    // werkzeug prints the port it bound, after binding: " * Running on http://127.0.0.1:40123".
    announce: /Running on http:\/\/127\.0\.0\.1:(\d+)/,
    group: true,
    deadlineMs: START_DEADLINE_MS,
    ready: async (bound) => {
      const response = await fetch(`http://127.0.0.1:${String(bound)}/moto-api/`, {
        signal: AbortSignal.timeout(1_000),
      });
      await response.arrayBuffer();
      return response.ok;
    },
  });
  return { endpoint: `http://127.0.0.1:${String(port)}`, stop };
}

let shared: Promise<MotoServer> | undefined;

/**
 * One emulator for the whole test run (starting moto costs seconds): each spec
 * gets it with its state reset, and its `stop()` resets it again for the next
 * spec instead of stopping it. The root setup stops it after the last spec.
 */
export async function sharedMoto(): Promise<MotoServer> {
  shared ??= startMoto();
  const server = await shared;
  const reset = async () => {
    const response = await fetch(`${server.endpoint}/moto-api/reset`, {
      method: "POST",
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`moto reset failed: ${String(response.status)}`);
  };
  await reset();
  return { endpoint: server.endpoint, stop: reset };
}

/** Stops the shared emulator, if one was started (root setup, after every spec). */
export async function stopSharedMoto(): Promise<void> {
  const started = shared;
  shared = undefined;
  if (started !== undefined) await (await started).stop();
}
