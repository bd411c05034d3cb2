import type { ContentError, ContentErrorCode } from "../types.js";

/** Build a frozen `ContentError`; `line` is 1-based in the source file. */
export function contentError(
  path: string,
  code: ContentErrorCode,
  reason: string,
  line?: number,
): ContentError {
  return Object.freeze(line === undefined ? { path, code, reason } : { path, code, reason, line });
}

/** True for a `ContentError` value (parse and normalise return these instead of throwing). */
export function isContentError(value: unknown): value is ContentError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<ContentError>;
  return (
    typeof candidate.code === "string" &&
    typeof candidate.reason === "string" &&
    typeof candidate.path === "string" &&
    !("data" in candidate)
  );
}
