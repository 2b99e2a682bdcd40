import assert from "node:assert/strict";
import { parseDescribeImages } from "../../../lib/retention";
import { UserError } from "../../../lib/errors";

const D1 = `sha256:${"a".repeat(64)}`;
const D2 = `sha256:${"b".repeat(64)}`;

describe("retention: parseDescribeImages", () => {
  it("reads digests, tags, media types and both timestamp forms", () => {
    const images = parseDescribeImages({
      imageDetails: [
        {
          imageDigest: D1,
          imageTags: ["1.5.0", "latest"],
          imagePushedAt: "2026-11-28T03:17:00+00:00",
          imageManifestMediaType: "application/vnd.oci.image.index.v1+json",
        },
        { imageDigest: D2, imagePushedAt: 1764299820.5 },
      ],
    });
    assert.deepEqual(images, [
      {
        digest: D1,
        tags: ["1.5.0", "latest"],
        pushedAt: new Date("2026-11-28T03:17:00Z"),
        mediaType: "application/vnd.oci.image.index.v1+json",
      },
      { digest: D2, tags: [], pushedAt: new Date(1764299820500) },
    ]);
  });

  it("names the path of each malformed field", () => {
    const field = (doc: unknown) => {
      try {
        parseDescribeImages(doc);
      } catch (e) {
        assert.ok(e instanceof UserError);
        return e.path;
      }
      return "no error";
    };
    assert.equal(field("a string"), "imageDetails");
    // Epoch seconds past what a Date holds are no time at all.
    assert.equal(field({ imageDetails: [{ imageDigest: D1, imagePushedAt: 1e20 }] }), "imageDetails[0].imagePushedAt");
    assert.equal(field({ images: [] }), "imageDetails");
    assert.equal(field({ imageDetails: [{ imageDigest: "abc", imagePushedAt: 1 }] }), "imageDetails[0].imageDigest");
    assert.equal(
      field({ imageDetails: [{ imageDigest: D1, imageTags: "latest", imagePushedAt: 1 }] }),
      "imageDetails[0].imageTags",
    );
    assert.equal(
      field({ imageDetails: [{ imageDigest: D1, imagePushedAt: "2026-11-28 03:17" }] }),
      "imageDetails[0].imagePushedAt",
    );
    assert.equal(
      field({ imageDetails: [{ imageDigest: D1, imagePushedAt: "2026-11-28T03:17:00" }] }),
      "imageDetails[0].imagePushedAt",
    );
    assert.equal(
      field({
        imageDetails: [
          { imageDigest: D1, imagePushedAt: 1 },
          { imageDigest: D1, imagePushedAt: 2 },
        ],
      }),
      "imageDetails[1].imageDigest",
    );
  });
});
