import type { Snapshot } from "../catalogue/snapshot.js";
import { storedArticle } from "../catalogue/stored-article.js";
import type { Config } from "../config.js";
import type { SourceStore } from "../content/source-store.js";
import type { CleanedHtml } from "../core/clean/clean-html.js";
import { renderBodyWithBudget, truncatedBodyWarning } from "../core/clean/render-body.js";
import type { Article, ContentWarning } from "../core/types.js";
import { mediaBaseUrl } from "../core/urls.js";
import { LruCache } from "../lib/lru-cache.js";
import type { SavedBody } from "../state/saved-state.js";

/** Cleaned article bodies, cached by path and used while the article's hash matches. */
export interface ArticleBodies {
  contentHtml(article: Article): string;
  adopt(bodies: Iterable<SavedBody>): void;
  truncated(snapshot: Snapshot): readonly ContentWarning[];
}

export function createArticleBodies(
  config: Config,
  store: SourceStore,
  options: {
    readonly bodyCacheBytes?: number;
    readonly onTruncated?: (warning: ContentWarning) => void;
  },
): ArticleBodies {
  const bodies = new LruCache<{ hash: string; html: string }>(
    options.bodyCacheBytes ?? 32 * 1024 * 1024,
    (entry) => entry.html.length * 2,
  );
  // Paths whose body, at this hash, was over the cleaning budget.
  const truncated = new Map<string, string>();

  function clean(article: Article): CleanedHtml {
    const parsed = storedArticle(store, article.path, article.hash);
    // The store holds every live version; this fallback only guards against a lost temp file.
    if (!parsed) return { html: "", truncated: false };
    return renderBodyWithBudget(parsed.body, article.bodyFormat, {
      baseUrl: mediaBaseUrl(config.site.baseUrl, article.path),
      title: article.title,
      junkSelectors: config.junkSelectors,
    });
  }

  function contentHtml(article: Article): string {
    const cached = bodies.get(article.path);
    if (cached?.hash === article.hash) return cached.html;
    const cleaned = clean(article);
    if (cleaned.truncated && truncated.get(article.path) !== article.hash) {
      truncated.set(article.path, article.hash);
      options.onTruncated?.(truncatedBodyWarning(article.path));
    } else if (!cleaned.truncated) truncated.delete(article.path);
    bodies.set(article.path, { hash: article.hash, html: cleaned.html });
    return cleaned.html;
  }

  return {
    contentHtml,
    adopt(saved) {
      for (const [path, hash, html] of saved) bodies.set(path, { hash, html });
    },
    truncated(snapshot) {
      const warnings: ContentWarning[] = [];
      for (const [path, hash] of truncated) {
        if (snapshot.catalogue.get(path)?.article?.hash === hash) {
          warnings.push(truncatedBodyWarning(path));
        }
      }
      return warnings;
    },
  };
}
