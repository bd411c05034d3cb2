import type { Health } from "../catalogue/service.js";
import type { LiveState } from "../http/serving.js";
import type { LoopDelay } from "../metrics/loop-delay.js";
import type { Metrics } from "../metrics/metrics.js";
import type { FromEngine, ScanMetric } from "./engine-messages.js";
import type { ServedDocuments } from "./served-documents.js";

/** What the engine reports, as the serving thread last heard it: live documents, health, delay. */
export class EngineView {
  readonly #documents: ServedDocuments;
  readonly #metrics: Metrics | undefined;
  #health: Health | null = null;
  #staged: Extract<FromEngine, { type: "live" }> | null = null;
  #loopDelay: LoopDelay | null = null;
  #episodeFiles: ReadonlyMap<string, string> = new Map();

  constructor(documents: ServedDocuments, metrics: Metrics | undefined) {
    this.#documents = documents;
    this.#metrics = metrics;
  }

  take(message: FromEngine): void {
    switch (message.type) {
      case "live":
        // Goes live with the health that follows it, so the new feeds and their scan's report
        // are seen together.
        this.#staged = message;
        break;
      case "complete":
        this.#documents.complete(message.generation, message.documents);
        break;
      case "health":
        if (this.#staged) {
          this.#documents.goLive(this.#staged.generation, this.#staged.documents);
          this.#episodeFiles = new Map(this.#staged.episodeFiles);
        }
        this.#staged = null;
        this.#health = message.health;
        break;
      case "metric":
        if (this.#metrics) applyMetric(this.#metrics, message.metric);
        break;
      case "loop-delay":
        this.#loopDelay = message.delay;
        break;
      default:
        break;
    }
  }

  current(): LiveState {
    return {
      generation: this.#documents.generation,
      articles: this.#health?.articles ?? 0,
      episodeFiles: this.#episodeFiles,
    };
  }

  health(): Health {
    return this.#health ?? emptyHealth();
  }

  /** A scan failed outside the engine's own report (its restart did); none before any health. */
  degrade(scanError: string): void {
    if (this.#health) this.#health = { ...this.#health, status: "degraded", scanError };
  }

  /** The engine's event-loop delay over its last window, once it has reported one. */
  loopDelay(): LoopDelay | null {
    return this.#loopDelay;
  }
}

function emptyHealth(): Health {
  return {
    status: "degraded",
    articles: 0,
    lastScan: null,
    scanError: null,
    errors: [],
    warnings: [],
  };
}

function applyMetric(metrics: Metrics, metric: ScanMetric): void {
  switch (metric.name) {
    case "scanDuration":
      metrics.scanDuration.observe(metric.value);
      break;
    case "scans":
      metrics.scans.inc({ result: metric.value });
      break;
    case "articles":
    case "fileErrors":
      metrics[metric.name].set(metric.value);
      break;
  }
}
