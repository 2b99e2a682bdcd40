/*
 * Workflows for the checker's tests: one good release workflow, and each rule's
 * failing examples (the good workflow with one mistake) and passing
 * counterparts (a near miss that is fine). Each failing example names the
 * zizmor audits and Scorecard checks it exemplifies, so tests/unit/docs can
 * prove every "covered" row of docs/rules.md against a real finding.
 */
import assert from "node:assert/strict";
import type { RuleId } from "../../../lib/workflows/lint";

export const GOOD = `name: Publish
on:
  push:
    tags: ["v[0-9]+.[0-9]+.[0-9]+"]
  schedule:
    - cron: "17 3 * * *"
  workflow_dispatch: {}
permissions: {}
concurrency:
  group: release-stable
  cancel-in-progress: false
jobs:
  publish:
    runs-on: ubuntu-24.04
    environment: stable
    permissions:
      contents: read
      id-token: write
    timeout-minutes: 30
    steps:
      - name: Check out
        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - name: Assume role
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: us-east-1
      - name: Push
        id: push
        uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          push: true
          provenance: mode=max
          sbom: true
          build-args: VERSION=1
      - name: Sign
        env:
          DIGEST: \${{ steps.push.outputs.digest }}
        run: cosign sign --yes "example.com/app@$DIGEST"
`;

/** The good workflow with `from` replaced by `to` (which must occur in it). */
export function mutate(from: string, to: string): string {
  assert.ok(GOOD.includes(from), `fixture lacks ${from}`);
  return GOOD.replace(from, to);
}

const JOB_END = `        run: cosign sign --yes "example.com/app@$DIGEST"\n`;
const JOB_KEYS = "    timeout-minutes: 30\n";

/** The good workflow with a step appended to its job (YAML of one list item, indented for steps:). */
export function withStep(step: string): string {
  return mutate(JOB_END, `${JOB_END}${step}`);
}

/** The good workflow with keys added to its job (indented four spaces). */
export function withJobKeys(keys: string): string {
  return mutate(JOB_KEYS, `${JOB_KEYS}${keys}`);
}

/** The good workflow with a second job (indented two spaces, under jobs:). */
export function withJob(job: string): string {
  return `${GOOD}${job}`;
}

const SETUP_NODE = "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0";
const LOGIN = "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0";
const OTHER_SHA = "0123456789abcdef0123456789abcdef01234567";
const DIGEST = "sha256:01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b";

/** A job that builds (no environment, no credentials) for the good workflow. */
function buildJob(steps: string): string {
  return `  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    timeout-minutes: 10
    steps:
${steps}`;
}

/** A failing example: the rule it breaks, why, and the audits it is an example of. */
/**
 * A multi-runner release that passes every rule: a build job per platform
 * pushes by digest and scans that digest, a publish job tags the index it
 * creates from their digests and signs and attests it.
 */
export const MULTI_RUNNER = `name: Release
on:
  push:
    tags: ["v[0-9]+.[0-9]+.[0-9]+"]
permissions: {}
concurrency:
  group: release-stable
  cancel-in-progress: false
jobs:
  build-amd64:
    runs-on: ubuntu-24.04
    environment: stable
    permissions:
      contents: read
      id-token: write
    timeout-minutes: 60
    outputs:
      digest: \${{ steps.build.outputs.digest }}
    steps:
      - name: Assume role
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: us-east-1
      - name: Build
        id: build
        uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          platforms: linux/amd64
          outputs: type=image,name=example.com/app,push-by-digest=true,name-canonical=true,push=true
          provenance: mode=max
          sbom: true
      - name: Scan
        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0
        with:
          image-ref: example.com/app@\${{ steps.build.outputs.digest }}
          exit-code: "1"
          cache: false
  publish:
    runs-on: ubuntu-24.04
    needs: [build-amd64]
    environment: stable
    permissions:
      id-token: write
      attestations: write
    timeout-minutes: 20
    outputs:
      digest: \${{ steps.index.outputs.digest }}
    steps:
      - name: Assume role
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: us-east-1
      - name: Index
        id: index
        env:
          DIGESTS: \${{ needs.build-amd64.outputs.digest }}
        run: |
          sources=()
          while IFS= read -r digest; do
            if [[ ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then exit 1; fi
            sources+=("example.com/app@$digest")
          done <<<"$DIGESTS"
          docker buildx imagetools create --tag example.com/app:1.0.0 "\${sources[@]}"
          digest="$(docker buildx imagetools inspect example.com/app:1.0.0 --format '{{json .Manifest}}' | jq -r .digest)"
          echo "digest=$digest" >>"$GITHUB_OUTPUT"
      - name: Sign
        env:
          DIGEST: \${{ steps.index.outputs.digest }}
        run: cosign sign --yes "example.com/app@$DIGEST"
      - name: Attest
        uses: actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32 # v4.1.0
        with:
          subject-name: example.com/app
          subject-digest: \${{ steps.index.outputs.digest }}
`;

