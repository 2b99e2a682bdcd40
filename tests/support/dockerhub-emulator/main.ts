/**
 * Runs the Docker Hub emulator standalone, for trying the client or the CLI by
 * hand (`npm run hub-emulator -- --help` lists the flags; see standalone.ts).
 */
import { STANDALONE_USAGE, startStandalone } from "./standalone";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(STANDALONE_USAGE);
    return;
  }
  const { emulator, instructions } = await startStandalone(argv, process.env);
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
