/*
 * Generated sections of hand-written documents: the text between
 * `<!-- NAME:begin ... -->` and `<!-- NAME:end -->` is owned by a generator,
 * everything else by people. `npm run docs` rewrites the sections; a test
 * fails while a document differs from what its generators produce.
 */

/** One generated section: its marker name and its content (without the markers). */
export interface GeneratedSection {
  readonly name: string;
  readonly content: string;
}

function bounds(text: string, name: string): { start: number; end: number } {
  const begin = new RegExp(`<!-- ${name}:begin[^>]*-->\\n`).exec(text);
  const endMarker = `<!-- ${name}:end -->`;
  const end = text.indexOf(endMarker);
  if (begin === null || end < begin.index) {
    throw new Error(`no generated section "${name}": expected <!-- ${name}:begin ... --> followed by ${endMarker}`);
  }
  return { start: begin.index + begin[0].length, end };
}

/** The current content of section `name` in `text`. @throws when the markers are missing */
export function readSection(text: string, name: string): string {
  const { start, end } = bounds(text, name);
  return text.slice(start, end);
}

/** `text` with each section's content replaced. @throws when a section's markers are missing */
export function writeSections(text: string, sections: readonly GeneratedSection[]): string {
  let result = text;
  for (const section of sections) {
    const { start, end } = bounds(result, section.name);
    const content = section.content.endsWith("\n") ? section.content : `${section.content}\n`;
    result = result.slice(0, start) + content + result.slice(end);
  }
  return result;
}
