/**
 * Runs the Docker Hub emulator standalone, for trying the client or the CLI by hand:
 *   tsx tests/support/dockerhub-emulator/main.ts [--port 8080] [--org cortex] [--token dckr_oat_x]
 *     [--rate-limit 180] [--rate-limit-shape epoch-retry-after|retry-after|x-retry-after|both|bare]
 * `--rate-limit N` allows N requests a minute; `--rate-limit-shape` picks how its 429s
 * say when to retry (default: the shape Docker Hub was observed to send; see rate-limit.ts).
 */
import { rateLimitFlags } from "./rate-limit";
import { startStandalone } from "./standalone";

async function main(): Promise<void> {
  const { rateLimit, rest } = rateLimitFlags(process.argv.slice(2));
  const { emulator, instructions } = await startStandalone(rest, process.env);
  emulator.setRateLimit(rateLimit);
  for (const line of instructions) console.log(line);
  if (rateLimit !== undefined)
    console.log(
      `Rate limit: ${rateLimit.limit} requests a minute, 429s shaped ${rateLimit.retryAfter ?? "epoch-retry-after"}.`,
    );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
