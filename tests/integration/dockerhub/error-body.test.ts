/**
 * The error-body reader and the Retry-After reader are pure; these specs pin each body
 * shape and header form the reference documents, without a server.
 */
import assert from "node:assert/strict";
import { retryAfterMs } from "../../../providers/dockerhub/client/backoff";
import { summarizeErrorBody } from "../../../providers/dockerhub/client/error-body";

describe("Docker Hub client: reading error answers", () => {
  const cases: readonly (readonly [string, string, string, Record<string, string[]>])[] = [
    ["detail", '{"detail":"Not found."}', "Not found.", {}],
    ["message", '{"message":"repository is archived"}', "repository is archived", {}],
    [
      "detail and message",
      '{"detail":"Forbidden","message":"missing scope repo:admin"}',
      "Forbidden; missing scope repo:admin",
      {},
    ],
    [
      "errinfo",
      '{"message":"tag is immutable","errinfo":{"tag":"1.0.0"}}',
      "tag is immutable; tag=1.0.0",
      { tag: ["1.0.0"] },
    ],
    [
      "fields/text",
      '{"fields":{"name":["bad name"],"description":"too long"},"text":"invalid"}',
      "name: bad name; description: too long",
      { name: ["bad name"], description: ["too long"] },
    ],
    ["text only", '{"text":"Invalid ordering value"}', "Invalid ordering value", {}],
    ["unknown JSON", '{"error":true}', '{"error":true}', {}],
    ["HTML from a gateway", "<html>\n<h1>502 Bad Gateway</h1>\n</html>", "<html> <h1>502 Bad Gateway</h1> </html>", {}],
    ["empty", "", "(empty body)", {}],
  ];
  for (const [shape, body, answer, fields] of cases) {
    it(`summarises a ${shape} body`, () => {
      assert.deepEqual(summarizeErrorBody(body), { answer, fields });
    });
  }

  it("cuts a very long answer to 500 characters", () => {
    assert.equal(summarizeErrorBody(JSON.stringify({ detail: "x".repeat(2000) })).answer.length, 503);
  });

  const headers = (entries: Record<string, string>) => new Headers(entries);
  const now = Date.UTC(2026, 0, 1, 0, 0, 0, 400);

  it("reads Retry-After as seconds or as an HTTP date", () => {
    assert.equal(retryAfterMs(headers({ "retry-after": "7" }), now), 7000);
    assert.equal(retryAfterMs(headers({ "retry-after": new Date(now + 5600).toUTCString() }), now), 5600);
  });

  it("reads X-Retry-After as a unix time, never negative, and takes the longer of both", () => {
    assert.equal(retryAfterMs(headers({ "x-retry-after": String(Math.floor(now / 1000) + 3) }), now), 2600);
    assert.equal(retryAfterMs(headers({ "x-retry-after": "1000" }), now), 0);
    assert.equal(
      retryAfterMs(headers({ "retry-after": "1", "x-retry-after": String(Math.floor(now / 1000) + 10) }), now),
      9600,
    );
    assert.equal(retryAfterMs(headers({}), now), undefined);
  });
});
