import { feedPath } from "../core/feeds/feed-paths.js";
import type { ServingSite } from "../http/serving.js";
import { type DocumentKey, documentSlot } from "../publish/create-site.js";
import type { RenderedDocument } from "../publish/rendered-document.js";
import type { RenderReply, ToEngine } from "./engine-messages.js";
import type { EngineError } from "./engine-requests.js";
import { documentOf, type ServedDocuments } from "./served-documents.js";

/** Sends a request to the engine and waits for its reply. */
export type AskEngine = <T>(message: (id: number) => ToEngine) => Promise<T>;

/** Documents served from the copies held here; the engine is asked only for what it must render. */
export function servingSite(documents: ServedDocuments, ask: AskEngine): ServingSite {
  const inFlight = new Map<string, Promise<RenderedDocument | undefined>>();
  return {
    peek: (_state, path) => documents.peek(path),
    render(_state, key) {
      // One question per document at a time: a hundred readers of a new archive share it.
      const slot = documentSlot(key);
      const question = `${documents.generation}\0${slot}`;
      let answer = inFlight.get(question);
      if (!answer) {
        answer = render(documents, ask, key, slot).finally(() => inFlight.delete(question));
        inFlight.set(question, answer);
      }
      return answer;
    },
  };
}

async function render(
  documents: ServedDocuments,
  ask: AskEngine,
  key: DocumentKey,
  slot: string,
): Promise<RenderedDocument | undefined> {
  const hotPath =
    key.kind === "feed" && key.address.archive === null ? feedPath(key.address) : null;
  const hot = hotPath ? documents.peek(hotPath) : undefined;
  if (hot) return hot;
  const cached = documents.cached(slot);
  if (cached && cached.generation === documents.generation) return cached.doc;
  let reply: RenderReply;
  try {
    reply = await ask<RenderReply>((id) => ({
      type: "render",
      id,
      key,
      known: cached?.doc.etag ?? null,
    }));
  } catch (error) {
    // The engine is gone or failed this one: the last version held here is still right enough.
    if (cached) return cached.doc;
    throw Object.assign(error as EngineError, { status: 503 });
  }
  if (reply.result === "missing") return undefined;
  const doc =
    reply.result === "same" && cached
      ? cached.doc
      : reply.result === "doc"
        ? documentOf(reply.doc)
        : undefined;
  if (!doc) return render(documents, ask, key, slot);
  documents.keep(slot, reply.generation, doc, hotPath);
  return doc;
}
