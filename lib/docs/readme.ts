/*
 * What README.md's generated sections hold, each from its one source.
 */
import { systemTools, systemToolsTable } from "../workflows/project/system-tools";
import type { GeneratedSection } from "./sections";

/** README.md's generated sections, from the sources in the repository at `root`. */
export function readmeSections(root: string): GeneratedSection[] {
  return [{ name: "system-tools", content: systemToolsTable(systemTools(root)) }];
}
