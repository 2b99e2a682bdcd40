/*
 * Every document with generated sections, each with the comment syntax its
 * markers are written in and the sections its generators produce.
 */
import { NAMESPACE } from "../config/problems";
import { pulumiYamlKeys } from "./config";
import { readmeSections } from "./readme";
import { MARKDOWN_COMMENT, YAML_COMMENT, type CommentSyntax, type GeneratedSection } from "./sections";

/** A document, relative to the repository root, and its generated sections. */
export interface GeneratedDocument {
  readonly file: string;
  readonly syntax: CommentSyntax;
  readonly sections: readonly GeneratedSection[];
}

/** The documents of the repository at `root` and what their sections hold now. */
export function generatedDocuments(root: string): GeneratedDocument[] {
  return [
    { file: "README.md", syntax: MARKDOWN_COMMENT, sections: readmeSections(root) },
    {
      file: "Pulumi.yaml",
      syntax: YAML_COMMENT,
      sections: [{ name: "config-keys", content: pulumiYamlKeys(NAMESPACE) }],
    },
  ];
}
