import { describeValue, type FieldRead, fieldProblem, fieldValue } from "../parse/read-field.js";

/** The source path without its extension: `2024/hello-world.md` → `2024/hello-world`. */
export function slugFromPath(path: string): string {
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  // A leading dot is a hidden file's name, not an extension.
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

/**
 * A front matter `slug`: trimmed, outer slashes and empty segments dropped. `..`/`.` segments
 * and control characters are refused: the slug becomes a URL path under `/articles/`.
 */
export function normalizeSlug(value: unknown): FieldRead<string> {
  if (typeof value !== "string" && typeof value !== "number") {
    return fieldProblem(`The field "slug" should be text, not ${describeValue(value)}.`);
  }
  const raw = String(value).trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  if (/[\u0000-\u001F\u007F]/.test(raw)) {
    return fieldProblem('The field "slug" contains control characters.');
  }
  const segments = raw.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === ".." || segment === ".")) {
    return fieldProblem('The field "slug" may not contain "." or ".." segments.');
  }
  if (segments.length === 0) return fieldProblem('The field "slug" is empty.');
  return fieldValue(segments.join("/"));
}
