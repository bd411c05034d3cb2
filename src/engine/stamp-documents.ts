import type { FirstServed } from "../publish/first-served.js";
import { stampDocument } from "../publish/rendered-document.js";
import type { DocumentStamp } from "./served-documents.js";

/** Generations kept as registry versions: far more than can be in flight at once. */
const MAX_VERSIONS = 1024;

/**
 * Stamp documents with `firstServed`, each generation one version: a render of an older
 * snapshot that arrives after a newer one's is sent without Last-Modified, never an earlier one.
 */
export function stampWith(firstServed: FirstServed | undefined): DocumentStamp {
  if (!firstServed) return () => {};
  const versions = new Map<number, object>();
  const versionOf = (generation: number) => {
    let version = versions.get(generation);
    if (!version) {
      version = { generation };
      versions.set(generation, version);
      if (versions.size > MAX_VERSIONS) versions.delete(Math.min(...versions.keys()));
    }
    return version;
  };
  return (slot, doc, generation) => {
    // The 404 page has no Last-Modified: there is nothing there to have changed.
    if (slot === "not-found") return;
    stampDocument(doc, firstServed.stamp(slot, doc.etag, versionOf(generation)));
  };
}
