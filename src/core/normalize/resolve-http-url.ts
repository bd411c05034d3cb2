import { resolveUrl } from "../urls.js";

/**
 * Resolve a front matter URL against `base` and keep it only if it is http(s): `javascript:`,
 * `data:`, `file:` and friends never reach a feed.
 */
export function resolveHttpUrl(ref: string, base: string): string | undefined {
  const url = resolveUrl(ref, base);
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * Resolve a link written relative to the site: `/posts/x` and `posts/x` both land under
 * `baseUrl`, keeping its path, as static site generators treat permalinks. A site served at
 * `https://example.org/blog` must not lose `/blog` to URL resolution rules.
 */
export function resolveSiteUrl(ref: string, baseUrl: string): string | undefined {
  const trimmed = ref.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("//")) {
    return resolveHttpUrl(trimmed, `${baseUrl}/`);
  }
  return resolveHttpUrl(trimmed.replace(/^\/+/, ""), `${baseUrl}/`);
}
