/*
 * `docker build` and `docker buildx build` commands in a `run:` script, with
 * the flags the statistics read. A small word splitter, not a shell: quotes,
 * line continuations, comments, `;`, `&&`, `||`, `|` and `${{ }}` kept whole;
 * no variables or substitutions.
 * https://docs.docker.com/reference/cli/docker/buildx/build/
 */

/** The flags of one build command, each value as written. */
export interface ScriptBuild {
  /** `--platform` values, comma lists split. */
  readonly platforms: readonly string[];
  /** `-t` / `--tag` values. */
  readonly tags: readonly string[];
  /** `-o` / `--output` values. */
  readonly outputs: readonly string[];
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
}

const FLAGS = {
  platforms: ["--platform"],
  tags: ["-t", "--tag"],
  outputs: ["-o", "--output"],
  cacheFrom: ["--cache-from"],
  cacheTo: ["--cache-to"],
} as const satisfies Record<keyof ScriptBuild, readonly string[]>;

/** Every build command of `script`, in order. */
export function scriptBuilds(script: string): ScriptBuild[] {
  return commands(script).flatMap((words) => {
    const start = buildArgsStart(words);
    return start === undefined ? [] : [buildFlags(words.slice(start))];
  });
}

/** Where the arguments of `docker build` / `docker buildx build` begin in a command. */
function buildArgsStart(words: readonly string[]): number | undefined {
  for (let i = 0; i < words.length; i += 1) {
    if (words[i] !== "docker") continue;
    if (words[i + 1] === "build") return i + 2;
    if (words[i + 1] === "buildx" && words[i + 2] === "build") return i + 3;
  }
  return undefined;
}

function buildFlags(args: readonly string[]): ScriptBuild {
  const found: Record<keyof ScriptBuild, string[]> = {
    platforms: [],
    tags: [],
    outputs: [],
    cacheFrom: [],
    cacheTo: [],
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    for (const [field, names] of Object.entries(FLAGS) as [keyof ScriptBuild, readonly string[]][]) {
      const name = names.find((n) => arg === n || arg.startsWith(`${n}=`));
      if (name === undefined) continue;
      const value = arg === name ? args[(i += 1)] : arg.slice(name.length + 1);
      if (value !== undefined) found[field].push(value);
    }
  }
  return { ...found, platforms: found.platforms.flatMap((p) => p.split(",")).filter((p) => p !== "") };
}

/** The words of each simple command of a script. */
function commands(script: string): string[][] {
  const text = script.replace(/\\\r?\n/g, " ");
  const out: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      const end = close === -1 ? text.length : close;
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (text.startsWith("${{", i)) {
      const close = text.indexOf("}}", i);
      const end = close === -1 ? text.length : close + 2;
      word = (word ?? "") + text.slice(i, end);
      i = end - 1;
    } else if (c === "#" && word === undefined) {
      const eol = text.indexOf("\n", i);
      i = (eol === -1 ? text.length : eol) - 1;
    } else if (c === "\n" || c === ";" || c === "&" || c === "|") {
      endCommand();
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  endCommand();
  return out;
}
