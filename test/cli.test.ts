import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { childEnv } from "./helpers/child-env.js";
import { createContentDir } from "./helpers/content-dir.js";
import { makePng } from "./helpers/make-png.js";
import { startTestServer } from "./helpers/test-server.js";

const CLI = resolve(__dirname, "../dist/cli.js");
const CONTENT = resolve(__dirname, "../content");
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    env: childEnv({ LOG_LEVEL: "silent", ...env }),
    encoding: "utf8",
    timeout: 60_000,
  });

const out = mkdtempSync(join(tmpdir(), "feedmill-build-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("feedmill check", () => {
  it("passes the bundled content", () => {
    const result = run(["check"], { CONTENT_DIR: CONTENT });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  it("prints one line per bad file and exits 1", () => {
    const dir = createContentDir();
    try {
      dir.article("good.txt", { title: "Good", date: 1_700_000_000 });
      dir.write("broken.md", "---\ntitle: [unclosed\n---\nbody");
      dir.write("latin1.txt", Buffer.from("---\ntitle: caf\xe9\n---\n", "latin1"));
      const result = run(["check"], { CONTENT_DIR: dir.root });
      expect(result.status).toBe(1);
      const lines = result.stdout.trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^broken\.md(:\d+)?: bad-yaml: /);
      expect(lines[1]).toMatch(/^latin1\.txt: invalid-utf8: /);
    } finally {
      dir.cleanup();
    }
  });
  it("prints what a tag limit left out as warnings, without failing", () => {
    const dir = createContentDir();
    try {
      dir.article("many.txt", { title: "Many", date: 1_700_000_000, keywords: "a, b, c" });
      dir.write("limits.json", JSON.stringify({ maxTagsPerArticle: 2, maxTagFeeds: 1 }));
      const result = run(["check"], {
        CONTENT_DIR: dir.root,
        CONFIG_FILE: join(dir.root, "limits.json"),
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^\.: warning: too-many-tag-feeds: 2 tags; the 1 most used/m);
      expect(result.stderr).toMatch(/^many\.txt: warning: too-many-tags: 3 tags; the first 2/m);
    } finally {
      dir.cleanup();
    }
  });
});

describe("feedmill check on a podcast", () => {
  it("prints one line per break of Apple's rules and exits 1", () => {
    const dir = createContentDir();
    try {
      dir.write("media/cover.png", makePng(600, 600));
      dir.write("ep.mp3", Buffer.alloc(1000, 1));
      const episode = (title: string, date: number, extra: string) =>
        `---\ntitle: ${title}\ndate: ${date}\nenclosure: {url: ep.mp3, type: audio/mpeg}\n${extra}---\nNotes.\n`;
      dir.write("a.md", episode("One", 1_700_000_000, ""));
      dir.write("b.md", episode("Two", 1_700_000_100, ""));
      dir.write("maybe.md", episode("Three", 1_700_000_200, "explicit: maybe\n"));
      const config = join(dir.root, "..", `${basename(dir.root)}.json`);
      writeFileSync(
        config,
        JSON.stringify({ podcast: { category: "Tecnology", image: "/media/cover.png" } }),
      );
      try {
        const result = run(["check"], { CONTENT_DIR: dir.root, CONFIG_FILE: config });
        expect(result.status).toBe(1);
        const lines = result.stdout.trim().split("\n").sort();
        expect(lines).toHaveLength(4);
        expect(lines[0]).toMatch(
          /^b\.md: podcast-enclosure: The enclosure .*ep\.mp3 is a\.md's too\.$/,
        );
        expect(lines[1]).toMatch(
          /^maybe\.md: bad-field: The field "explicit" should be true or false/,
        );
        expect(lines[2]).toMatch(/^media\/cover\.png: podcast-artwork: The artwork is 600×600 px/);
        expect(lines[3]).toMatch(/^podcast\.category: podcast-category: "Tecnology" is not one/);
      } finally {
        rmSync(config, { force: true });
      }
    } finally {
      dir.cleanup();
    }
  });

  it("notes, without failing, an artwork it cannot fetch", () => {
    const dir = createContentDir();
    try {
      dir.write("ep.mp3", Buffer.alloc(1000, 1));
      dir.write("a.md", "---\ntitle: One\ndate: 1700000000\nenclosure: ep.mp3\n---\nNotes.\n");
      const config = join(dir.root, "..", `${basename(dir.root)}.json`);
      writeFileSync(config, JSON.stringify({ podcast: { image: "https://cdn.example/c.png" } }));
      try {
        const result = run(["check"], { CONTENT_DIR: dir.root, CONFIG_FILE: config });
        expect(result.stdout).toBe("");
        expect(result.stderr).toMatch(/^podcast\.image: note: podcast-artwork: .*not checked/m);
        expect(result.status).toBe(0);
      } finally {
        rmSync(config, { force: true });
      }
    } finally {
      dir.cleanup();
    }
  });
});

describe("feedmill build", () => {
  it("writes every document byte-identical to what serve sends", async () => {
    const result = run(["build", "--out", out], {
      CONTENT_DIR: CONTENT,
      BASE_URL: "http://feeds.test",
    });
    expect(result.status, result.stderr).toBe(0);
    // The build's configuration: the default schedule, so the same polling interval.
    const server = await startTestServer({ contentDir: CONTENT, scanCron: "* * * * *" });
    try {
      const paths = ["/rss.xml", "/atom.xml", "/feed.json", "/feeds.opml", "/tags/rss/rss.xml"];
      for (const path of paths) {
        const served = Buffer.from(await (await fetch(server.url + path)).arrayBuffer());
        expect(readFileSync(join(out, path)).equals(served), path).toBe(true);
      }
      const index = Buffer.from(await (await fetch(`${server.url}/`)).arrayBuffer());
      expect(readFileSync(join(out, "index.html")).equals(index)).toBe(true);
      const articles = readdirSync(join(out, "articles"), { recursive: true }).filter((f) =>
        String(f).endsWith(".html"),
      );
      expect(articles.length).toBe(10);
      for (const file of articles) {
        const slug = String(file).replace(/\.html$/, "");
        const served = Buffer.from(
          await (await fetch(`${server.url}/articles/${slug}`)).arrayBuffer(),
        );
        expect(readFileSync(join(out, "articles", String(file))).equals(served), slug).toBe(true);
      }
    } finally {
      await server.stop();
    }
  });

  it("copies media and never the article sources or private files", () => {
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files).toContain("episodes/feedmill-001.mp3");
    expect(files).toContain("media/podcast-cover.png");
    // The episode's transcript and chapters, which only an episode naming them publishes.
    expect(files).toContain("episodes/feedmill-001.vtt");
    expect(files).toContain("episodes/feedmill-001.chapters.json");
    expect(files).not.toContain("notes.json");
    expect(files.filter((f) => /\.(txt|md)$/.test(f))).toEqual([]);
  });

  it("writes precompressed siblings", () => {
    const files = readdirSync(out).map(String);
    expect(files).toEqual(expect.arrayContaining(["rss.xml.gz", "rss.xml.br"]));
  });
});

describe("feedmill --help", () => {
  it.each([[["--help"]], [["build", "--help"]], [["check", "--help"]], [["serve", "--help"]]])(
    "answers %j",
    (args) => {
      const result = run(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("Usage: feedmill");
    },
  );
});
