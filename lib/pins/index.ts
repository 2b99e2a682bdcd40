/**
 * Rollback pins: `channels.<channel>.pin: <version>` points the channel's
 * moving tags at that version's image in every registry, until the pin is
 * removed and the release workflows move them again. Pure functions only;
 * providers/retag applies a pin to a registry.
 */
export { PinError } from "./errors";
export { planPin } from "./plan";
export type { PinInput, PinPlan } from "./plan";
// pinProblem keeps a deprecated two-argument form for callers that have no tag scheme yet.
// eslint-disable-next-line @typescript-eslint/no-deprecated
export { nightlyPinDate, pinnedMovingTags, pinProblem, pinVersionOfTag } from "./shape";
export { configuredPins, DOCKER_HUB_REGISTRY_URL, pinTargets } from "./targets";
export type { PinTarget } from "./targets";
export { nightlyAgeProblem } from "./plan";
export { parseDeployedPins, pinRetentionProblems } from "./retention";
export type { Pins } from "./retention";
