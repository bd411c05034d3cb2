/** URL helpers shared by the pipeline, the renderers and the HTTP edge. */

/** What `encodeURIComponent` leaves as it is, plus the `/` between segments. */
const PATH_SAFE = /^[A-Za-z0-9\-_.!~*'()/]*$/;

/** Each `/`-separated segment percent-encoded; most paths need none, and are not split. */
function encodePath(path: string): string {
  return PATH_SAFE.test(path) ? path : path.split("/").map(encodeURIComponent).join("/");
}

/** `BASE_URL/articles/<slug>`: the page every item links to. Each slug segment is percent-encoded. */
export function articleUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/articles/${encodePath(slug)}`;
}

/**
 * The URL a relative reference in an article resolves against: the folder the source file sits
 * in, as served (media under the content folder is served at `BASE_URL/<path>`). So `![](a.png)`
 * beside `posts/x.md` means `BASE_URL/posts/a.png`, as it would on any static host.
 */
export function mediaBaseUrl(baseUrl: string, sourcePath: string): string {
  const slash = sourcePath.lastIndexOf("/");
  const folder = slash === -1 ? "" : sourcePath.slice(0, slash + 1);
  return `${baseUrl}/${encodePath(folder)}`;
}

/** Resolve `ref` against `base`; `undefined` when it is not a usable URL. */
export function resolveUrl(ref: string, base: string): string | undefined {
  try {
    return new URL(ref.trim(), base).href;
  } catch {
    return undefined;
  }
}

/**
 * A tag's URL slug: lower-case, URL-safe and stable, so `Node.js` and `node.js` are one tag.
 * Letters and digits of any script are kept (NFKC, lower-cased); every other run becomes `-`.
 */
export function tagSlug(tag: string): string {
  return tag
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/** A tag slug as requested, in the form `tagSlug` produces (NFKC, lower case); slugs are fixed points. */
export function canonicalTag(requested: string): string {
  return requested.normalize("NFKC").toLowerCase();
}
