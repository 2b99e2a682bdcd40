import assert from "node:assert/strict";
import { ConfigError } from "../../../lib/config/problems";
import { DEFAULT_COMMIT_EMAIL, normalizeRepositorySettings } from "../../../lib/github";

describe("repository settings", () => {
  it("defaults: the test check, no CODEOWNERS, the noreply author, no pins", () => {
    assert.deepEqual(normalizeRepositorySettings(), {
      requiredStatusChecks: ["test"],
      codeowners: { manage: false, extraLines: [] },
      commitEmail: DEFAULT_COMMIT_EMAIL,
      pins: {},
    });
    assert.equal(DEFAULT_COMMIT_EMAIL, "release-infra@users.noreply.github.com");
  });

  it("keeps what the stack sets, including an empty check list", () => {
    const settings = normalizeRepositorySettings({
      requiredStatusChecks: [],
      codeowners: { manage: true, extraLines: ["* @demo-org/demo-maintainers"] },
      commitEmail: "bot@example.org",
      pins: { stable: "1.4.9", nightly: "1.5.0-nightly.20261128.ab12cd3" },
    });
    assert.deepEqual(settings.requiredStatusChecks, []);
    assert.deepEqual(settings.codeowners, { manage: true, extraLines: ["* @demo-org/demo-maintainers"] });
    assert.equal(settings.commitEmail, "bot@example.org");
    assert.deepEqual(settings.pins, { nightly: "1.5.0-nightly.20261128.ab12cd3", stable: "1.4.9" });
  });

  it("reports every problem at once, each with its config path", () => {
    assert.throws(
      () =>
        normalizeRepositorySettings({
          requiredStatusChecks: ["test", " ", "test"],
          codeowners: { manage: true, extraLines: ["a @x\nb @y"] },
          commitEmail: "not an email",
          pins: { beta: "v1.5.0-beta.2" },
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(
          err.problems.map((p) => p.path),
          [
            "release-infra:github.requiredStatusChecks[1]",
            "release-infra:github.requiredStatusChecks[2]",
            "release-infra:github.codeowners.extraLines[0]",
            "release-infra:github.commitEmail",
            "release-infra:channels.beta.pin",
          ],
        );
        assert.match(err.message, /"v1\.5\.0-beta\.2" is not a version; use the version of an existing beta image/);
        return true;
      },
    );
  });
});
