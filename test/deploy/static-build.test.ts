import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagSlug } from "../../src/core/urls.js";
import {
  type RawResponse,
  rawRequest,
  startTestServer,
  type TestServer,
} from "../helpers/test-server.js";
import {
  freePort,
  HAS_NGINX,
  type RunningNginx,
  readDeployConfig,
  renderConfig,
  startNginx,
} from "./start-nginx.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CONTENT = join(ROOT, "content");
const BASE_URL = "http://feeds.test";
const CLI = join(ROOT, "dist/cli.js");

/** The headers both servers must agree on; validators are compared separately. */
const SAME_HEADERS = [
  "content-type",
  "content-encoding",
  "cache-control",
  "vary",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "x-content-type-options",
  "content-security-policy",
] as const;

interface JsonFeed {
  readonly icon?: string;
  readonly items: readonly {
    readonly url: string;
    readonly tags?: readonly string[];
    readonly attachments?: readonly { readonly url: string }[];
  }[];
}

/** A local path from an absolute URL under BASE_URL. */
const pathOf = (url: string) => {
  expect(url.startsWith(`${BASE_URL}/`)).toBe(true);
  return url.slice(BASE_URL.length);
};

describe.skipIf(!HAS_NGINX)("feedmill build served by deploy/nginx/feedmill-static.conf", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let server: TestServer;
  let nginx: RunningNginx;
  // URLs of this content's documents, read from its JSON feed, so the test follows the content.
  const paths = new Map<string, string>();

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
    const out = mkdtempSync(join(tmpdir(), "feedmill-static-"));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    // Run as root, nginx's workers drop to `nobody`: they must be able to read the build.
    chmodSync(out, 0o755);
    const { CONFIG_FILE: _ignored, ...env } = process.env;
    await promisify(execFile)(process.execPath, [CLI, "build", "--out", out], {
      cwd: ROOT,
      env: { ...env, CONTENT_DIR: CONTENT, BASE_URL, LOG_LEVEL: "silent" },
    });

    // The build's configuration: the default schedule, so the same polling interval.
    server = await startTestServer({
      contentDir: CONTENT,
      baseUrl: BASE_URL,
      scanCron: "* * * * *",
    });
    cleanups.push(() => server.stop());
    const port = await freePort();
    nginx = await startNginx(
      renderConfig(readDeployConfig("feedmill-static.conf"), { port, root: out }),
      port,
    );
    cleanups.push(() => nginx.stop());

    const feed = JSON.parse((await rawRequest(`${server.url}/feed.json`)).body.toString());
    const { items, icon } = feed as JsonFeed;
    const nested = items.find((item) => pathOf(item.url).split("/").length > 3);
    const tagged = items.find((item) => item.tags?.length);
    const episode = items.find((item) => item.attachments?.length);
    paths.set("an article page", pathOf(items[0]?.url ?? ""));
    paths.set("an article page in a folder", pathOf(nested?.url ?? ""));
    paths.set("a tag page", `/tags/${tagSlug(tagged?.tags?.[0] ?? "")}/`);
    paths.set("a tag page without its slash", `/tags/${tagSlug(tagged?.tags?.[0] ?? "")}`);
    paths.set("a tag feed", `/tags/${tagSlug(tagged?.tags?.[0] ?? "")}/atom.xml`);
    paths.set("an image", pathOf(icon ?? ""));
    paths.set("an episode", pathOf(episode?.attachments?.[0]?.url ?? ""));
  });

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function both(path: string, headers: Record<string, string> = {}) {
    const [fromFeedmill, fromNginx] = await Promise.all([
      rawRequest(server.url + path, { headers }),
      rawRequest(nginx.url + path, { headers }),
    ]);
    return { fromFeedmill, fromNginx };
  }

  function expectSame(a: RawResponse, b: RawResponse) {
    expect(b.status).toBe(a.status);
    expect(b.body.equals(a.body)).toBe(true);
    for (const name of SAME_HEADERS)
      expect([name, b.headers[name]]).toEqual([name, a.headers[name]]);
  }

  const fixed: [string, string][] = [
    ["the RSS feed", "/rss.xml"],
    ["the Atom feed", "/atom.xml"],
    ["the JSON feed", "/feed.json"],
    ["the index", "/"],
    ["the OPML list", "/feeds.opml"],
  ];
  const derived = [
    "an article page",
    "an article page in a folder",
    "a tag page",
    "a tag page without its slash",
    "a tag feed",
    "an image",
    "an episode",
  ];

  describe.each([
    ["uncompressed", {}],
    ["with gzip_static", { "Accept-Encoding": "gzip" }],
  ])("%s", (_name, headers: Record<string, string>) => {
    it.each(fixed)("serves %s (%s) as feedmill does", async (_what, path) => {
      const { fromFeedmill, fromNginx } = await both(path, headers);
      expect(fromFeedmill.status).toBe(200);
      expectSame(fromFeedmill, fromNginx);
      expect(fromNginx.headers["content-encoding"]).toBe(headers["Accept-Encoding"]);
      // Validators differ (nginx: mtime and size) but both servers send one.
      expect(fromFeedmill.headers.etag).toBeDefined();
      expect(fromNginx.headers.etag).toBeDefined();
    });

    it.each(derived)("serves %s as feedmill does", async (what) => {
      const path = paths.get(what) as string;
      const { fromFeedmill, fromNginx } = await both(path, headers);
      expect(fromFeedmill.status).toBe(200);
      expectSame(fromFeedmill, fromNginx);
      expect(fromFeedmill.headers.etag).toBeDefined();
      expect(fromNginx.headers.etag).toBeDefined();
    });

    it("answers an unknown path with the same 404 page", async () => {
      const { fromFeedmill, fromNginx } = await both("/no/such/page", headers);
      expect(fromFeedmill.status).toBe(404);
      expectSame(fromFeedmill, fromNginx);
    });
  });

  it("sends the same bytes for a Range request on an episode", async () => {
    const path = paths.get("an episode") as string;
    const { fromFeedmill, fromNginx } = await both(path, { Range: "bytes=100-1099" });
    expect(fromFeedmill.status).toBe(206);
    expect(fromNginx.status).toBe(206);
    expect(fromNginx.headers["content-range"]).toBe(fromFeedmill.headers["content-range"]);
    expect(fromNginx.body.equals(fromFeedmill.body)).toBe(true);
  });

  it("answers If-None-Match with its own ETag with 304", async () => {
    const first = await rawRequest(`${nginx.url}/rss.xml`);
    const again = await rawRequest(`${nginx.url}/rss.xml`, {
      headers: { "If-None-Match": first.headers.etag as string },
    });
    expect(again.status).toBe(304);
  });

  it("does not serve the precompressed siblings as URLs of their own", async () => {
    const res = await rawRequest(`${nginx.url}/rss.xml.gz`);
    expect(res.status).toBe(404);
  });
});
