/*
 * W10: images are pushed with provenance and an SBOM, and signed and attested
 * by digest. SLSA provenance; Sigstore's guidance to sign digests, not tags.
 */
import { ATTESTING, buildPushes } from "../actions";
import { isTrue, site, text, usesAction, type Rule, type RuleFinding } from "../rule";
import { commands } from "../script";

function digestReferenced(command: string): boolean {
  return /@(?:sha256:|"?\$)/.test(command);
}

export const W10: Rule = {
  id: "W10",
  summary:
    "Push with docker/build-push-action, provenance mode=max and an SBOM; sign and attest the pushed digest, never a tag",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step): RuleFinding[] => {
        const at = site(workflow, job, step);
        if (buildPushes(step)) {
          const findings: RuleFinding[] = [];
          if (!text(step.with.provenance).includes("mode=max"))
            findings.push({ ...at, message: "a pushing build must set provenance: mode=max" });
          if (!isTrue(step.with.sbom)) findings.push({ ...at, message: "a pushing build must set sbom: true" });
          return findings;
        }
        if (usesAction(step, ...ATTESTING)) {
          const name = text(step.with["subject-name"]);
          if (step.with["subject-digest"] === undefined || /:[^/]*$/.test(name.replace(/^[^/]*\//, ""))) {
            return [
              { ...at, message: "attest the pushed digest: set subject-digest and a subject-name without a tag" },
            ];
          }
          return [];
        }
        if (step.run === undefined) return [];
        return commands(step.run).flatMap((command): RuleFinding[] => {
          if (/\bcosign\s+(?:sign|attest)\b/.test(command) && !digestReferenced(command)) {
            return [{ ...at, message: `sign by digest (image@sha256:...), never by tag: ${command.trim()}` }];
          }
          if (/\bdocker\s+(?:image\s+)?push\b/.test(command)) {
            return [{ ...at, message: "push with docker/build-push-action (provenance and SBOM), not docker push" }];
          }
          return [];
        });
      }),
    ),
};
