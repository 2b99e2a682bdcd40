/** A small progress bar: one rewritten line on a terminal, a plain line now and then elsewhere (CI logs). */

/** Where progress goes: a stream, and whether it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Reports the progress of `total` steps. */
export interface Progress {
  /** Counts `n` steps done. */
  tick(n?: number): void;
  /** Prints a line of its own (e.g. a pause), then carries on with the bar. */
  note(text: string): void;
  /** Ends the display (a final line, and a newline on a terminal). */
  done(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Off a terminal, print at most one line per this many milliseconds. @default 5000 */
  readonly intervalMs?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Bar width in characters (terminal only). @default 30 */
  readonly width?: number;
}

/**
 * A progress display for `total` steps labelled `label`. On a terminal the line
 * is redrawn in place with a carriage return; otherwise a line is printed at
 * most every `intervalMs` and once at the end, so logs stay readable.
 */
export function createProgress(
  stream: ProgressStream,
  label: string,
  total: number,
  options: ProgressOptions = {},
): Progress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 5000;
  const width = options.width ?? 30;
  const tty = stream.isTTY === true;
  let done = 0;
  let lastPrinted = now();
  let finished = false;

  const line = (): string => {
    const share = total === 0 ? 1 : done / total;
    const pct = `${Math.floor(share * 100)}%`.padStart(4);
    if (!tty) return `${label}: ${done}/${total} (${pct.trim()})`;
    const filled = Math.round(share * width);
    return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${pct}`;
  };

  return {
    tick(n = 1) {
      if (finished) return;
      done = Math.min(total, done + n);
      if (tty) stream.write(`\r${line()}`);
      else if (now() - lastPrinted >= interval) {
        stream.write(`${line()}\n`);
        lastPrinted = now();
      }
    },
    note(text) {
      if (finished) return;
      // On a terminal: clear the bar's line, print the note, redraw the bar below it.
      stream.write(tty ? `\r\x1b[K${label}: ${text}\n${line()}` : `${label}: ${text}\n`);
    },
    done() {
      if (finished) return;
      finished = true;
      stream.write(tty ? `\r${line()}\n` : `${line()}\n`);
    },
  };
}