/** {@link MULTI_RUNNER} with `from` replaced by `to` (which must occur in it). */
function multi(from: string, to: string): string {
  assert.ok(MULTI_RUNNER.includes(from), `fixture lacks ${from}`);
  return MULTI_RUNNER.replace(from, to);
}

export interface BadExample {
  readonly rule: RuleId;
  readonly why: string;
  readonly text: string;
  /** zizmor audit names and OpenSSF Scorecard check names (as `scorecard:Name`) this example exemplifies. */
  readonly audits?: readonly string[];
}

/** A passing counterpart: close to a failing example, and free of findings. */
export interface GoodExample {
  readonly rule: RuleId;
  readonly why: string;
  readonly text: string;
}

export const BAD: readonly BadExample[] = [
  {
    rule: "W1",
    why: "top-level write-all",
    text: mutate("permissions: {}", "permissions: write-all"),
    audits: ["excessive-permissions", "scorecard:Token-Permissions"],
  },
  {
    rule: "W1",
    why: "job read-all",
    text: mutate("    permissions:\n      contents: read\n      id-token: write\n", "    permissions: read-all\n"),
  },
  {
    rule: "W2",
    why: "job without permissions",
    text: mutate("    permissions:\n      contents: read\n      id-token: write\n", ""),
    audits: ["scorecard:Token-Permissions"],
  },
  {
    rule: "W2",
    why: "unused contents: write",
    text: mutate("      contents: read\n", "      contents: write\n"),
    audits: ["excessive-permissions"],
  },
  {
    rule: "W2",
    why: "a GitHub App token with every permission of the App",
    text: withStep(
      `      - name: App token\n        uses: actions/create-github-app-token@${OTHER_SHA} # v2.1.0\n        with:\n          app-id: \${{ vars.APP_ID }}\n          private-key: \${{ secrets.APP_KEY }}\n`,
    ),
    audits: ["github-app"],
  },
  {
    rule: "W3",
    why: "action by tag",
    text: mutate("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v7"),
    audits: ["unpinned-uses", "ref-confusion", "scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W3",
    why: "SHA without tag comment",
    text: mutate(" # v7.0.1", ""),
    audits: ["ref-version-mismatch"],
  },
  {
    rule: "W3",
    why: "docker image by tag",
    text: withStep("      - name: Tool\n        uses: docker://alpine:3\n"),
    audits: ["unpinned-images"],
  },
  {
    rule: "W3",
    why: "an action from the workspace",
    text: withStep("      - name: Local\n        uses: ./.github/actions/tool\n"),
    audits: ["self-repository"],
  },
  {
    rule: "W4",
    why: "expression in run",
    text: mutate('"example.com/app@$DIGEST"', '"example.com/app@${{ steps.push.outputs.digest }}"'),
    audits: ["template-injection", "scorecard:Dangerous-Workflow"],
  },
  {
    rule: "W4",
    why: "an expression in run: reached through an alias",
    text: withJob(
      buildJob(
        `      - name: Greet\n        run: &greet echo "\${{ github.event.head_commit.message }}"\n      - name: Again\n        run: *greet\n`,
      ),
    ),
  },
  {
    rule: "W4",
    why: "an expression in an action input that runs as code",
    text: withStep(
      `      - name: Script\n        uses: actions/github-script@${OTHER_SHA} # v8.0.0\n        with:\n          script: console.log("\${{ github.event.head_commit.message }}")\n`,
    ),
    audits: ["template-injection"],
  },
  {
    rule: "W5",
    why: "pull_request_target trigger",
    text: mutate("  workflow_dispatch: {}\n", "  workflow_dispatch: {}\n  pull_request_target: {}\n"),
    audits: ["dangerous-triggers", "scorecard:Dangerous-Workflow"],
  },
  {
    rule: "W5",
    why: "workflow_run trigger",
    text: mutate("  workflow_dispatch: {}\n", '  workflow_dispatch: {}\n  workflow_run:\n    workflows: ["CI"]\n'),
    audits: ["dangerous-triggers"],
  },
  {
    rule: "W6",
    why: "checkout keeps credentials",
    text: mutate("          persist-credentials: false\n", "          fetch-depth: 0\n"),
    audits: ["artipacked"],
  },
  {
    rule: "W6",
    why: "persist-credentials: true hidden behind a merge key",
    text: mutate(
      "        with:\n          persist-credentials: false\n",
      "        with:\n          <<: &keep { persist-credentials: true }\n          fetch-depth: 1\n",
    ),
  },
  {
    rule: "W7",
    why: "secret in build-args",
    text: mutate("build-args: VERSION=1", "build-args: TOKEN=${{ secrets.NPM_TOKEN }}"),
  },
  {
    rule: "W7",
    why: "toJSON(secrets)",
    text: mutate(
      "          aws-region: us-east-1\n",
      "          aws-region: us-east-1\n        env:\n          ALL: ${{ toJSON(secrets) }}\n",
    ),
    audits: ["overprovisioned-secrets"],
  },
  {
    rule: "W7",
    why: "a secret chosen at run time",
    text: mutate(
      "          aws-region: us-east-1\n",
      "          aws-region: us-east-1\n        env:\n          TOKEN: ${{ secrets[inputs.name] }}\n",
    ),
    audits: ["overprovisioned-secrets"],
  },
  {
    rule: "W7",
    why: "secrets: inherit",
    text: withJob(
      `  call:\n    uses: example/shared/.github/workflows/release.yml@${OTHER_SHA} # v1.0.0\n    permissions: {}\n    secrets: inherit\n`,
    ),
    audits: ["secrets-inherit"],
  },
  {
    rule: "W8",
    why: "gha cache in a publishing job",
    text: mutate("          sbom: true\n", "          sbom: true\n          cache-from: type=gha\n"),
    audits: ["cache-poisoning"],
  },
  {
    rule: "W8",
    why: "setup-node's default package-manager cache in a publishing job",
    text: withStep(`      - name: Node\n        uses: ${SETUP_NODE}\n`),
    audits: ["cache-poisoning"],
  },
  {
    rule: "W9",
    why: "credentials outside an environment",
    text: mutate("    environment: stable\n", ""),
    audits: ["secrets-outside-env"],
  },
  {
    rule: "W9",
    why: "environment that is no channel",
    text: mutate("    environment: stable\n", "    environment: production\n"),
  },
  {
    rule: "W9",
    why: "a secret read by index in a job without an environment",
    text: withJob(
      buildJob(
        `      - name: Publish\n        env:\n          TOKEN: \${{ secrets['NPM_TOKEN'] }}\n        run: echo "$TOKEN" | wc -c\n`,
      ),
    ),
    audits: ["secrets-outside-env"],
  },
  { rule: "W10", why: "push without SBOM", text: mutate("          sbom: true\n", "") },
  { rule: "W10", why: "signing a tag", text: mutate('"example.com/app@$DIGEST"', '"example.com/app:latest"') },
  {
    rule: "W11",
    why: "curl piped into sh",
    text: withStep("      - name: Install\n        run: curl -sSfL https://example.com/install.sh | sh\n"),
    audits: ["scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W11",
    why: "a download run through process substitution",
    text: withStep("      - name: Install\n        run: bash <(curl -sSfL https://example.com/install.sh)\n"),
  },
  {
    rule: "W11",
    why: "a download saved and then run",
    text: withStep(
      "      - name: Install\n        run: |\n          curl -sSfL -o install.sh https://example.com/install.sh\n          bash install.sh\n",
    ),
    audits: ["scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W11",
    why: "a plain http download",
    text: withStep("      - name: Fetch\n        run: curl -sSfLO http://example.com/tool.tar.gz\n"),
  },
  {
    rule: "W11",
    why: "npm install",
    text: withStep("      - name: Dependencies\n        run: npm install\n"),
    audits: ["adhoc-packages", "scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W11",
    why: "gem install",
    text: withStep("      - name: Tool\n        run: gem install rake\n"),
    audits: ["adhoc-packages"],
  },
  {
    rule: "W11",
    why: "yarn add",
    text: withStep("      - name: Tool\n        run: yarn add left-pad\n"),
    audits: ["adhoc-packages"],
  },
  {
    rule: "W11",
    why: "pip install of a pinned version without hashes",
    text: withStep("      - name: Tool\n        run: python3 -m pip install 'moto[server]==5.2.1'\n"),
    audits: ["scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W11",
    why: "go install at latest",
    text: withStep("      - name: Tool\n        run: go install golang.org/x/tools/cmd/stringer@latest\n"),
    audits: ["scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W11",
    why: "unpinned container",
    text: withJobKeys("    container: node:20\n"),
    audits: ["unpinned-images", "scorecard:Pinned-Dependencies"],
  },
  {
    rule: "W11",
    why: "a tool installer without a version",
    text: withStep(`      - name: Trivy\n        uses: aquasecurity/setup-trivy@${OTHER_SHA} # v0.2.3\n`),
    audits: ["unpinned-tools"],
  },
  { rule: "W12", why: "cancel-in-progress", text: mutate("cancel-in-progress: false", "cancel-in-progress: true") },
  { rule: "W12", why: "no timeout", text: mutate("    timeout-minutes: 30\n", "") },
  { rule: "W12", why: "schedule at minute 0", text: mutate('cron: "17 3 * * *"', 'cron: "0 3 * * *"') },
  { rule: "W12", why: "schedule without workflow_dispatch", text: mutate("  workflow_dispatch: {}\n", "") },
  {
    rule: "W13",
    why: "a commit message written to $GITHUB_ENV through a step variable",
    text: withStep(
      '      - name: Remember\n        env:\n          MESSAGE: ${{ github.event.head_commit.message }}\n        run: echo "MESSAGE=$MESSAGE" >> "$GITHUB_ENV"\n',
    ),
    audits: ["github-env"],
  },
  {
    rule: "W13",
    why: "the pull request's branch name put on $GITHUB_PATH",
    text: withStep('      - name: Path\n        run: echo "$RUNNER_TEMP/$GITHUB_HEAD_REF" >> "$GITHUB_PATH"\n'),
    audits: ["github-env"],
  },
  {
    rule: "W13",
    why: "a branch name written to $GITHUB_OUTPUT from a { } group",
    text: withStep(
      '      - name: Outputs\n        env:\n          BRANCH: ${{ github.ref_name }}\n        run: |\n          {\n            echo "branch=$BRANCH"\n          } >> "$GITHUB_OUTPUT"\n',
    ),
  },
  {
    rule: "W13",
    why: "an untrusted action's output written to $GITHUB_ENV",
    text: withStep(
      `      - name: Changed\n        id: changed\n        uses: tj-actions/changed-files@${OTHER_SHA} # v46.0.5\n      - name: Remember\n        env:\n          FILES: \${{ steps.changed.outputs.all_changed_files }}\n        run: echo "FILES=$FILES" | tee -a "$GITHUB_ENV"\n`,
    ),
  },
  {
    rule: "W13",
    why: "a write through a variable holding the file's name",
    text: withStep(
      '      - name: Remember\n        env:\n          TITLE: ${{ github.event.head_commit.message }}\n        run: |\n          file="$GITHUB_ENV"\n          echo "TITLE=$TITLE" >> "$file"\n',
    ),
  },
  {
    rule: "W13",
    why: "a value derived from a commit message in the script, then put on $GITHUB_PATH",
    text: withStep(
      '      - name: Path\n        env:\n          MESSAGE: ${{ github.event.head_commit.message }}\n        run: |\n          dir=$(echo "$MESSAGE" | head -n 1)\n          echo "$dir" >> "$GITHUB_PATH"\n',
    ),
    audits: ["github-env"],
  },
  {
    rule: "W14",
    why: "runs-on: self-hosted",
    text: mutate("    runs-on: ubuntu-24.04\n", "    runs-on: self-hosted\n"),
    audits: ["self-hosted-runner"],
  },
  {
    rule: "W14",
    why: "a label list containing self-hosted",
    text: mutate("    runs-on: ubuntu-24.04\n", "    runs-on: [self-hosted, linux, x64]\n"),
    audits: ["self-hosted-runner"],
  },
  {
    rule: "W14",
    why: "a matrix that expands to self-hosted",
    text: mutate(
      "    runs-on: ubuntu-24.04\n",
      "    strategy:\n      matrix:\n        os: [ubuntu-24.04, self-hosted]\n    runs-on: ${{ matrix.os }}\n",
    ),
  },
  {
    rule: "W14",
    why: "a label only self-hosted runners carry",
    text: mutate("    runs-on: ubuntu-24.04\n", "    runs-on: linux\n"),
  },
  {
    rule: "W15",
    why: "ACTIONS_ALLOW_UNSECURE_COMMANDS in a step's env",
    text: mutate(
      "        env:\n          DIGEST:",
      "        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n          DIGEST:",
    ),
    audits: ["insecure-commands"],
  },
  {
    rule: "W15",
    why: "ACTIONS_ALLOW_UNSECURE_COMMANDS in the workflow's env",
    text: mutate("permissions: {}\n", 'permissions: {}\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: "true"\n'),
    audits: ["insecure-commands"],
  },
  {
    rule: "W15",
    why: "ACTIONS_ALLOW_UNSECURE_COMMANDS written to $GITHUB_ENV",
    text: withStep('      - name: Legacy\n        run: echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> "$GITHUB_ENV"\n'),
  },
  {
    rule: "W16",
    why: "a container password in the file",
    text: withJobKeys(
      `    container:\n      image: registry.example.com/builder@${DIGEST}\n      credentials:\n        username: ci\n        password: hunter2\n`,
    ),
    audits: ["hardcoded-container-credentials"],
  },
  {
    rule: "W16",
    why: "a service password in the file",
    text: withJobKeys(
      `    services:\n      cache:\n        image: registry.example.com/cache@${DIGEST}\n        credentials:\n          username: ci\n          password: hunter2\n`,
    ),
    audits: ["hardcoded-container-credentials"],
  },
  {
    rule: "W16",
    why: "a docker/login-action password laundered through env",
    text: withStep(
      `      - name: Log in\n        uses: ${LOGIN}\n        env:\n          PASS: hunter2\n        with:\n          username: ci\n          password: \${{ env.PASS }}\n`,
    ),
  },
  {
    rule: "W17",
    why: "if: true",
    text: withStep("      - name: Always\n        if: true\n        run: echo hi\n"),
    audits: ["unsound-condition"],
  },
  {
    rule: "W17",
    why: "if: ${{ true }}",
    text: withStep("      - name: Always\n        if: ${{ true }}\n        run: echo hi\n"),
    audits: ["unsound-condition"],
  },
  {
    rule: "W17",
    why: "a trailing space outside ${{ }}",
    text: withStep(
      "      - name: Only for x\n        if: \"${{ github.ref_name == 'main' }} \"\n        run: echo hi\n",
    ),
    audits: ["unsound-condition"],
  },
  {
    rule: "W17",
    why: "a | block that keeps its newline",
    text: withStep("      - name: Never, it seems\n        if: |\n          ${{ false }}\n        run: echo hi\n"),
    audits: ["unsound-condition"],
  },
  {
    rule: "W17",
    why: "always() || ...",
    text: withStep(
      "      - name: Guarded, it seems\n        if: always() || github.ref_name == 'main'\n        run: echo hi\n",
    ),
    audits: ["unsound-condition"],
  },
  {
    rule: "W17",
    why: "contains() on a string",
    text: withStep(
      "      - name: Main or dev\n        if: contains('refs/heads/main refs/heads/dev', github.ref)\n        run: echo hi\n",
    ),
    audits: ["unsound-contains"],
  },
  {
    rule: "W17",
    why: "a pseudo-ternary whose true arm is empty",
    text: withStep(
      "      - name: Suffix\n        env:\n          SUFFIX: ${{ github.ref_type == 'tag' && '' || '-dev' }}\n        run: echo \"$SUFFIX\"\n",
    ),
    audits: ["unsound-ternary"],
  },
  {
    rule: "W18",
    why: "github.actor == 'dependabot[bot]'",
    text: withStep("      - name: Bot only\n        if: github.actor == 'dependabot[bot]'\n        run: echo hi\n"),
    audits: ["bot-conditions"],
  },
  {
    rule: "W18",
    why: "the bot's actor id",
    text: withStep("      - name: Bot only\n        if: ${{ github.actor_id == 49699333 }}\n        run: echo hi\n"),
    audits: ["bot-conditions"],
  },
  {
    rule: "W18",
    why: "the actor compared in the script",
    text: withStep(
      '      - name: Bot only\n        run: |\n          if [ "$GITHUB_ACTOR" = "dependabot[bot]" ]; then echo bot; fi\n',
    ),
  },
  {
    rule: "W19",
    why: "setup-node's cache in a build job of a release workflow",
    text: withJob(buildJob(`      - name: Node\n        uses: ${SETUP_NODE}\n`)),
    audits: ["cache-poisoning"],
  },
  {
    rule: "W19",
    why: "actions/cache in a build job of a release workflow",
    text: withJob(
      buildJob(
        `      - name: Cache\n        uses: actions/cache@${OTHER_SHA} # v4.2.3\n        with:\n          path: ~/.npm\n          key: npm\n`,
      ),
    ),
    audits: ["cache-poisoning"],
  },
  {
    rule: "W20",
    why: "an obfuscated uses: path",
    text: mutate(
      "uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
      "uses: actions/checkout/./@3d3c42e5aac5ba805825da76410c181273ba90b1",
    ),
    audits: ["obfuscation"],
  },
  {
    rule: "W20",
    why: "an expression that folds to a constant",
    text: mutate("aws-region: us-east-1", "aws-region: ${{ format('{0}-{1}-1', 'us', 'east') }}"),
    audits: ["obfuscation"],
  },
  {
    rule: "W20",
    why: "fromJSON(toJSON(...))",
    text: withStep(
      '      - name: Event\n        env:\n          EVENT: ${{ fromJSON(toJSON(github.event_name)) }}\n        run: echo "$EVENT"\n',
    ),
    audits: ["obfuscation"],
  },
  {
    rule: "W20",
    why: "a script in a shell the checker cannot read",
    text: withStep("      - name: Python\n        shell: python\n        run: print('hi')\n"),
    audits: ["misfeature"],
  },
  {
    rule: "W20",
    why: "setup-python's pip-install",
    text: withStep(
      `      - name: Python\n        uses: actions/setup-python@${OTHER_SHA} # v6.0.0\n        with:\n          pip-install: requests\n`,
    ),
    audits: ["misfeature"],
  },
  {
    rule: "W21",
    why: "a JSON secret taken apart",
    text: withStep(
      '      - name: Deploy\n        env:\n          PASSWORD: ${{ fromJSON(secrets.DEPLOY).password }}\n        run: echo "$PASSWORD" | wc -c\n',
    ),
    audits: ["unredacted-secrets"],
  },
  {
    rule: "W22",
    why: "a typosquat of actions/checkout",
    text: mutate("uses: actions/checkout@", "uses: actons/checkout@"),
    audits: ["typosquat-uses"],
  },
  {
    rule: "W22",
    why: "a SHA that is not the commit of the tag it names",
    text: mutate("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", `actions/checkout@${OTHER_SHA}`),
    audits: ["impostor-commit", "ref-version-mismatch"],
  },
  {
    rule: "W22",
    why: "a comment that names another tag than the SHA's",
    text: mutate(" # v7.0.1", " # v7.0.0"),
    audits: ["ref-version-mismatch"],
  },
  {
    rule: "W10",
    why: "a push by digest (an image output with push=true) without an SBOM",
    text: multi("          provenance: mode=max\n          sbom: true\n", "          provenance: mode=max\n"),
  },
  {
    rule: "W2",
    why: "a publish job that keeps the build job's security-events: write",
    text: multi(
      "    permissions:\n      id-token: write\n      attestations: write\n",
      "    permissions:\n      id-token: write\n      attestations: write\n      security-events: write\n",
    ),
  },
  {
    rule: "W23",
    why: "a digest from another job used in an image reference unchecked",
    text: multi('            if [[ ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then exit 1; fi\n', ""),
  },
  {
    rule: "W23",
    why: "an image index made from a tag",
    text: multi('"${sources[@]}"', '"${sources[@]}" example.com/app:candidate'),
  },
  {
    rule: "W24",
    why: "a gate that scans a locally loaded image instead of the pushed digest",
    text: multi("image-ref: example.com/app@${{ steps.build.outputs.digest }}", "image-ref: scan.local/app:candidate"),
  },
  {
    rule: "W24",
    why: "tags published for a digest no gate read",
    text: multi(
      "      - name: Scan\n        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0\n        with:\n          image-ref: example.com/app@${{ steps.build.outputs.digest }}\n",
      "      - name: Scan\n        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0\n        with:\n          image-ref: example.com/app@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    ),
  },
  {
    rule: "W25",
    why: "a publish job that attests a platform image instead of its index",
    text: multi(
      "          subject-digest: ${{ steps.index.outputs.digest }}",
      "          subject-digest: ${{ needs.build-amd64.outputs.digest }}",
    ),
  },
];

export const FINE: readonly GoodExample[] = [
  {
    rule: "W2",
    why: "a GitHub App token scoped to one permission",
    text: withStep(
      `      - name: App token\n        uses: actions/create-github-app-token@${OTHER_SHA} # v2.1.0\n        with:\n          app-id: \${{ vars.APP_ID }}\n          private-key: \${{ secrets.APP_KEY }}\n          permission-contents: read\n`,
    ),
  },
  {
    rule: "W3",
    why: "the self-repository form of a local action",
    text: withStep("      - name: Local\n        uses: $/.github/actions/tool\n"),
  },
  {
    rule: "W11",
    why: "pip install with hashes, go install at a version, a checked download",
    text: withStep(
      '      - name: Tools\n        run: |\n          python3 -m pip install --require-hashes -r requirements.txt\n          go install golang.org/x/tools/cmd/stringer@v0.20.0\n          curl -sSfL -o install.sh https://example.com/install.sh\n          echo "0123  install.sh" | sha256sum -c\n          bash install.sh\n',
    ),
  },
  {
    rule: "W13",
    why: "literal text and trusted values written to the environment files",
    text: withStep(
      '      - name: Remember\n        env:\n          DIGEST: ${{ steps.push.outputs.digest }}\n        run: |\n          echo "TOOL_DIR=$RUNNER_TEMP/tool" >> "$GITHUB_ENV"\n          echo "$RUNNER_TEMP/tool/bin" >> "$GITHUB_PATH"\n          echo "digest=$DIGEST" >> "$GITHUB_OUTPUT"\n',
    ),
  },
  {
    rule: "W13",
    why: "a tag name checked against a pattern before it becomes an output",
    text: withStep(
      '      - name: Version\n        env:\n          TAG: ${{ github.ref_name }}\n        shell: /bin/bash\n        run: |\n          version="${TAG#v}"\n          if [[ ! "$version" =~ ^[0-9]+\\.[0-9]+\\.[0-9]+$ ]]; then exit 1; fi\n          echo "version=$version" >> "$GITHUB_OUTPUT"\n',
    ),
  },
  {
    rule: "W14",
    why: "a matrix of GitHub-hosted images",
    text: mutate(
      "    runs-on: ubuntu-24.04\n",
      "    strategy:\n      matrix:\n        os: [ubuntu-24.04, ubuntu-24.04-arm]\n    runs-on: ${{ matrix.os }}\n",
    ),
  },
  {
    rule: "W15",
    why: "ACTIONS_ALLOW_UNSECURE_COMMANDS set to false",
    text: mutate(
      "        env:\n          DIGEST:",
      "        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: false\n          DIGEST:",
    ),
  },
  {
    rule: "W16",
    why: "a docker/login-action password from a secret",
    text: withStep(
      `      - name: Log in\n        uses: ${LOGIN}\n        with:\n          username: ci\n          password: \${{ secrets.DOCKERHUB_TOKEN }}\n`,
    ),
  },
  {
    rule: "W17",
    why: "always(), !cancelled(), a |- block and contains() on a list",
    text: withStep(
      '      - name: Report\n        if: ${{ !cancelled() }}\n        run: echo hi\n      - name: Clean\n        if: always()\n        run: echo bye\n      - name: Main or dev\n        if: |-\n          ${{ contains(fromJSON(\'["refs/heads/main", "refs/heads/dev"]\'), github.ref) }}\n        run: echo main\n',
    ),
  },
  {
    rule: "W18",
    why: "the pull request's author compared with the bot",
    text: withStep(
      "      - name: Bot only\n        if: github.event.pull_request.user.login == 'dependabot[bot]'\n        run: echo hi\n",
    ),
  },
  {
    rule: "W19",
    why: "the same build job in a pull request workflow",
    text: withJob(buildJob(`      - name: Node\n        uses: ${SETUP_NODE}\n`))
      .replace(
        '  push:\n    tags: ["v[0-9]+.[0-9]+.[0-9]+"]\n  schedule:\n    - cron: "17 3 * * *"\n',
        "  pull_request: {}\n",
      )
      .replace("  workflow_dispatch: {}\n", ""),
  },
  {
    rule: "W19",
    why: "a build job of a release workflow with setup-node's cache off",
    text: withJob(
      buildJob(
        `      - name: Node\n        uses: ${SETUP_NODE}\n        with:\n          package-manager-cache: false\n`,
      ),
    ),
  },
  {
    rule: "W21",
    why: "each part of a credential as its own secret",
    text: withStep(
      '      - name: Deploy\n        env:\n          PASSWORD: ${{ secrets.DEPLOY_PASSWORD }}\n        run: echo "$PASSWORD" | wc -c\n',
    ),
  },
  {
    rule: "W22",
    why: "an action outside the pinned table, pinned to any tag",
    text: withStep(`      - name: Changed\n        uses: tj-actions/changed-files@${OTHER_SHA} # v46.0.5\n`),
  },
  {
    rule: "W23",
    why: "the multi-runner release: digests checked line by line, the index made from digests",
    text: MULTI_RUNNER,
  },
  {
    rule: "W24",
    why: "a publish job that re-points a tag at the index another job created from scanned digests",
    text: `${MULTI_RUNNER}  move:
    runs-on: ubuntu-24.04
    needs: [publish]
    environment: stable
    permissions:
      id-token: write
    timeout-minutes: 10
    steps:
      - name: Assume role
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: us-east-1
      - name: Move
        env:
          DIGEST: \${{ needs.publish.outputs.digest }}
        run: |
          if [[ ! "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then exit 1; fi
          docker buildx imagetools create --tag example.com/app:latest "example.com/app@$DIGEST"
`,
  },
  {
    rule: "W25",
    why: "a publish job that signs the index digest its own step wrote",
    text: MULTI_RUNNER,
  },
];
