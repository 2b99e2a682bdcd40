// `npm run bench`: prints tables of measured numbers. Not part of the tests.
import { benchDockerHub } from "./dockerhub";
import { benchPipeline } from "./pipeline";
import { benchPlan, benchProgram } from "./program";
import { benchRetention } from "./retention";
import { table } from "./table";

async function main(): Promise<void> {
  const print = (text: string) => process.stdout.write(`${text}\n\n`);
  print(table("Program evaluation under the recording engine (people x images)", await benchProgram()));
  print(table("ECR lifecycle evaluation (compiled default policy)", benchRetention()));
  print(table("Docker Hub API calls per operation (emulator of the documented API)", await benchDockerHub()));
  print(table("Offline plan (a whole process on Pulumi.prod.yaml)", benchPlan()));
  print(table("Release pipeline per workflow run: builds per platform, QEMU, needs chain", benchPipeline()));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
