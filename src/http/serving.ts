import type { ScanReport } from "../catalogue/refresh.js";
import type { Health } from "../catalogue/service.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics/metrics.js";
import type { DocumentKey } from "../publish/create-site.js";
import type { RenderedDocument } from "../publish/rendered-document.js";

/** What the serving thread knows of the live snapshot. */
export interface LiveState {
  /** Which snapshot is live: documents of the same generation are served without asking. */
  readonly generation: number;
  readonly articles: number;
  /** Transcripts and chapters the live episodes name: path → the type announced. */
  readonly episodeFiles: ReadonlyMap<string, string>;
}

/** The service as the HTTP handlers see it: the engine runs elsewhere and reports here. */
export interface ServingService {
  current(): LiveState;
  health(): Health;
  /** A full rescan; resolves once its snapshot is live here. */
  rescan(trigger: "admin"): Promise<ScanReport>;
}

/** The documents as the HTTP handlers see them: precomputed bytes, or asked for. */
export interface ServingSite {
  /** The document for `key` as of `state`; waits for the engine only when it must render it. */
  render(state: LiveState, key: DocumentKey): Promise<RenderedDocument | undefined>;
  /** A subscription feed of `state` held here, by URL path, without any wait. */
  peek(state: LiveState, path: string): RenderedDocument | undefined;
}

/** What the Express application is made of. */
export interface AppDeps {
  readonly config: Config;
  readonly service: ServingService;
  readonly site: ServingSite;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** The clock Last-Modified times are checked against. */
  readonly now?: () => number;
}
