/*
 * The lifecycle the integration tests' servers share (moto_server, Debian's
 * docker-registry): a free loopback port, a child process, readiness by
 * polling, and a stop that waits for the exit and kills only if it must.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

const POLL_INTERVAL_MS = 50;
/** How long a stopped server may take to exit before it is killed. */
const STOP_GRACE_MS = 3_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on right now: bind port 0, read what the kernel chose, release it. */
export async function freePort(): Promise<number> {
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

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
}

/** Signals the child (or, when it leads one, its process group); ignores one already gone. */
function signal(child: ChildProcess, group: boolean, name: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(group ? -child.pid : child.pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

export interface ServerProcessOptions {
  /** Named in errors, e.g. "moto_server". */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /**
   * Lead a process group, so stopping reaches what a launcher shim (pyenv,
   * pipx) starts underneath.
   */
  readonly group?: boolean;
  /** Resolves true once the server answers as expected; throwing counts as not yet. */
  readonly ready: () => Promise<boolean>;
  readonly deadlineMs: number;
  /** Runs after the process has exited (e.g. removing its temp dir). */
  readonly cleanup?: () => Promise<void>;
}

/**
 * Starts a server process and resolves with its `stop()` once `ready` says so.
 * @throws when the process exits early or does not answer before the deadline
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<{ stop: () => Promise<void> }> {
  const group = options.group === true;
  const child = spawn(options.command, [...options.args], { detached: group, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });
  // A test run that dies before stop() must not leave the server behind.
  const killOnExit = () => {
    signal(child, group, "SIGKILL");
  };
  process.once("exit", killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    signal(child, group, "SIGTERM");
    const done = exited(child);
    const timedOut = await Promise.race([done.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
    if (timedOut) {
      signal(child, group, "SIGKILL");
      await done;
    }
    child.stderr.destroy();
    await options.cleanup?.();
  };

  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    if (spawnError !== undefined || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`${options.name} exited before answering (${spawnError?.message ?? `exit ${String(child.exitCode ?? child.signalCode)}`}): ${stderr.trim()}`);
    }
    try {
      if (await options.ready()) return { stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not answer within ${String(options.deadlineMs)} ms: ${stderr.trim()}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
