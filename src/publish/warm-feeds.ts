import type { Snapshot } from "../catalogue/snapshot.js";
import { type FeedAddress, feedPath } from "../core/feeds/feed-paths.js";
import type { Site } from "./create-site.js";
import type { RenderedDocument } from "./rendered-document.js";

/**
 * Render the subscription feeds of a new snapshot before it goes live; resolves when they can
 * be served (body and gzip), with each document by its URL path, and `complete` when their
 * brotli is there too.
 */
export async function warmFeeds(
  site: Site,
  snapshot: Snapshot,
): Promise<{ documents: [string, RenderedDocument][]; complete: Promise<void> }> {
  const addresses: FeedAddress[] = (["rss", "atom", "json"] as const).map((format) => ({
    format,
    tag: null,
    archive: null,
  }));
  const rendered = await Promise.all(
    addresses.map(async (address) => {
      const doc = await site.render(snapshot, { kind: "feed", address }, { servable: true });
      return doc ? ([feedPath(address), doc] as [string, RenderedDocument]) : undefined;
    }),
  );
  const documents = rendered.filter((entry) => entry !== undefined);
  return {
    documents,
    complete: Promise.all(documents.map(([, doc]) => doc.complete)).then(() => {}),
  };
}
