/**
 * The naive reference in a fresh process: what a first script would do. Read every file,
 * gray-matter it, keep everything, sort by date, and build an RSS of the newest 20 with the
 * `feed` package. No cleaning, sanitising or Markdown rendering. Prints one JSON line.
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Feed } from "feed";
import matter from "gray-matter";

const [root] = process.argv.slice(2) as [string];

interface Post {
  readonly path: string;
  readonly title: string;
  readonly date: Date;
  readonly description: string;
  readonly content: string;
}

function toDate(value: unknown): Date {
  if (typeof value === "number") return new Date(value * 1000);
  if (value instanceof Date) return value;
  return new Date(String(value));
}

const started = performance.now();
const posts: Post[] = [];
const pending = [root];
while (pending.length > 0) {
  const dir = pending.pop() as string;
  const entries: Dirent[] = readdirSync(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      pending.push(path);
      continue;
    }
    // An options object keeps gray-matter from caching every input in a global.
    const { data, content } = matter(readFileSync(path, "utf8"), {});
    posts.push({
      path,
      title: String(data.title ?? entry.name).trim(),
      date: toDate(data.date),
      description: String(data.description ?? data.excerpt ?? "").trim(),
      content,
    });
  }
}
posts.sort((a, b) => b.date.getTime() - a.date.getTime());
const feed = new Feed({
  title: "bench",
  id: "http://127.0.0.1/",
  link: "http://127.0.0.1/",
  copyright: "bench",
  updated: posts[0]?.date ?? new Date(0),
});
for (const post of posts.slice(0, 20)) {
  feed.addItem({
    title: post.title,
    id: post.path,
    link: `http://127.0.0.1/${post.path}`,
    date: post.date,
    description: post.description,
    content: post.content,
  });
}
const rss = feed.rss2();
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    files: posts.length,
    rssBytes: Buffer.byteLength(rss),
    ms,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
