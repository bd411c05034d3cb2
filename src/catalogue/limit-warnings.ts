import type { ContentWarning } from "../core/types.js";
import type { Snapshot } from "./snapshot.js";

const LIMIT_CODES: ReadonlySet<ContentWarning["code"]> = new Set([
  "too-many-tags",
  "too-many-tag-feeds",
]);

/**
 * What a snapshot left out to stay within the configured limits, for `/healthz` and `check`.
 * Asks for the tag index (built once per snapshot) to know whether tags were dropped.
 */
export function limitWarnings(snapshot: Snapshot): ContentWarning[] {
  const warnings = snapshot.warnings.filter((warning) => LIMIT_CODES.has(warning.code));
  if (snapshot.tagWarning) warnings.unshift(snapshot.tagWarning);
  return warnings;
}
