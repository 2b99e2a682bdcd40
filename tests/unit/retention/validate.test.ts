import assert from "node:assert/strict";
import { validateLifecyclePolicy } from "../../../lib/retention";

const rule = (priority: number, selection: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  rulePriority: priority,
  selection,
  action: { type: "expire" },
  ...extra,
});
const count = { countType: "imageCountMoreThan", countNumber: 5 };
const paths = (policy: unknown) => validateLifecyclePolicy(policy).map((p) => p.path);

describe("retention: validateLifecyclePolicy", () => {
  it("accepts a valid policy", () => {
    assert.deepEqual(
      validateLifecyclePolicy({
        rules: [
          rule(1, { tagStatus: "tagged", tagPatternList: ["v*"], ...count }),
          rule(2, { tagStatus: "any", ...count }),
        ],
      }),
      [],
    );
  });

  it("rejects a missing or empty rules list", () => {
    assert.deepEqual(paths({}), ["rules"]);
    assert.deepEqual(paths({ rules: [] }), ["rules"]);
    assert.deepEqual(paths(null), [""]);
  });

  it("rejects duplicate and non-integer priorities", () => {
    const problems = validateLifecyclePolicy({
      rules: [
        rule(1, { tagStatus: "untagged", ...count }),
        rule(1, { tagStatus: "tagged", tagPrefixList: ["v"], ...count }),
        rule(1.5, { tagStatus: "tagged", tagPrefixList: ["w"], ...count }),
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ["rules[1].rulePriority", "rules[2].rulePriority"],
    );
    assert.match(problems[0]!.message, /already used by rules\[0\]/);
  });

  it("requires exactly one tag list on tagged rules and none on untagged or any rules", () => {
    assert.deepEqual(paths({ rules: [rule(1, { tagStatus: "tagged", ...count })] }), ["rules[0].selection"]);
    assert.deepEqual(
      paths({ rules: [rule(1, { tagStatus: "tagged", tagPrefixList: ["a"], tagPatternList: ["b*"], ...count })] }),
      ["rules[0].selection"],
    );
    assert.deepEqual(paths({ rules: [rule(1, { tagStatus: "untagged", tagPrefixList: ["a"], ...count })] }), [
      "rules[0].selection",
    ]);
    assert.deepEqual(paths({ rules: [rule(1, { tagStatus: "tagged", tagPatternList: [], ...count })] }), [
      "rules[0].selection.tagPatternList",
    ]);
  });

  it("limits a pattern to 4 wildcards", () => {
    assert.deepEqual(paths({ rules: [rule(1, { tagStatus: "tagged", tagPatternList: ["*a*b*c*d*"], ...count })] }), [
      "rules[0].selection.tagPatternList[0]",
    ]);
    assert.deepEqual(paths({ rules: [rule(1, { tagStatus: "tagged", tagPatternList: ["*a*b*c*"], ...count })] }), []);
  });

  it("ties countUnit to countType and requires a positive countNumber", () => {
    assert.deepEqual(
      paths({ rules: [rule(1, { tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 3 })] }),
      ["rules[0].selection.countUnit"],
    );
    assert.deepEqual(
      paths({
        rules: [rule(1, { tagStatus: "untagged", countType: "imageCountMoreThan", countUnit: "days", countNumber: 3 })],
      }),
      ["rules[0].selection.countUnit"],
    );
    assert.deepEqual(
      paths({ rules: [rule(1, { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 0 })] }),
      ["rules[0].selection.countNumber"],
    );
    assert.deepEqual(
      paths({
        rules: [rule(1, { tagStatus: "untagged", countType: "sinceImagePulled", countUnit: "days", countNumber: 3 })],
      }),
      ["rules[0].selection.countType"],
    );
  });

  it("allows one untagged rule and requires the any rule to come last", () => {
    assert.deepEqual(
      paths({
        rules: [
          rule(1, { tagStatus: "untagged", ...count }),
          rule(2, { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 9 }),
        ],
      }),
      ["rules"],
    );
    const problems = validateLifecyclePolicy({
      rules: [
        rule(5, { tagStatus: "any", ...count }),
        rule(9, { tagStatus: "tagged", tagPrefixList: ["v"], ...count }),
      ],
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /highest rulePriority/);
  });

  it("rejects nulls with the fix, unknown keys, and non-expire actions", () => {
    const nullProblem = validateLifecyclePolicy({
      rules: [rule(1, { tagStatus: "untagged", ...count }, { description: null })],
    });
    assert.deepEqual(
      nullProblem.map((p) => p.path),
      ["rules[0].description"],
    );
    assert.match(nullProblem[0]!.message, /omit the key/);
    assert.deepEqual(paths({ rules: [rule(1, { tagStatus: "untagged", ...count, storageClass: "archive" })] }), [
      "rules[0].selection.storageClass",
    ]);
    assert.deepEqual(
      paths({ rules: [rule(1, { tagStatus: "untagged", ...count }, { action: { type: "transition" } })] }),
      ["rules[0].action.type"],
    );
  });

  it("rejects two rules with the same tag list", () => {
    assert.deepEqual(
      paths({
        rules: [
          rule(1, { tagStatus: "tagged", tagPrefixList: ["a", "b"], ...count }),
          rule(2, { tagStatus: "tagged", tagPrefixList: ["b", "a"], ...count }),
        ],
      }),
      ["rules[1].selection.tagPrefixList"],
    );
  });

  it("rejects policy text over 30,720 characters", () => {
    const rules = Array.from({ length: 200 }, (_, i) =>
      rule(i + 1, { tagStatus: "tagged", tagPatternList: [`${"x".repeat(100)}-${i}*`], ...count }),
    );
    const problems = validateLifecyclePolicy({ rules });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /at most 30720/);
  });
});
