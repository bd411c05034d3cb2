import {
  describeValue,
  type FieldRead,
  fieldProblem,
  fieldValue,
  findField,
} from "../parse/read-field.js";
import type { Author } from "../types.js";
import { ARTICLE_KEYS } from "./article-keys.js";
import { resolveHttpUrl } from "./resolve-http-url.js";

// npm's one-line person: `Ada Lovelace <ada@example.org> (https://ada.example)`.
const PERSON = /^([^<(]*?)\s*(?:<([^>]*)>)?\s*(?:\(([^)]*)\))?$/;

// An address usable in a `mailto:` URI and an RSS `<author>`: no spaces, brackets or quotes,
// one `@` with a dotted domain after it.
const EMAIL =
  /^[^\s@<>()[\]"',;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/** An article's frozen author list: its own authors, else `defaultAuthor`, else none. */
export function readAuthors(
  data: Readonly<Record<string, unknown>>,
  baseUrl: string,
  defaultAuthor: Author | undefined,
): FieldRead<readonly Author[]> {
  const fields = ARTICLE_KEYS.authors.flatMap((key) => findField(data, [key]) ?? []);
  const authors = normalizeAuthors(fields, baseUrl);
  if (!authors.ok) return authors;
  const defaults = defaultAuthor === undefined ? [] : [defaultAuthor];
  return fieldValue(Object.freeze(authors.value.length > 0 ? [...authors.value] : defaults));
}

/**
 * Authors from the `author` and `authors` fields, in that order: each a name, an npm-style
 * `Name <email> (url)` line, a mapping `{name, email, url}`, or a list of those. Emails without
 * `@` and non-http(s) URLs are dropped; duplicates (same name and email) collapse.
 */
export function normalizeAuthors(
  fields: readonly { readonly key: string; readonly value: unknown }[],
  baseUrl: string,
): FieldRead<readonly Author[]> {
  const authors: Author[] = [];
  const seen = new Set<string>();
  for (const { key, value } of fields) {
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (entry === null || entry === undefined) continue;
      const author = readAuthor(key, entry, baseUrl);
      if (!author.ok) return author;
      if (author.value === undefined) continue;
      const identity = `${author.value.name}\u0000${author.value.email ?? ""}`.toLowerCase();
      if (seen.has(identity)) continue;
      seen.add(identity);
      authors.push(author.value);
    }
  }
  return fieldValue(authors);
}

function readAuthor(key: string, entry: unknown, baseUrl: string): FieldRead<Author | undefined> {
  if (typeof entry === "string") {
    const match = PERSON.exec(entry.trim());
    if (match === null) return fieldValue(makeAuthor(entry, undefined, undefined, baseUrl));
    return fieldValue(makeAuthor(match[1] ?? "", match[2], match[3], baseUrl));
  }
  if (typeof entry === "object" && !Array.isArray(entry) && !(entry instanceof Date)) {
    const { name, email, url } = entry as Record<string, unknown>;
    if (typeof name !== "string" || name.trim() === "") {
      return fieldProblem(`An entry of "${key}" has no name.`);
    }
    return fieldValue(
      makeAuthor(
        name,
        typeof email === "string" ? email : undefined,
        typeof url === "string" ? url : undefined,
        baseUrl,
      ),
    );
  }
  return fieldProblem(
    `The field "${key}" should be a name, a mapping with a name, or a list of those, not ${describeValue(entry)}.`,
  );
}

function makeAuthor(
  rawName: string,
  rawEmail: string | undefined,
  rawUrl: string | undefined,
  baseUrl: string,
): Author | undefined {
  const name = rawName.replace(/\s+/g, " ").trim();
  if (name === "") return undefined;
  const email = rawEmail?.trim();
  const url = rawUrl === undefined ? undefined : resolveHttpUrl(rawUrl, `${baseUrl}/`);
  return Object.freeze({
    name,
    ...(email !== undefined && EMAIL.test(email) ? { email } : {}),
    ...(url !== undefined ? { url } : {}),
  });
}
