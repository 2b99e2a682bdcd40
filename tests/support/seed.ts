/*
 * The seed of every property test (fast-check). Fixed, so that a run is
 * reproducible and a failure can be replayed; FC_SEED picks another one, to
 * explore or to replay the seed a failure printed.
 */

/** The default seed: any fixed integer would do. */
const DEFAULT_SEED = 20_261_201;

/**
 * FC_SEED when it is set, else the fixed default.
 * @throws when FC_SEED is set but is not a 32-bit integer
 */
export function propertySeed(environment: NodeJS.ProcessEnv = process.env): number {
  const text = environment.FC_SEED;
  if (text === undefined || text === "") return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new Error(`FC_SEED must be an integer (a 32-bit seed as fast-check prints it), got ${JSON.stringify(text)}`);
  }
  return seed;
}
