import assert from "node:assert/strict";
import { channelImages } from "../../../lib/workflows/release-build";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { CHANNELS } from "../../../lib/channels";
import { releaseWorkflows, renderReleaseWorkflows } from "../../../lib/workflows/generate";
import { ReleaseWorkflowInputError } from "../../../lib/workflows/input";
import { PINNED_ACTIONS } from "../../../lib/workflows/pinned-actions";
import { SAMPLE_INPUT } from "./fixtures";

type Doc = Record<string, unknown> & {
  jobs: Record<string, Record<string, unknown> & { steps: Record<string, unknown>[] }>;
};

const rendered = renderReleaseWorkflows(SAMPLE_INPUT);
const docs = new Map(rendered.map(({ path, content }) => [path.split("/").pop()!, YAML.parse(content) as Doc]));
const doc = (file: string): Doc => docs.get(file)!;
const allJobs = [...docs].flatMap(([file, workflow]) =>
  Object.entries(workflow.jobs).map(([id, job]) => ({ file, id, job })),
);
const PINNED_USES = new Set(Object.values(PINNED_ACTIONS).map(({ action, sha }) => `${action}@${sha}`));
const SNAPSHOT_DIR = join(__dirname, "__snapshots__");

describe("release workflow generators", () => {
  it("generates one build workflow per channel and the rollback", () => {
    assert.deepEqual(
      rendered.map(({ path }) => path),
      [
        ...CHANNELS.map((channel) => `.github/workflows/release-${channel}.yml`),
        ".github/workflows/release-rollback.yml",
      ],
    );
  });

  it("grants nothing at the top level and declares permissions on every job", () => {
    for (const [file, workflow] of docs) assert.deepEqual(workflow.permissions, {}, file);
    for (const { file, id, job } of allJobs)
      assert.ok(typeof job.permissions === "object" && job.permissions !== null, `${file} ${id}`);
  });

  it("grants id-token: write exactly to the jobs that assume the AWS role, sign or attest", () => {
    const needsToken = (job: Doc["jobs"][string]) =>
      job.steps.some(
        (step) =>
          typeof step.uses === "string" &&
          /configure-aws-credentials|cosign-installer|attest-build-provenance/.test(step.uses),
      );
    let granted = 0;
    for (const { file, id, job } of allJobs) {
      const has = (job.permissions as Record<string, string>)["id-token"] === "write";
      assert.equal(has, needsToken(job), `${file} ${id}`);
      if (has) granted += 1;
    }
    assert.ok(granted > 0);
  });

  it("keeps ${{ }} out of every run script", () => {
    const scripts = allJobs.flatMap(({ job }) =>
      job.steps.map((step) => step.run).filter((run): run is string => typeof run === "string"),
    );
    assert.ok(scripts.length > 10);
    for (const script of scripts) assert.ok(!script.includes("${{"), script);
  });

  it("pins every uses: to a SHA from the pinned-actions table, with its tag", () => {
    for (const { content } of rendered) {
      const lines = content.split("\n").filter((line) => /^\s*(?:- )?uses:/.test(line));
      assert.ok(lines.length > 0);
      for (const line of lines) {
        const match = /uses: (\S+) # (\S+)$/.exec(line);
        assert.ok(match, line);
        assert.ok(PINNED_USES.has(match[1]!), line);
        assert.ok(
          Object.values(PINNED_ACTIONS).some(
            ({ action, sha, tag }) => `${action}@${sha}` === match[1] && tag === match[2],
          ),
          line,
        );
      }
    }
  });

  it("renders the same input to the same bytes", () => {
    assert.deepEqual(renderReleaseWorkflows(structuredClone(SAMPLE_INPUT)), rendered);
  });

  it("runs every credentialed job in its channel's environment", () => {
    for (const channel of CHANNELS) {
      const workflow = doc(`release-${channel}.yml`);
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const credentialed = JSON.stringify(job).includes("secrets.") || JSON.stringify(job).includes("AWS_ROLE_ARN");
        if (credentialed) assert.equal(job.environment, channel, `${channel} ${id}`);
      }
    }
    assert.equal(doc("release-rollback.yml").jobs.rollback!.environment, "${{ inputs.channel }}");
  });

  it("triggers nightly on its schedule and by hand, beta and stable on their release tags", () => {
    assert.deepEqual(doc("release-nightly.yml").on, { schedule: [{ cron: "17 3 * * *" }], workflow_dispatch: {} });
    assert.deepEqual(doc("release-beta.yml").on, { push: { tags: ["v[0-9]+.[0-9]+.[0-9]+-beta.[0-9]+"] } });
    assert.deepEqual(doc("release-stable.yml").on, { push: { tags: ["v[0-9]+.[0-9]+.[0-9]+"] } });
  });

  it("serializes each channel without cancelling a running release, and times out every job", () => {
    for (const channel of CHANNELS) {
      assert.deepEqual(doc(`release-${channel}.yml`).concurrency, {
        group: `release-${channel}`,
        "cancel-in-progress": false,
      });
    }
    for (const { file, id, job } of allJobs) assert.equal(typeof job["timeout-minutes"], "number", `${file} ${id}`);
  });

  it("hands the pin variable to the plan, which leaves out exactly the tags the pin holds", () => {
    for (const channel of CHANNELS) {
      const workflow = doc(`release-${channel}.yml`);
      const plan = workflow.jobs.plan!.steps.find((step) => step.id === "plan")!;
      assert.equal((plan.env as Record<string, string> | undefined)?.PIN, `\${{ vars.${channel.toUpperCase()}_PIN }}`);
      // Moving tags no longer stop on a pin: other release lines keep moving.
      assert.ok(!JSON.stringify(workflow.jobs.publish).includes("_PIN"));
    }
  });

  it("decides each nightly image on its own: skipped images' jobs and tag moves do not run", () => {
    const workflow = doc("release-nightly.yml");
    const outputs = Object.keys(workflow.jobs.plan!.outputs ?? {});
    for (const image of channelImages(SAMPLE_INPUT, "nightly")) {
      const id = image.name.replaceAll(".", "_");
      for (const name of ["skip", "tags", "moving"]) assert.ok(outputs.includes(`${name}_${id}`), `${name}_${id}`);
      const arch = (platform: string) => platform.split("/")[1]!;
      for (const platform of image.platforms)
        assert.equal(workflow.jobs[`build-${id}-${arch(platform)}`]!.if, `needs.plan.outputs.skip_${id} != 'true'`);
      // The publish job runs when any image was built, and publishes each image whose builds passed.
      const built = image.platforms.map((p) => `needs.build-${id}-${arch(p)}.result == 'success'`).join(" && ");
      const publish = workflow.jobs.publish!;
      assert.equal(publish.if, "!cancelled() && needs.plan.result == 'success' && needs.plan.outputs.skip != 'true'");
      assert.equal(publish.steps.find((step) => step.id === `index_${id}`)!.if, built);
      assert.equal(
        publish.steps.find((step) => step.name === `Move the tags of ${image.name}`)!.if,
        `${built} && needs.plan.outputs.moving_${id} != ''`,
      );
    }
  });

  it("gates beta and stable on the scan of every platform and only reports for nightly", () => {
    const exitCodes = (file: string) =>
      Object.values(doc(file).jobs).flatMap((job) =>
        job.steps
          .filter((step) => String(step.uses).startsWith("aquasecurity/"))
          .map((step) => (step.with as Record<string, unknown>)["exit-code"]),
      );
    // nightly: cortex on amd64 and arm64; stable and beta also query.frontend on amd64.
    assert.deepEqual(exitCodes("release-nightly.yml"), ["0", "0"]);
    assert.deepEqual(exitCodes("release-beta.yml"), ["1", "1", "1"]);
    assert.deepEqual(exitCodes("release-stable.yml"), ["1", "1", "1"]);
  });

  it("builds only the channel's images, each platform in its own job", () => {
    assert.deepEqual(Object.keys(doc("release-nightly.yml").jobs), [
      "plan",
      "test",
      "build-cortex-amd64",
      "build-cortex-arm64",
      "publish",
    ]);
    assert.deepEqual(Object.keys(doc("release-stable.yml").jobs), [
      "plan",
      "test",
      "build-cortex-amd64",
      "build-cortex-arm64",
      "build-query_frontend-amd64",
      "publish",
    ]);
  });

  it("builds each platform once, natively, by digest, with the channel's registry cache", () => {
    const jobs = doc("release-beta.yml").jobs;
    const ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cortex";
    for (const [arch, runner] of [
      ["amd64", "ubuntu-24.04"],
      ["arm64", "ubuntu-24.04-arm"],
    ] as const) {
      const job = jobs[`build-cortex-${arch}`]!;
      assert.equal(job["runs-on"], runner);
      const builds = job.steps.filter((step) => String(step.uses).startsWith("docker/build-push-action@"));
      assert.equal(builds.length, 1);
      const build = builds[0]!.with as Record<string, unknown>;
      assert.equal(build.platforms, `linux/${arch}`);
      assert.equal(build.outputs, `type=image,name=${ecr},push-by-digest=true,name-canonical=true,push=true`);
      assert.equal(build.tags, undefined);
      assert.equal(build["cache-from"], `type=registry,ref=${ecr}:buildcache-beta-${arch}`);
      assert.equal(
        build["cache-to"],
        `type=registry,ref=${ecr}:buildcache-beta-${arch},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
      );
      assert.ok(!job.steps.some((step) => String(step.uses).startsWith("docker/setup-qemu-action@")));
      // The scan reads the pushed digest: no second build.
      const scan = job.steps.find((step) => String(step.uses).startsWith("aquasecurity/"))!;
      assert.equal((scan.with as Record<string, unknown>)["image-ref"], `${ecr}@\${{ steps.build.outputs.digest }}`);
      assert.deepEqual(scan.env, { TRIVY_IMAGE_SRC: "remote", TRIVY_PLATFORM: `linux/${arch}` });
      assert.deepEqual(job.outputs, { digest: "${{ steps.build.outputs.digest }}" });
      // No Docker Hub credential where nothing is tagged.
      assert.ok(!job.steps.some((step) => String(step.uses).startsWith("docker/login-action@")));
    }
  });

  it("emulates only a platform without a native runner, and builds no cache when it is off", () => {
    const emulated = renderReleaseWorkflows({
      ...SAMPLE_INPUT,
      platformRunners: { "linux/arm64": "emulate" },
      buildCache: "none",
    });
    const beta = YAML.parse(emulated.find((f) => f.path.endsWith("release-beta.yml"))!.content) as Doc;
    const arm = beta.jobs["build-cortex-arm64"]!;
    assert.equal(arm["runs-on"], "ubuntu-24.04");
    const qemu = arm.steps.filter((step) => String(step.uses).startsWith("docker/setup-qemu-action@"));
    assert.deepEqual(
      qemu.map((step) => (step.with as Record<string, unknown>).platforms),
      ["arm64"],
    );
    assert.ok(!beta.jobs["build-cortex-amd64"]!.steps.some((step) => String(step.uses).includes("setup-qemu")));
    for (const job of Object.values(beta.jobs))
      for (const step of job.steps)
        assert.equal((step.with as Record<string, unknown> | undefined)?.["cache-to"], undefined);
  });

  it("tags only in the publish job, after every platform's build, signs and attests each index, then moves the tags", () => {
    const jobs = doc("release-stable.yml").jobs;
    const publish = jobs.publish!;
    assert.deepEqual(publish.needs, ["plan", "build-cortex-amd64", "build-cortex-arm64", "build-query_frontend-amd64"]);
    // Beta and stable publish only when every build passed: GitHub's default.
    assert.equal(publish.if, undefined);
    const index = publish.steps.find((step) => step.id === "index_cortex")!;
    assert.equal(
      (index.env as Record<string, string>).DIGESTS,
      "${{ needs.build-cortex-amd64.outputs.digest }}\n${{ needs.build-cortex-arm64.outputs.digest }}",
    );
    assert.match(String(index.run), /docker buildx imagetools create/);
    for (const build of ["build-cortex-amd64", "build-cortex-arm64"]) {
      const push = jobs[build]!.steps.find((step) => step.id === "build")!;
      const inputs = push.with as Record<string, unknown>;
      assert.deepEqual([inputs.provenance, inputs.sbom], ["mode=max", true]);
    }
    const sign = publish.steps.find((step) => step.name === "Sign the index of cortex")!;
    assert.equal((sign.env as Record<string, string>).DIGEST, "${{ steps.index_cortex.outputs.digest }}");
    const attests = publish.steps.filter(
      (step) =>
        String(step.uses).startsWith("actions/attest-build-provenance@") && String(step.name).includes("cortex"),
    );
    assert.deepEqual(
      attests.map((step) => (step.with as Record<string, unknown>)["subject-digest"]),
      ["${{ steps.index_cortex.outputs.digest }}", "${{ steps.index_cortex.outputs.digest }}"],
    );
    const names = publish.steps.map((step) => String(step.name));
    // Every image is published before any tag moves.
    const lastAttest = Math.max(...names.map((name, i) => (name.startsWith("Attest") ? i : -1)));
    const firstMove = names.findIndex((name) => name.startsWith("Move the tags"));
    assert.ok(lastAttest < firstMove, names.join("\n"));
    const move = publish.steps.find((step) => step.name === "Move the tags of cortex")!;
    assert.equal((move.env as Record<string, string>).DIGEST, "${{ steps.index_cortex.outputs.digest }}");
    assert.equal(move.if, "needs.plan.outputs.moving != ''");
  });

  it("lists every input problem at once, with the field path", () => {
    const bad = {
      ...SAMPLE_INPUT,
      ecr: { region: "us-east-1", registry: "registry.example.com" },
      nightlySchedule: "0 3 * * *",
      images: [SAMPLE_INPUT.images[0]!, { ...SAMPLE_INPUT.images[0]!, platforms: ["windows/amd64"] }],
      channelImages: { beta: ["missing"] },
    };
    assert.throws(
      () => releaseWorkflows(bad),
      (err: unknown) => {
        assert.ok(err instanceof ReleaseWorkflowInputError);
        const text = err.problems.join("\n");
        for (const field of [
          "ecr.registry",
          "nightlySchedule",
          "images[1].name",
          "images[1].platforms[0]",
          "channelImages.beta[0]",
        ])
          assert.ok(text.includes(field), `${field} in\n${text}`);
        return true;
      },
    );
  });

  it("matches the committed snapshot byte for byte (UPDATE_SNAPSHOTS=1 rewrites it)", () => {
    for (const { path, content } of rendered) {
      const file = join(SNAPSHOT_DIR, path.split("/").pop()!);
      if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(file, content);
      assert.equal(
        content,
        readFileSync(file, "utf8"),
        `${file} is stale; rerun with UPDATE_SNAPSHOTS=1 and review the diff`,
      );
    }
  });
});
