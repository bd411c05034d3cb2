import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildSite } from "../src/build-static.js";
import { createContentDir } from "./helpers/content-dir.js";
import { testConfig } from "./helpers/test-server.js";

const BASE = Date.UTC(2026, 1, 1) / 1000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const PAST = new Date("2026-01-01T00:00:00Z");

/** Set every listed file's mtime to PAST, so a rewrite shows as a newer mtime. */
function age(files: readonly string[]): void {
  for (const file of files) utimesSync(file, PAST, PAST);
}
const isOld = (file: string) => statSync(file).mtimeMs === PAST.getTime();

describe("feedmill build", () => {
  it("rewrites a file only when its bytes change, and removes files of documents gone", async () => {
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    const out = mkdtempSync(join(tmpdir(), "feedmill-build-"));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    for (let i = 1; i <= 4; i++) {
      dir.article(`post-${i}.txt`, {
        title: `Post ${i}`,
        date: BASE + i * 3600,
        keywords: i < 3 ? "old" : "new",
      });
    }
    dir.write("media/photo.png", "png bytes");
    const config = testConfig({ contentDir: dir.root, feedLimit: 2 });
    await buildSite(config, out);
    const files = {
      rss: join(out, "rss.xml"),
      rssGzip: join(out, "rss.xml.gz"),
      archive: join(out, "archive/1/rss.xml"),
      oldTag: join(out, "tags/old/rss.xml"),
      page: join(out, "articles/post-1.html"),
    };
    age(Object.values(files));
    // A media copy keeps its source's mtime: its inode change time shows a second copy.
    const photo = join(out, "media/photo.png");
    const copied = statSync(photo).ctimeMs;

    await buildSite(config, out);
    for (const [name, file] of Object.entries(files)) expect(isOld(file), name).toBe(true);
    expect(statSync(photo).ctimeMs).toBe(copied);

    dir.article("post-5.txt", { title: "Post 5", date: BASE + 5 * 3600, keywords: "new" });
    dir.remove("post-1.txt");
    await buildSite(config, out);
    expect(isOld(files.rss)).toBe(false);
    expect(isOld(files.rssGzip)).toBe(false);
    expect(statSync(photo).ctimeMs).toBe(copied);
    expect(existsSync(files.page)).toBe(false);
    // The old tag lost an article; the archive block of posts 2–3 is new bytes too.
    expect(isOld(files.oldTag)).toBe(false);
  });
});
