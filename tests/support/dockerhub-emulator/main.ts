/**
 * Runs the Docker Hub emulator standalone, for trying the client or the CLI by hand:
 *   tsx tests/support/dockerhub-emulator/main.ts [--port 8080] [--org cortex] [--token dckr_oat_x]
 */
import { startStandalone } from "./standalone";

async function main(): Promise<void> {
  const { emulator, instructions } = await startStandalone(process.argv.slice(2), process.env);
  for (const line of instructions) console.log(line);
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
