/*
 * The pretest step (tests/tools/system-tools.sh), run with a PATH of stand-ins
 * so that which tools are "installed", and whether it runs as root, is the
 * test's to choose. It must never install anything here: apt-get is a stand-in
 * that records its arguments.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemTools } from "../../../lib/workflows/project/system-tools";

const ROOT = join(__dirname, "..", "..", "..");
const SCRIPT = join(ROOT, "tests", "tools", "system-tools.sh");

function run(options: { present: readonly string[]; uid: number; aptInstalls?: boolean }) {
  const bin = mkdtempSync(join(tmpdir(), "system-tools-"));
  try {
    for (const tool of ["bash", "dirname", "mktemp", "cat", "rm"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const stub = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/usr/bin/bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    stub("id", `echo ${String(options.uid)}`);
    for (const command of options.present) stub(command, "exit 0");
    // A stand-in apt-get: records what it was asked and, when told to, "installs" the packages' commands.
    const installs = systemTools(ROOT)
      .filter((t) => t.source === "apt")
      .map(
        (t) =>
          `[[ " $* " == *" ${t.package} "* ]] && printf '#!/usr/bin/bash\\n' > "${bin}/${t.command}" && chmod +x "${bin}/${t.command}"`,
      )
      .join("\n");
    stub("chmod", '/usr/bin/chmod "$@"');
    stub("apt-get", `echo "$*" >> "${bin}/apt.log"\n${options.aptInstalls === true ? installs : ""}\ntrue`);
    const result = spawnSync("/usr/bin/bash", [SCRIPT], { env: { PATH: bin }, encoding: "utf8" });
    const apt = existsSync(join(bin, "apt.log")) ? readFileSync(join(bin, "apt.log"), "utf8").trim().split("\n") : [];
    return { status: result.status, stderr: result.stderr, apt };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

const everything = systemTools(ROOT).map((t) => t.command);

describe("the test suite's setup step (tests/tools/system-tools.sh)", () => {
  it("passes silently when every tool is there", () => {
    const result = run({ present: everything, uid: 1000 });
    assert.deepEqual([result.status, result.stderr, result.apt], [0, "", []]);
  });

  it("as root on Debian installs exactly the missing packages, then passes", function () {
    if (!readFileSync("/etc/os-release", "utf8").includes("debian")) this.skip();
    const result = run({
      present: everything.filter((c) => c !== "jq" && c !== "htpasswd"),
      uid: 0,
      aptInstalls: true,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.apt, ["update -qq", "install -y -qq --no-install-recommends apache2-utils jq"]);
  });

  it("not as root, stops before any test and prints the exact install commands", () => {
    const result = run({ present: ["openssl"], uid: 1000 });
    assert.equal(result.status, 1);
    assert.deepEqual(result.apt, []);
    assert.match(
      result.stderr,
      /need tools this machine does not have: docker-registry htpasswd shellcheck jq moto_server\. No test was run\./,
    );
    assert.match(
      result.stderr,
      /sudo apt-get install -y --no-install-recommends docker-registry apache2-utils shellcheck jq\n/,
    );
    assert.match(result.stderr, /pip install 'moto\[server\]==5\.2\.1'\n/);
  });

  it("fails when apt-get leaves a tool missing, naming it", function () {
    if (!readFileSync("/etc/os-release", "utf8").includes("debian")) this.skip();
    const result = run({ present: everything.filter((c) => c !== "shellcheck"), uid: 0, aptInstalls: false });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /does not have: shellcheck\./);
  });
});
