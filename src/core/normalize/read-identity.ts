import {
  describeValue,
  type FieldRead,
  fieldProblem,
  fieldValue,
  findField,
} from "../parse/read-field.js";
import { articleUrl } from "../urls.js";
import { ARTICLE_KEYS } from "./article-keys.js";
import { normalizeSlug, slugFromPath } from "./normalize-slug.js";
import { resolveSiteUrl } from "./resolve-http-url.js";

/** Where an article lives and what it is called for good: its slug, id and link. */
export interface ArticleIdentity {
  readonly slug: string;
  readonly id: string;
  readonly link: string;
}

/** What the ids and links are made from: config `site.baseUrl` and `site.idPrefix`. */
export interface IdentitySite {
  readonly baseUrl: string;
  readonly idPrefix: string | null;
}

/** The slug (front matter, else the file's path), the id built from it, and the link. */
export function readIdentity(
  data: Readonly<Record<string, unknown>>,
  path: string,
  site: IdentitySite,
): FieldRead<ArticleIdentity> {
  const slugField = findField(data, ARTICLE_KEYS.slug);
  const slug =
    slugField === undefined ? fieldValue(slugFromPath(path)) : normalizeSlug(slugField.value);
  if (!slug.ok) return slug;
  const link = readLink(data, site.baseUrl, slug.value);
  if (!link.ok) return link;
  return fieldValue({ slug: slug.value, id: articleId(site, slug.value), link: link.value });
}

/** From the slug, not `link`: permalinks change, and a new id shows as new (docs/contract.md). */
function articleId(site: IdentitySite, slug: string): string {
  if (site.idPrefix === null || site.idPrefix === "") return articleUrl(site.baseUrl, slug);
  // Percent-encoded as in `articleUrl`, so a slug with spaces still makes a valid IRI.
  return `${site.idPrefix}${slug.split("/").map(encodeURIComponent).join("/")}`;
}

function readLink(
  data: Readonly<Record<string, unknown>>,
  baseUrl: string,
  slug: string,
): FieldRead<string> {
  const field = findField(data, ARTICLE_KEYS.link);
  if (field === undefined) return fieldValue(articleUrl(baseUrl, slug));
  if (typeof field.value !== "string") {
    return fieldProblem(
      `The field "${field.key}" should be a URL, not ${describeValue(field.value)}.`,
    );
  }
  const url = resolveSiteUrl(field.value, baseUrl);
  if (url === undefined) {
    return fieldProblem(
      `The field "${field.key}" is neither an http(s) URL nor a path on the site.`,
    );
  }
  return fieldValue(url);
}
