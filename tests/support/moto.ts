/*
 * Starts moto's AWS emulator (`moto_server`) for integration tests: one process
 * per caller on a free loopback port, stopped by process group so the Python
 * interpreter behind any launcher shim goes too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

/** A running emulator. */
export interface MotoServer {
  /** Base URL to give AWS SDK clients as `endpoint`. */
  readonly endpoint: string;
  /** Stops the emulator and waits until its process has exited. */
  stop(): Promise<void>;
}

/** How long moto may take to answer its first request (it imports every service backend). */
const START_DEADLINE_MS = 20_000;
const POLL_INTERVAL_MS = 100;
/** How long a stopped emulator may take to exit before it is killed. */
const STOP_GRACE_MS = 3_000;

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

/** A port nothing listens on right now: bind port 0, read what the kernel chose, release it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        if (port > 0) resolve(port);
        else reject(new Error("could not read the port the kernel assigned"));
      });
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
}

/** Signals the whole process group the emulator leads; ignores a group that is already gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * Starts `moto_server` on 127.0.0.1 and resolves once it answers.
 * @throws when `moto_server` is not on PATH, exits early, or does not answer in time
 */
export async function startMoto(): Promise<MotoServer> {
  const bin = findOnPath("moto_server");
  if (bin === undefined) {
    throw new Error("moto_server not found: install moto[server] (pip install 'moto[server]==5.2.1') and put moto_server on PATH");
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // detached: the emulator leads its own process group, so stop() reaches the
  // interpreter a launcher shim (pyenv, pipx) starts underneath it.
  const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });
  // A test run that dies before stop() must not leave the emulator behind.
  const killOnExit = () => {
    signalGroup(child, "SIGKILL");
  };
  process.once("exit", killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    signalGroup(child, "SIGTERM");
    const done = exited(child);
    const timedOut = await Promise.race([done.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
    if (timedOut) {
      signalGroup(child, "SIGKILL");
      await done;
    }
    child.stderr.destroy();
  };

  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (spawnError !== undefined || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`moto_server exited before answering (${spawnError?.message ?? `exit ${String(child.exitCode ?? child.signalCode)}`}): ${stderr.trim()}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return { endpoint, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within ${START_DEADLINE_MS} ms: ${stderr.trim()}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
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
    const response = await fetch(`${server.endpoint}/moto-api/reset`, { method: "POST", signal: AbortSignal.timeout(10_000) });
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
