// The worked examples of "Examples of lifecycle policies in Amazon ECR",
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
// Each test rebuilds the example repository ("Pushed: N days ago") and checks
// that the evaluator expires exactly the images the page says.
import assert from "node:assert/strict";
import { DAY_MS, evaluateLifecyclePolicy, type LifecyclePolicy, type RepositoryImage } from "../../../lib/retention";

const NOW = new Date("2026-11-28T12:00:00Z");
const image = (name: string, tags: string[], daysAgo: number, extraMs = 0): RepositoryImage => ({
  digest: name,
  tags,
  pushedAt: new Date(NOW.getTime() - daysAgo * DAY_MS - extraMs),
});
const expired = (policy: LifecyclePolicy, images: RepositoryImage[]) =>
  evaluateLifecyclePolicy(policy, images, NOW).expired.map((e) => e.digest);

describe("retention: ECR documentation examples", () => {
  it("filtering on image age: prod* images older than 14 days expire", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Expire images older than 14 days",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["prod*"],
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
          action: { type: "expire" },
        },
      ],
    };
    const images = [
      image("old-prod", ["prod-1"], 15),
      image("new-prod", ["prod-2"], 3),
      image("old-dev", ["dev-1"], 30),
      image("untagged", [], 30),
    ];
    assert.deepEqual(expired(policy, images), ["old-prod"]);
  });

  it("filtering on image count: only one untagged image is kept", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Keep only one untagged image, expire all others",
          selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    const images = [image("u1", [], 3), image("u2", [], 2), image("u3", [], 1), image("t", ["v1"], 5)];
    assert.deepEqual(expired(policy, images), ["u1", "u2"]);
  });

  const multiRepo = () => [
    image("A", ["beta-1", "prod-1"], 10),
    image("B", ["beta-2", "prod-2"], 9),
    image("C", ["beta-3"], 8),
  ];
  const keepOne = (priority: number, prefix: string) =>
    ({
      rulePriority: priority,
      description: `Rule ${priority}`,
      selection: { tagStatus: "tagged", tagPrefixList: [prefix], countType: "imageCountMoreThan", countNumber: 1 },
      action: { type: "expire" },
    }) as const;
  const keepOnePattern = (priority: number, pattern: string) =>
    ({
      rulePriority: priority,
      description: `Rule ${priority}`,
      selection: { tagStatus: "tagged", tagPatternList: [pattern], countType: "imageCountMoreThan", countNumber: 1 },
      action: { type: "expire" },
    }) as const;

  it("multiple rules, example A: prod rule first expires only image A (B is shielded by rule 1)", () => {
    assert.deepEqual(expired({ rules: [keepOne(1, "prod"), keepOne(2, "beta")] }, multiRepo()), ["A"]);
    assert.deepEqual(expired({ rules: [keepOnePattern(1, "prod*"), keepOnePattern(2, "beta*")] }, multiRepo()), ["A"]);
  });

  it("multiple rules, example B: beta rule first expires images A and B", () => {
    assert.deepEqual(expired({ rules: [keepOne(1, "beta"), keepOne(2, "prod")] }, multiRepo()), ["A", "B"]);
  });

  it("multiple tags in one rule, example A: only images with both alpha and beta tags older than 5 days expire", () => {
    const images = [
      image("A", ["alpha-1"], 12),
      image("B", ["beta-1"], 11),
      image("C", ["alpha-2", "beta-2"], 10),
      image("D", ["alpha-3"], 4),
      image("E", ["beta-3"], 3),
      image("F", ["alpha-4", "beta-4"], 2),
    ];
    const byPrefix: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: {
            tagStatus: "tagged",
            tagPrefixList: ["alpha", "beta"],
            countType: "sinceImagePushed",
            countNumber: 5,
            countUnit: "days",
          },
          action: { type: "expire" },
        },
      ],
    };
    const byPattern: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["alpha*", "beta*"],
            countType: "sinceImagePushed",
            countNumber: 5,
            countUnit: "days",
          },
          action: { type: "expire" },
        },
      ],
    };
    assert.deepEqual(expired(byPrefix, images), ["C"]);
    assert.deepEqual(expired(byPattern, images), ["C"]);
  });

  it("multiple tags in one rule, example B: tags are not exclusive, images A and B expire", () => {
    const images = [
      image("A", ["alpha-1", "beta-1", "gamma-1"], 10),
      image("B", ["alpha-2", "beta-2"], 9),
      image("C", ["alpha-3", "beta-3", "gamma-2"], 8),
    ];
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["alpha*", "beta*"],
            countType: "imageCountMoreThan",
            countNumber: 1,
          },
          action: { type: "expire" },
        },
      ],
    };
    assert.deepEqual(expired(policy, images), ["A", "B"]);
  });

  it("all images, example A: an any rule keeping one image expires A, B and C", () => {
    const images = [
      image("A", ["alpha-1"], 4),
      image("B", ["beta-1"], 3),
      image("C", [], 2),
      image("D", ["alpha-2"], 1),
    ];
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    assert.deepEqual(expired(policy, images), ["A", "B", "C"]);
  });

  it("all images, example B: tagged, untagged and any rules together expire A (rule 1), B (rule 2) and D (rule 3)", () => {
    // D and E are both "1 day ago"; the page keeps E (untagged, not older than
    // one day) and lets rule 3 expire D, so D is pushed a moment before E.
    const images = [
      image("A", ["alpha-1", "beta-1"], 4),
      image("B", [], 3),
      image("C", ["alpha-2"], 2),
      image("D", ["git hash"], 1, 60_000),
      image("E", [], 1),
    ];
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["alpha*"],
            countType: "imageCountMoreThan",
            countNumber: 1,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Rule 2",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
          action: { type: "expire" },
        },
        {
          rulePriority: 3,
          description: "Rule 3",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    const outcome = evaluateLifecyclePolicy(policy, images, NOW);
    assert.deepEqual(outcome.expired, [
      { digest: "A", rulePriority: 1 },
      { digest: "B", rulePriority: 2 },
      { digest: "D", rulePriority: 3 },
    ]);
    assert.deepEqual(outcome.kept, ["C", "E"]);
  });
});
