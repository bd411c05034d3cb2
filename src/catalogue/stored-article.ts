import type { SourceStore } from "../content/source-store.js";
import { isContentError } from "../core/parse/content-error.js";
import { parseArticle } from "../core/parse/parse-article.js";
import type { ParsedArticle } from "../core/types.js";

/** A version parsed again from the store's copy of its source; undefined if the copy is gone. */
export function storedArticle(
  store: SourceStore,
  path: string,
  hash: string,
): ParsedArticle | undefined {
  const bytes = store.get(hash);
  const parsed = bytes ? parseArticle(path, bytes) : undefined;
  return parsed && !isContentError(parsed) ? parsed : undefined;
}
