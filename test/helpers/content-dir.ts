import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Front matter of a test article, written in the seed format (`--- ` delimiters, folded title). */
export interface ArticleSpec {
  readonly title?: string;
  /** Epoch seconds, as the real files carry them. */
  readonly date?: number | string;
  readonly keywords?: string;
  readonly description?: string;
  readonly body?: string;
  /** Extra raw YAML lines. */
  readonly extra?: readonly string[];
}

/** Render an article file the way the scraped seed articles look (trailing spaces included). */
export function articleText(spec: ArticleSpec): string {
  const lines = ["--- ", "extends: _layouts.post ", "section: content "];
  if (spec.title !== undefined) lines.push("title: > ", `  ${spec.title} `);
  if (spec.description !== undefined) lines.push("description: > ", `  ${spec.description} `);
  if (spec.keywords !== undefined) lines.push("keywords: > ", `  ${spec.keywords} `);
  if (spec.date !== undefined) lines.push(`date: ${spec.date} `);
  lines.push(...(spec.extra ?? []), "--- ");
  return `${lines.join("\n")}\n${spec.body ?? "<div><p>Body text of the article.</p></div>"}`;
}

/** A temporary content folder; `remove()` when done. */
export function createContentDir() {
  const root = mkdtempSync(join(tmpdir(), "feedmill-test-"));
  return {
    root,
    write(path: string, content: string | Uint8Array): string {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    article(path: string, spec: ArticleSpec): string {
      return this.write(path, articleText(spec));
    },
    remove(path: string): void {
      rmSync(join(root, path), { recursive: true, force: true });
    },
    cleanup(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type ContentDir = ReturnType<typeof createContentDir>;
