import { sha256Base64url } from "../lib/sha256.js";

/** Identity of a version of a file: the hash of its bytes, never its mtime. */
export function hashSource(bytes: Uint8Array): string {
  return sha256Base64url(bytes).slice(0, 22);
}
