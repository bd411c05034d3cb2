import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const CHROMIUM = "/usr/bin/chromium";
const CONTENT = resolve(__dirname, "../../content");
const SHOTS = resolve(__dirname, "../../test-results");

let server: TestServer;
let browser: Browser;

// The flags keep Chromium off the network: this machine has none, and it must not try.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe.skipIf(!existsSync(CHROMIUM))("in a real browser", () => {
  beforeAll(async () => {
    server = await startTestServer({ contentDir: CONTENT });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Open a page, collecting console errors and failed requests to our own origin. */
  async function open(path: string) {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const problems: string[] = [];
    page.on("console", (msg) => {
      // Sample articles point at images on other hosts; this machine has no network for them.
      const source = msg.location().url;
      if (source && !source.startsWith(server.url) && !source.startsWith("http://feeds.test"))
        return;
      if (msg.type() === "error") problems.push(`console: ${msg.text()} (${source})`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (req) => {
      if (req.url().startsWith(server.url)) problems.push(`failed: ${req.url()}`);
    });
    // Links are written with BASE_URL; route them to the test server.
    await page.route("http://feeds.test/**", (route) =>
      route.continue({ url: route.request().url().replace("http://feeds.test", server.url) }),
    );
    const response = await page.goto(server.url + path, { waitUntil: "load" });
    return { page, problems, response };
  }

  it("renders the index with discoverable feeds and no console errors", async () => {
    const { page, problems, response } = await open("/");
    expect(response?.status()).toBe(200);
    const alternates = await page.$$eval('link[rel="alternate"]', (links) =>
      links.map((l) => ({ type: l.getAttribute("type"), href: l.getAttribute("href") })),
    );
    expect(alternates.map((a) => a.type)).toEqual(
      expect.arrayContaining([
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
      ]),
    );
    expect(await page.locator("h1").count()).toBeGreaterThan(0);
    expect(await page.locator("main a[href*='/articles/']").count()).toBeGreaterThan(3);
    expect(problems).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(resolve(SHOTS, "index.png"), shot);
    // A PNG of a real layout: the signature and more than a blank page's worth of bytes.
    expect(shot.subarray(1, 4).toString()).toBe("PNG");
    expect(shot.length).toBeGreaterThan(20_000);
    await page.close();
  });

  it("follows every article link from the index to a rendered page", async () => {
    const { page, problems } = await open("/");
    const hrefs = await page.$$eval("main a[href*='/articles/']", (links) => [
      ...new Set(links.map((l) => l.getAttribute("href") ?? "")),
    ]);
    for (const href of hrefs) {
      const target = await browser.newPage();
      const response = await target.goto(href.replace("http://feeds.test", server.url));
      expect(response?.status(), href).toBe(200);
      expect(await target.locator("article h1").count(), href).toBe(1);
      await target.close();
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("plays nothing and runs no script on an article page (CSP holds)", async () => {
    const { page, problems } = await open("/");
    const first = await page.$eval(
      "main a[href*='/articles/']",
      (l) => l.getAttribute("href") ?? "",
    );
    const article = await open(first.replace("http://feeds.test", ""));
    const scripts = await article.page.locator("script").count();
    expect(scripts).toBe(0);
    expect([...problems, ...article.problems]).toEqual([]);
    const shot = await article.page.screenshot({ fullPage: false });
    writeFileSync(resolve(SHOTS, "article.png"), shot);
    await page.close();
    await article.page.close();
  });
});
