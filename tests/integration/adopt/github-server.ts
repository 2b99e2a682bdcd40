/**
 * A local HTTP server answering adopt's GitHub reads with the recorded
 * responses in fixtures/github (see its README for each file's documented
 * source), as GitHub does: Bearer auth, pages by `Link` header, 401 and 404
 * bodies in GitHub's shape.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

const FIXTURES = path.join(__dirname, "fixtures", "github");

/** Request (path and query, without per_page) -> fixture file, or pages of files. */
const ROUTES: Readonly<Record<string, string | readonly string[]>> = {
  "/orgs/demo-org/members?role=admin": "org-members-admin.json",
  "/orgs/demo-org/members?role=member": ["org-members-member-page1.json", "org-members-member-page2.json"],
  "/orgs/demo-org/teams": "teams.json",
  ...Object.fromEntries(
    ["demo-admins", "demo-release-managers", "website"].flatMap((slug) => [
      [`/orgs/demo-org/teams/${slug}/members?role=maintainer`, `team-${slug}-maintainers.json`],
      [`/orgs/demo-org/teams/${slug}/members?role=member`, `team-${slug}-members.json`],
    ]),
  ),
  "/repos/demo-org/demo/teams": "repo-teams.json",
  "/repos/demo-org/demo/environments": "environments.json",
  "/repos/demo-org/demo/environments/stable/deployment-branch-policies": "stable-branch-policies.json",
  "/repos/demo-org/demo/environments/stable/variables": "stable-variables.json",
  "/repos/demo-org/demo/environments/github-pages/variables": "github-pages-variables.json",
  "/repos/demo-org/demo/rulesets": "rulesets.json",
  "/repos/demo-org/demo/rulesets/42": "ruleset-42.json",
  "/repos/demo-org/demo/rulesets/77": "ruleset-77.json",
};

export const GITHUB_TEST_TOKEN = "ghp_adoptTestS3cretValue0123456789abcdef";

export interface GitHubServer {
  readonly url: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** Starts the server on 127.0.0.1; only `token` is accepted. */
export async function startGitHubServer(token = GITHUB_TEST_TOKEN): Promise<GitHubServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
      return;
    }
    const page = Number(url.searchParams.get("page") ?? "1");
    url.searchParams.delete("page");
    url.searchParams.delete("per_page");
    const key = `${url.pathname}${url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : ""}`;
    const route = ROUTES[key];
    const files = route === undefined ? [] : typeof route === "string" ? [route] : route;
    const file = files[page - 1];
    if (req.method !== "GET" || file === undefined) {
      send(res, 404, {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest",
        status: "404",
      });
      return;
    }
    const headers: Record<string, string> = {};
    if (page < files.length) {
      const next = new URL(`http://${req.headers.host ?? ""}${req.url ?? ""}`);
      next.searchParams.set("page", String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    send(res, 200, JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")), headers);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
