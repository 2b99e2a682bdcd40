/*
 * Generated sections of hand-written documents: the lines between a
 * `NAME:begin ...` and a `NAME:end` marker, each a whole-line comment of the
 * document's language (`<!-- NAME:begin ... -->` in Markdown, `# NAME:begin ...`
 * in YAML), are owned by a generator, everything else by people. `npm run docs`
 * rewrites the sections; a test fails while a document differs from what its
 * generators produce.
 */

/** One generated section: its marker name and its content (without the markers). */
export interface GeneratedSection {
  readonly name: string;
  readonly content: string;
}

/** How a document's language writes a whole-line comment: `open` text `close`. */
export interface CommentSyntax {
  readonly open: string;
  readonly close: string;
}

export const MARKDOWN_COMMENT: CommentSyntax = { open: "<!--", close: " -->" };
export const YAML_COMMENT: CommentSyntax = { open: "#", close: "" };

const escape = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&");

function bounds(text: string, name: string, syntax: CommentSyntax): { start: number; end: number } {
  const { open, close } = syntax;
  const begin = new RegExp(`^${escape(open)} ${escape(name)}:begin\\b.*${escape(close)}\\n`, "m").exec(text);
  const endMarker = `${open} ${name}:end${close}`;
  const end = new RegExp(`^${escape(endMarker)}$`, "m").exec(text);
  if (begin === null || end === null || end.index < begin.index) {
    throw new Error(
      `no generated section "${name}": expected ${open} ${name}:begin ...${close} followed by ${endMarker}`,
    );
  }
  return { start: begin.index + begin[0].length, end: end.index };
}

/** The current content of section `name` in `text`. @throws when the markers are missing */
export function readSection(text: string, name: string, syntax: CommentSyntax = MARKDOWN_COMMENT): string {
  const { start, end } = bounds(text, name, syntax);
  return text.slice(start, end);
}

/** `text` with each section's content replaced. @throws when a section's markers are missing */
export function writeSections(
  text: string,
  sections: readonly GeneratedSection[],
  syntax: CommentSyntax = MARKDOWN_COMMENT,
): string {
  let result = text;
  for (const section of sections) {
    const { start, end } = bounds(result, section.name, syntax);
    const content = section.content.endsWith("\n") ? section.content : `${section.content}\n`;
    result = result.slice(0, start) + content + result.slice(end);
  }
  return result;
}
