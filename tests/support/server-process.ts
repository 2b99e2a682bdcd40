/*
 * The lifecycle the integration tests' servers share (moto_server, Debian's
 * docker-registry): a child process told to listen on port 0, so the kernel
 * picks a free port and no other process can hold it; the port read from the
 * child's own announcement, so readiness polls the process this run started
 * and nothing else; and a stop that waits for the exit and kills only if it must.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { AddressInfo, Server } from "node:net";

const POLL_INTERVAL_MS = 50;
/** How long a stopped server may take to exit before it is killed. */
const STOP_GRACE_MS = 3_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Listens on 127.0.0.1, port 0, and resolves with the port the kernel chose. */
export async function listenOnFreePort(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
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
  /** Arguments; the server must be told to listen on 127.0.0.1 port 0. */
  readonly args: readonly string[];
  /**
   * Matches the line in which the server names the port it bound (stdout or
   * stderr); its first group is the port. Nothing is polled before it appears.
   */
  readonly announce: RegExp;
  /**
   * Lead a process group, so stopping reaches what a launcher shim (pyenv,
   * pipx) starts underneath.
   */
  readonly group?: boolean;
  /** Resolves true once the server on `port` answers as expected; throwing counts as not yet. */
  readonly ready: (port: number) => Promise<boolean>;
  readonly deadlineMs: number;
  /** Runs after the process has exited (e.g. removing its temp dir). */
  readonly cleanup?: () => Promise<void>;
}

/**
 * Starts a server process and resolves with its port and `stop()` once it has
 * announced the port it bound and `ready` says so.
 * @throws when the process exits early or does not answer before the deadline
 */
export async function startServerProcess(
  options: ServerProcessOptions,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const group = options.group === true;
  const child = spawn(options.command, [...options.args], { detached: group, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let port: number | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8000);
    if (port === undefined) {
      const match = options.announce.exec(output);
      if (match?.[1] !== undefined) port = Number(match[1]);
    }
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
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
    child.stdout.destroy();
    child.stderr.destroy();
    await options.cleanup?.();
  };

  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    if (spawnError !== undefined || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `${options.name} exited before answering (${spawnError?.message ?? `exit ${String(child.exitCode ?? child.signalCode)}`}): ${output.trim()}`,
      );
    }
    if (port !== undefined) {
      try {
        if (await options.ready(port)) return { port, stop };
      } catch {
        // bound, but not answering yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      const state = port === undefined ? "did not announce its port" : `did not answer on port ${String(port)}`;
      throw new Error(`${options.name} ${state} within ${String(options.deadlineMs)} ms: ${output.trim()}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
