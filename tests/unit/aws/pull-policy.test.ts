import assert from "node:assert/strict";
import { checkIamPolicy, crossAccountPullPolicy } from "../../../lib/aws";
import { UserError } from "../../../lib/errors";

describe("aws: cross-account pull policy", () => {
  it("lets the named accounts' roots pull, sorted and de-duplicated, and nothing else", () => {
    assert.deepEqual(crossAccountPullPolicy({ accountIds: ["444455556666", "222233334444", "444455556666"] }), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CrossAccountPull",
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::222233334444:root", "arn:aws:iam::444455556666:root"] },
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        },
      ],
    });
  });

  it("passes the checker", () => {
    assert.deepEqual(checkIamPolicy(crossAccountPullPolicy({ accountIds: ["222233334444"] }), "repository"), []);
  });

  it("uses the given partition", () => {
    const doc = crossAccountPullPolicy({ accountIds: ["222233334444"], partition: "aws-cn" });
    assert.deepEqual(doc.Statement[0]?.Principal, { AWS: ["arn:aws-cn:iam::222233334444:root"] });
  });

  it("refuses an empty list and malformed account ids, naming the entry", () => {
    assert.throws(() => crossAccountPullPolicy({ accountIds: [] }), UserError);
    for (const bad of ["*", "12345678901", "1234567890123", "22223333444a"]) {
      assert.throws(
        () => crossAccountPullPolicy({ accountIds: ["222233334444", bad] }),
        (e: unknown) => e instanceof UserError && e.path === "crossAccountPullPolicy.accountIds[1]",
        bad,
      );
    }
  });
});
